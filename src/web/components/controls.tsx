/** Organisation, window and service pickers, and the theme toggle. Plain form controls. */
import type { Organization, Service } from '../api-client/types.js';
import { WINDOW_DAYS, type ViewState, type WindowDays } from '../app/view-state.js';

interface Props {
  state: ViewState;
  orgs: readonly Organization[];
  services: readonly Service[] | null;
  onChange: (next: Partial<ViewState>) => void;
}

export function Controls({ state, orgs, services, onChange }: Props) {
  return (
    <div className="controls" role="group" aria-label="View">
      {services !== null && orgs.length > 1 && (
        <label>Organisation{' '}
          <select value={state.org ?? ''} onChange={(e) => onChange({ org: e.target.value, service: null })}>
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </label>
      )}
      <label>Window{' '}
        <select value={state.days} onChange={(e) => onChange({ days: Number(e.target.value) as WindowDays })}>
          {WINDOW_DAYS.map((d) => <option key={d} value={d}>last {d} days</option>)}
        </select>
      </label>
      {services !== null && (
        <label>Service{' '}
          <select value={state.service ?? ''} onChange={(e) => onChange({ service: e.target.value || null })}>
            <option value="">all services</option>
            {services.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
          </select>
        </label>
      )}
    </div>
  );
}
