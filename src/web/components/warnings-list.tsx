/** The report's data-quality warnings: what may make a number less trustworthy. */
import type { Report } from '../api-client/types.js';

export function WarningsList({ report }: { report: Report }) {
  return (
    <section className="card" aria-labelledby="warnings-title">
      <h2 id="warnings-title">Data quality</h2>
      {report.warnings.length === 0 ? (
        <p className="muted">No data-quality warnings for this window.</p>
      ) : (
        <ul className="warnings">
          {report.warnings.map((w) => (
            <li key={w.code}>
              {w.message} <span className="muted">({w.count}, {w.code})</span>
              {w.examples.length > 0 && <div className="muted small">e.g. {w.examples.join(', ')}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
