/**
 * Organisation, window (30, 90, 180 days or custom dates), time zone and service pickers.
 * Plain form controls, so the keyboard and screen readers work without extra code.
 */
import type { Organization, Service } from '../api-client/types.js';
import { WINDOW_DAYS, windows, type ViewState, type WindowDays } from '../app/view-state.js';

interface Props {
  state: ViewState;
  orgs: readonly Organization[];
  services: readonly Service[] | null;
  onChange: (next: Partial<ViewState>) => void;
}

const COMMON_ZONES = ['UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Chicago',
  'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney'];

/** The IANA names the browser knows (the server accepts the same names). */
function timeZones(current: string | null): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : COMMON_ZONES;
  const set = new Set(['UTC', ...all]);
  if (current !== null) set.add(current);
  return [...set];
}

export function Controls({ state, orgs, services, onChange }: Props) {
  const custom = state.since !== null;
  const { current } = windows(state, Date.now());
  const onWindow = (value: string): void => {
    if (value === 'custom') onChange({ since: current.since, until: current.until });
    else onChange({ days: Number(value) as WindowDays, since: null });
  };
  const onDate = (which: 'since' | 'until', value: string): void => {
    const next = { since: current.since, until: current.until, [which]: value };
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && next.since < next.until) onChange(next);
  };
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
        <select value={custom ? 'custom' : state.days} onChange={(e) => onWindow(e.target.value)}>
          {WINDOW_DAYS.map((d) => <option key={d} value={d}>last {d} days</option>)}
          <option value="custom">custom dates</option>
        </select>
      </label>
      {custom && (
        <>
          <label>From{' '}
            <input type="date" value={current.since} max={current.until} onChange={(e) => onDate('since', e.target.value)} />
          </label>
          <label>Until (excluded){' '}
            <input type="date" value={current.until} min={current.since} onChange={(e) => onDate('until', e.target.value)} />
          </label>
        </>
      )}
      <label>Time zone{' '}
        <select value={state.tz ?? 'UTC'} onChange={(e) => onChange({ tz: e.target.value === 'UTC' ? null : e.target.value })}>
          {timeZones(state.tz).map((z) => <option key={z} value={z}>{z}</option>)}
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
