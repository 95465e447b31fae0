/**
 * The Business page's headline tiles: the board report's four business tiles (incident cost,
 * services meeting their SLO, debt interest, unplanned work; the same strings as the report)
 * with "how is this computed" under each money figure, then the DORA KPIs with their benchmark
 * level and change against the previous window.
 */
import type { BoardPage, BoardView, BusinessReport, Money } from '../api-client/business-types.js';
import { MoneyHow } from './business-money.js';

/** The money figure behind a board tile, by its label (board-view.ts names them). */
function moneyOf(label: string, b: BusinessReport): Money | null {
  if (label.startsWith('Incident cost')) return b.incidents.total_cost;
  if (label.startsWith('Debt interest')) return b.debt.open_items > 0 ? b.debt.interest_per_month : null;
  return null;
}

const TESTIDS: ReadonlyArray<[string, string]> = [
  ['Incident cost', 'incident-cost'],
  ['Services meeting', 'slo'],
  ['Debt interest', 'debt-interest'],
  ['Unplanned', 'unplanned'],
];

function testId(label: string): string {
  return TESTIDS.find(([prefix]) => label.startsWith(prefix))?.[1] ?? 'other';
}

export function BusinessTiles({ view, page, showMoney }: { view: BoardView; page: BoardPage; showMoney: boolean }) {
  // Without revenue or engineering cost the money tiles would only say "not configured": the
  // page explains that once instead.
  const tiles = showMoney ? view.tiles : view.tiles.filter((t) => !t.label.startsWith('Incident cost') && !t.label.startsWith('Debt interest'));
  return (
    <div className="biz-tiles">
      {tiles.map((t) => {
        const money = moneyOf(t.label, page.business);
        const id = testId(t.label);
        return (
          <div key={t.label} className={`biz-tile tone-${t.tone}`} data-tile={id}>
            <span className="tile-title">{t.label}</span>
            <span className="tile-value" data-testid={`biz-${id}`}>{t.value}</span>
            <span className="tile-detail">{t.sub}</span>
            {money !== null && <MoneyHow money={money} testId={`how-${id}`} />}
            {id === 'slo' && <SloLines page={page} />}
          </div>
        );
      })}
    </div>
  );
}

/** Under the SLO tile: each service's availability against its target and the budget left. */
function SloLines({ page }: { page: BoardPage }) {
  const slos = page.business.availability.filter((a) => a.current.slo_target !== null);
  const shown = slos.slice(0, 4);
  return (
    <ul className="slo-lines">
      {shown.map((a) => {
        const c = a.current;
        const left = c.budget_remaining;
        return (
          <li key={a.service} data-service={a.service}>
            <strong>{a.service}</strong> {c.availability === null ? '—' : `${(c.availability * 100).toFixed(2)}%`} of {c.slo_target}%
            {' · '}<span className={left !== null && left < 0.25 ? 'worse' : undefined}>
              {left === null ? 'no error budget figure' : `error budget left ${Math.round(left * 1000) / 10}%`}
            </span>
          </li>
        );
      })}
      {slos.length > shown.length && <li>and {slos.length - shown.length} more below</li>}
    </ul>
  );
}

export function KpiTiles({ page }: { page: BoardPage }) {
  return (
    <section className="card" aria-labelledby="kpi-title">
      <h2 id="kpi-title">Delivery (DORA), against {page.period.previous}</h2>
      <div className="kpi-tiles">
        {page.kpis.map((k) => (
          <div key={k.label} className="kpi-tile">
            <span className="tile-title">{k.label}</span>
            <span className="kpi-value">{k.value}</span>
            {k.level !== null ? <span className={`level level-${k.level.toLowerCase()}`}>{k.level}</span> : <span className="level level-none">no benchmark level</span>}
            <span className={`tile-change${k.tone === 'better' ? ' better' : k.tone === 'worse' ? ' worse' : ''}`}>
              {k.delta === '—' ? `no figure for ${page.period.previous}` : `${k.delta} vs ${page.period.previous}`}
            </span>
            <span className="tile-detail">{k.detail}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
