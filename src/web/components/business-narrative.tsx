/**
 * The board report's narrative: sentences derived from the numbers by explicit rules
 * (src/reporting/board/narrative.ts), each with a button that opens its evidence in place: the
 * rule, the metric's previous and current values and the records behind it. The evidence keeps
 * the board report's anchor as its id, so `#org-acme-claim-2` opens and scrolls to it.
 */
import { useEffect, useState } from 'react';
import type { BoardPage, BoardView, ClaimEvidence } from '../api-client/business-types.js';

function value(v: number | null, unit: ClaimEvidence['unit'], currency: string): string {
  if (v === null) return '—';
  switch (unit) {
    case 'money': return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(v);
    case 'ratio': return `${(v * 100).toFixed(2)}%`;
    case 'seconds': return `${(v / 3_600).toFixed(1)} h`;
    case 'per_week': return `${v.toFixed(2)} a week`;
    case 'hours_per_month': return `${v} h a month`;
    case 'burn_rate': return `${v.toFixed(2)}x`;
  }
}

export function BusinessNarrative({ page, view }: { page: BoardPage; view: BoardView }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(window.location.hash ? [window.location.hash.slice(1)] : []));
  useEffect(() => {
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    target?.scrollIntoView({ block: 'center' });
  }, []);
  const toggle = (anchor: string): void => {
    const next = new Set(open);
    if (next.has(anchor)) next.delete(anchor);
    else next.add(anchor);
    setOpen(next);
  };
  const currency = page.business.currency;
  return (
    <section className="card" aria-labelledby="narrative-title">
      <h2 id="narrative-title">What the numbers say</h2>
      {view.claims.length === 0 ? (
        <p className="muted">No rule fired: no trend moved past its threshold, no SLO missed, no incident or debt with a known cost.</p>
      ) : (
        <ol className="claims">
          {view.claims.map((c, i) => {
            const claim = page.narrative[i];
            const isOpen = open.has(c.evidence);
            return (
              <li key={c.evidence} className={`claim tone-${c.tone}`} data-rule={claim?.rule}>
                <p className="claim-text">{c.text}</p>
                <button type="button" className="claim-toggle" aria-expanded={isOpen} aria-controls={c.evidence}
                  onClick={() => toggle(c.evidence)}>
                  {isOpen ? 'Hide evidence' : 'Evidence'}
                </button>
                <div id={c.evidence} className="claim-evidence" hidden={!isOpen} role="region" aria-label={`Evidence of claim ${i + 1}`}>
                  {claim !== undefined && (
                    <dl className="evidence-figures">
                      <div><dt>Rule</dt><dd><code>{claim.rule}</code></dd></div>
                      <div><dt>Metric</dt><dd><code>{claim.evidence.metric}</code></dd></div>
                      <div><dt>Previous</dt><dd>{value(claim.evidence.previous, claim.evidence.unit, currency)}</dd></div>
                      <div><dt>Current</dt><dd>{value(claim.evidence.current, claim.evidence.unit, currency)}</dd></div>
                      {Object.entries(claim.evidence.detail ?? {}).map(([k, v]) => (
                        <div key={k}><dt>{k.replaceAll('_', ' ')}</dt><dd>{v ?? '—'}</dd></div>
                      ))}
                    </dl>
                  )}
                  {claim !== undefined && claim.evidence.record_count > 0 ? (
                    <p className="small">
                      Records ({claim.evidence.record_count}):{' '}
                      {claim.evidence.record_ids.map((id, j) => <span key={id}>{j > 0 && ', '}<code>{id}</code></span>)}
                      {claim.evidence.record_count > claim.evidence.record_ids.length && ', …'}
                    </p>
                  ) : (
                    <p className="small muted">No individual record behind this figure.</p>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
