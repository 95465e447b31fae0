/**
 * The Business page: the board report of `panorama report --format board` for one organisation
 * and window (90 days, a quarter, by default): the business tiles (incident cost, SLOs, debt
 * interest, unplanned work), the DORA KPIs with levels and trends, the rule-based narrative
 * with its evidence, and the report's sections. Every money figure opens its formula and inputs.
 * Without business parameters it says so and shows the config keys instead of zeros.
 */
import type { Organization } from '../api-client/types.js';
import { windows, type ViewState } from '../app/view-state.js';
import { BusinessNarrative } from '../components/business-narrative.js';
import { BusinessSection } from '../components/business-sections.js';
import { BusinessSetup } from '../components/business-setup.js';
import { BusinessTiles, KpiTiles } from '../components/business-tiles.js';
import '../components/business.css';
import { Controls } from '../components/controls.js';
import { QueryState } from '../components/query-state.js';
import { useBusiness } from '../hooks/use-business.js';

interface Props {
  state: ViewState;
  orgs: readonly Organization[];
  onChange: (next: Partial<ViewState>) => void;
}

export function BusinessPage({ state, orgs, onChange }: Props) {
  const org = state.org ?? orgs[0]?.id ?? null;
  const { current } = windows(state, Date.now());
  const business = useBusiness(org, current);
  const orgName = orgs.find((o) => o.id === org)?.name ?? org ?? '';
  return (
    <main className="business">
      <div className="page-head">
        <h1>{orgName}: business</h1>
        <p className="muted">
          {current.since} to {current.until} (until excluded), {business.data?.page.timezone ?? state.tz ?? 'UTC'}
          {business.data !== undefined && `, in ${business.data.page.business.currency}`}
        </p>
      </div>
      <div className="biz-controls">
        {orgs.length > 1 && (
          <label>Organisation{' '}
            <select value={org ?? ''} onChange={(e) => onChange({ org: e.target.value, service: null })}>
              {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </label>
        )}
        <Controls state={{ ...state, org }} orgs={orgs} services={null} onChange={onChange} />
      </div>
      <QueryState query={business} what="the business page">
        {(answer) => {
          const { page, view, configured } = answer;
          const priced = configured.revenue || configured.engineering_cost;
          return (
            <>
              <BusinessSetup answer={answer} orgName={orgName} />
              <BusinessTiles view={view} page={page} showMoney={priced} />
              <BusinessNarrative page={page} view={view} />
              <KpiTiles page={page} />
              {view.sections
                .filter((s) => s.heading !== 'Delivery (DORA)')
                .map((s) => <BusinessSection key={s.heading} section={s} page={page} priced={priced} />)}
              <p className="small muted">
                The same page prints with <code>panorama report --format board</code>; generated {page.business.generated_at.replace('T', ' ').slice(0, 16)} UTC.
              </p>
            </>
          );
        }}
      </QueryState>
    </main>
  );
}
