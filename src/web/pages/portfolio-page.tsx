/** The portfolio: one row per organisation the session may see, same metrics and window. */
import type { Organization } from '../api-client/types.js';
import { viewStateUrl, windows, type ViewState } from '../app/view-state.js';
import { Controls } from '../components/controls.js';
import { METRICS } from '../components/metric-defs.js';
import { useReports } from '../hooks/use-api.js';

interface Props {
  state: ViewState;
  orgs: readonly Organization[];
  onChange: (next: Partial<ViewState>) => void;
}

export function PortfolioPage({ state, orgs, onChange }: Props) {
  const { current } = windows(state, Date.now());
  const reports = useReports(orgs.map((o) => o.id), current);
  return (
    <main>
      <div className="page-head">
        <h1>Portfolio</h1>
        <p className="muted">{orgs.length} organisations, {current.since} to {current.until} (until excluded)</p>
      </div>
      <Controls state={state} orgs={orgs} services={null} onChange={onChange} />
      <div className="table-wrap">
        <table className="portfolio" data-testid="portfolio">
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              {METRICS.map((m) => <th key={m.key} scope="col">{m.title}</th>)}
            </tr>
          </thead>
          <tbody>
            {orgs.map((o, i) => {
              const q = reports[i];
              const r = q?.data;
              const href = viewStateUrl({ ...state, page: 'overview', org: o.id, service: null });
              return (
                <tr key={o.id} data-org={o.id}>
                  <th scope="row">
                    <a href={href} onClick={(e) => { e.preventDefault(); onChange({ page: 'overview', org: o.id, service: null }); }}>
                      {o.name}
                    </a>
                  </th>
                  {METRICS.map((m) => {
                    const level = r === undefined ? null : m.level(r);
                    return (
                      <td key={m.key}>
                        {r === undefined ? (q?.error ? 'error' : '…') : m.format(m.value(r))}
                        {level !== null && <span className={`level level-${level}`}> {level}</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </main>
  );
}
