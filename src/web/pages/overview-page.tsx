/**
 * The organisation overview, or with `?service=` the service view: five DORA tiles and their
 * evidence, where changes wait week by week, the deployment timeline, incidents, warnings and,
 * for a service, the lead-time distribution.
 *
 * Loading order keeps the first paint fast on a large organisation: the tiles come from the
 * report without evidence lists; the previous window's report (for the change), the report
 * with evidence (tens of MB for a big organisation) and the record lists load after it.
 */
import { useState } from 'react';
import type { Organization, RestoredIncident } from '../api-client/types.js';
import { viewStateUrl, windowLength, windows, type ViewState } from '../app/view-state.js';
import { Controls } from '../components/controls.js';
import { DeploymentTimeline } from '../components/deployment-timeline.js';
import { EvidencePanel } from '../components/evidence-panel.js';
import { IncidentsList } from '../components/incidents-list.js';
import { LeadTimeBreakdown } from '../components/lead-time-breakdown.js';
import { LeadTimeHistogram } from '../components/lead-time-histogram.js';
import { METRICS, type MetricKey } from '../components/metric-defs.js';
import { MetricTile } from '../components/metric-tile.js';
import { PLAIN_WORDS } from '../components/plain-words.js';
import { QueryState } from '../components/query-state.js';
import { buildSourceLinks } from '../components/source-links.js';
import { WarningsList } from '../components/warnings-list.js';
import { useEvidenceList, useRecords, useReport, useRepositories, useServices } from '../hooks/use-api.js';

interface Props {
  state: ViewState;
  orgs: readonly Organization[];
  onChange: (next: Partial<ViewState>) => void;
  dark: boolean;
}

const DAY_MS = 86_400_000;

export function OverviewPage({ state, orgs, onChange, dark }: Props) {
  const org = state.org ?? orgs[0]?.id ?? null;
  const { current, previous } = windows(state, Date.now());
  const days = windowLength(state);
  const report = useReport(org, current, state.service, false);
  // The previous window waits for the current one: on a cold server cache both would compete
  // for the same server, and the tiles need only the current one.
  const before = useReport(org, previous, state.service, false, report.isSuccess);
  const [selected, setSelected] = useState<MetricKey | null>(null);
  // The report with every evidence list (34 MB for 90 days of 1M commits) only when a tile's
  // evidence or the service's distribution needs it; the incidents need one short list.
  const full = useReport(org, current, state.service, true, report.isSuccess && (selected !== null || state.service !== null));
  const restored = useEvidenceList<RestoredIncident>(org, current, state.service, 'time_to_restore_service.per_incident', report.isSuccess);
  const services = useServices(org);
  const repositories = useRepositories(org);
  const win = report.data?.window;
  const scope: Record<string, string> = state.service === null ? {} : { service: state.service };
  const inWindow: Record<string, string> | null = win === undefined ? null : { from: win.start, to: win.end, ...scope };
  const deployments = useRecords(org, 'deployments', inWindow && { ...inWindow, environment: 'production' });
  const incidents = useRecords(org, 'incidents', inWindow);
  // Pull requests merged in the window may have been opened long before: look back 90 days more.
  const pullRequests = useRecords(org, 'pull-requests',
    win === undefined || selected !== 'change_lead_time' ? null
      : { from: new Date(Date.parse(win.start) - 90 * DAY_MS).toISOString(), to: win.end, status: 'merged', ...scope });
  const links = buildSourceLinks({
    deployments: deployments.data?.items,
    incidents: incidents.data?.items,
    pullRequests: pullRequests.data?.items,
    repositories: repositories.data,
  });
  const def = METRICS.find((m) => m.key === selected);
  const orgName = orgs.find((o) => o.id === org)?.name ?? org ?? '';
  const serviceHref = (service: string | null): string => viewStateUrl({ ...state, org, service });
  const go = (service: string | null) => (e: React.MouseEvent) => {
    e.preventDefault();
    onChange({ org, service });
  };

  return (
    <main>
      <div className="page-head">
        <h1>
          {state.service === null ? orgName : <><a href={serviceHref(null)} onClick={go(null)}>{orgName}</a> · {state.service}</>}
        </h1>
        <p className="muted">
          {current.since} to {current.until} (until excluded), {report.data?.timezone ?? state.tz ?? 'UTC'}
        </p>
      </div>
      <Controls state={{ ...state, org }} orgs={orgs} services={services.data ?? []} onChange={onChange} />
      {state.service === null && (services.data?.length ?? 0) > 1 && (
        <nav className="service-links small" aria-label="Services">
          Services:{' '}
          {services.data?.map((s, i) => (
            <span key={s.name}>{i > 0 && ', '}<a href={serviceHref(s.name)} onClick={go(s.name)}>{s.name}</a></span>
          ))}
        </nav>
      )}
      <QueryState query={report} what="the report">
        {(r) => (
          <>
            <div className="tiles">
              {METRICS.map((m) => (
                <MetricTile key={m.key} def={m} report={r} previous={before.data} days={days}
                  selected={selected === m.key} onSelect={() => setSelected(selected === m.key ? null : m.key)} />
              ))}
            </div>
            <p className="muted small">
              * Levels: {r.benchmarks.levels.source}, {r.benchmarks.levels.year}.
            </p>
            {def !== undefined ? (
              <EvidencePanel def={def} report={full.data} links={links} onClose={() => setSelected(null)} />
            ) : (
              <p className="muted hint">Select a tile to see what it means and the records behind it.</p>
            )}
            {deployments.data !== undefined && incidents.data !== undefined ? (
              <DeploymentTimeline report={r} deployments={deployments.data.items} incidents={incidents.data.items}
                truncated={deployments.data.truncated || incidents.data.truncated} dark={dark} />
            ) : (
              <section className="card"><h2>Deployments and incidents</h2>
                <p className="muted" aria-busy={deployments.error === null && incidents.error === null}>
                  {deployments.error ?? incidents.error ? 'Could not load the deployments or incidents.' : 'Loading the timeline…'}
                </p>
              </section>
            )}
            <div className="columns">
              <LeadTimeBreakdown report={r} dark={dark} />
              {state.service !== null ? <LeadTimeHistogram report={full.data} dark={dark} /> : <WarningsList report={r} />}
            </div>
            <IncidentsList records={incidents.data?.items ?? []} report={r} evidence={restored.data?.items} links={links} />
            {state.service !== null && <WarningsList report={r} />}
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
