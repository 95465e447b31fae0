/**
 * The board report's sections on the Business page: incidents with the cost of each, availability
 * against the SLO with the error budget left, unplanned work, technical debt and the
 * parameters. The text and tables are the report's own strings (the server's board view), so
 * page and report always agree; every money figure adds its "how is this computed".
 */
import type { ReactNode } from 'react';
import type { BoardPage, BoardView, Money } from '../api-client/business-types.js';
import { MoneyHow } from './business-money.js';

type Section = BoardView['sections'][number];

interface Extras {
  /** Money figures of the section's text, each with its formula. */
  money: Array<{ label: string; money: Money; testId: string }>;
  /** A cell to draw instead of the text one (a cost with its formula). */
  cell?: (row: number, column: string, text: string) => ReactNode | null;
}

/** What a section adds to the report's strings, by its heading (board-view.ts names them). */
function extrasOf(section: Section, page: BoardPage): Extras {
  const b = page.business;
  if (section.heading.startsWith('Incidents')) {
    return {
      money: [
        { label: `Incident cost ${page.period.current}`, money: b.incidents.total_cost, testId: 'incidents-total' },
        { label: `Incident cost ${page.period.previous}`, money: b.incidents_previous.total_cost, testId: 'incidents-previous' },
      ],
      cell: (row, column, text) => {
        const cost = b.incidents.per_incident[row]?.cost;
        return column === 'Calculation' && cost !== undefined ? <MoneyHow money={cost} summary={text} /> : null;
      },
    };
  }
  if (section.heading === 'Unplanned work') {
    return { money: [{ label: 'Incident response per month', money: b.unplanned.incident_response_cost_per_month, testId: 'response-cost' }] };
  }
  if (section.heading === 'Technical debt' && b.debt.open_items > 0) {
    return {
      money: [
        { label: 'Interest per month', money: b.debt.interest_per_month, testId: 'debt-interest-total' },
        { label: 'Principal (paying it all off)', money: b.debt.principal, testId: 'debt-principal' },
      ],
      cell: (row, column, text) => {
        const interest = b.debt.items[row]?.interest_per_month;
        return column === 'Interest / month' && interest !== undefined ? <MoneyHow money={interest} summary={text} /> : null;
      },
    };
  }
  return { money: [] };
}

function slug(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** `priced`: revenue or engineering cost configured; without, the text's "not configured" says it all. */
export function BusinessSection({ section, page, priced }: { section: Section; page: BoardPage; priced: boolean }) {
  const extras = extrasOf(section, page);
  const money = priced ? extras.money : [];
  const cell = extras.cell;
  const id = `section-${slug(section.heading)}`;
  const t = section.table;
  return (
    <section className="card biz-section" aria-labelledby={id} data-section={slug(section.heading)}>
      <h2 id={id}>{section.heading}</h2>
      {section.lines.map((line) => <p key={line}>{line}</p>)}
      {money.length > 0 && (
        <ul className="money-list">
          {money.map((m) => (
            <li key={m.label}>
              <span>{m.label}: </span>
              <MoneyHow money={m.money} testId={`how-${m.testId}`}
                summary={m.money.calculation ?? `not computed (${(m.money.reason ?? 'unknown').replaceAll('-', ' ')})`} />
            </li>
          ))}
        </ul>
      )}
      {t !== null && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>{t.columns.map((c, j) => <th key={c} scope="col" className={t.numeric.includes(j) ? 'num' : undefined}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {t.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((text, j) => {
                    const column = t.columns[j] ?? '';
                    return <td key={j} className={t.numeric.includes(j) ? 'num' : undefined}>{cell?.(i, column, text) ?? text}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {section.notes.map((n) => <p key={n} className="small muted">{n}</p>)}
    </section>
  );
}
