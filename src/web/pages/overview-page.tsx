/** The organisation overview: five DORA tiles, their evidence, where changes wait, warnings. */
import { useState } from 'react';
import type { Organization } from '../api-client/types.js';
import { windows, type ViewState } from '../app/view-state.js';
import { Controls } from '../components/controls.js';
import { EvidencePanel } from '../components/evidence-panel.js';
import { LeadTimeBreakdown } from '../components/lead-time-breakdown.js';
import { METRICS, type MetricKey } from '../components/metric-defs.js';
import { MetricTile } from '../components/metric-tile.js';
import { PLAIN_WORDS } from '../components/plain-words.js';
import { WarningsList } from '../components/warnings-list.js';
import { QueryState } from '../components/query-state.js';
import { useReport, useServices } from '../hooks/use-api.js';

interface Props {
  state: ViewState;
  orgs: readonly Organization[];
  onChange: (next: Partial<ViewState>) => void;
  dark: boolean;
}

export function OverviewPage({ state, orgs, onChange, dark }: Props) {
  const org = state.org ?? orgs[0]?.id ?? null;
  const { current, previous } = windows(state, Date.now());
  const report = useReport(org, current, state.service, true);
  const before = useReport(org, previous, state.service, false);
  const services = useServices(org);
  const [selected, setSelected] = useState<MetricKey | null>(null);
  const def = METRICS.find((m) => m.key === selected);
  const orgName = orgs.find((o) => o.id === org)?.name ?? org ?? '';

  return (
    <main>
      <div className="page-head">
        <h1>{orgName}{state.service !== null ? ` · ${state.service}` : ''}</h1>
        <p className="muted">
          {current.since} to {current.until} (until excluded){report.data ? `, ${report.data.timezone}` : ''}
        </p>
      </div>
      <Controls state={{ ...state, org }} orgs={orgs} services={services.data ?? []} onChange={onChange} />
      <QueryState query={report} what="the report">
        {(r) => (
          <>
            <div className="tiles">
              {METRICS.map((m) => (
                <MetricTile key={m.key} def={m} report={r} previous={before.data} days={state.days}
                  selected={selected === m.key} onSelect={() => setSelected(selected === m.key ? null : m.key)} />
              ))}
            </div>
            <p className="muted small">
              * Levels: {r.benchmarks.levels.source}, {r.benchmarks.levels.year}.
            </p>
            {def !== undefined ? (
              <EvidencePanel def={def} report={r} onClose={() => setSelected(null)} />
            ) : (
              <p className="muted hint">Select a tile to see what it means and the records behind it.</p>
            )}
            <div className="columns">
              <LeadTimeBreakdown report={r} dark={dark} />
              <WarningsList report={r} />
            </div>
            <section className="card" aria-labelledby="words-title">
              <h2 id="words-title">In plain words</h2>
              <dl className="plain-words compact">
                {METRICS.map((m) => (
                  <div key={m.key}>
                    <dt>{m.title}</dt>
                    <dd>{PLAIN_WORDS[m.key].means} Good: {PLAIN_WORDS[m.key].good}</dd>
                  </div>
                ))}
              </dl>
            </section>
          </>
        )}
      </QueryState>
    </main>
  );
}
