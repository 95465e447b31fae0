/**
 * The evidence behind a tile: the records the metric counted and, for the lead time, those it
 * left out with the reason, each linking to its source (pipeline, commit, pull request,
 * incident) when its URL is known. Long lists show their first rows and say how many more there
 * are.
 */
import type { ReactNode } from 'react';
import type { Report } from '../api-client/types.js';
import { formatDuration, formatInstant, formatReason, shortSha } from './format.js';
import type { MetricDef } from './metric-defs.js';
import { PLAIN_WORDS } from './plain-words.js';
import { SourceLink, type SourceLinks } from './source-links.js';

const MAX_ROWS = 100;

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption} ({rows.length})</caption>
        <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((cells, i) => (
            <tr key={i}>{cells.map((c, j) => <td key={j}>{c}</td>)}</tr>
          ))}
          {rows.length === 0 && <tr><td colSpan={head.length}>none</td></tr>}
        </tbody>
      </table>
      {rows.length > MAX_ROWS && <p className="muted">and {rows.length - MAX_ROWS} more (see the API)</p>}
    </div>
  );
}

function evidenceTables(key: MetricDef['key'], r: Report, links: SourceLinks): ReactNode {
  const d = r.dora;
  const dep = (id: string): ReactNode => <SourceLink href={links.deployment(id)}>{id}</SourceLink>;
  const inc = (id: string): ReactNode => <SourceLink href={links.incident(id)}>{id}</SourceLink>;
  const commit = (repository: string, sha: string): ReactNode =>
    <SourceLink href={links.commit(repository, sha)}><code>{shortSha(sha)}</code></SourceLink>;
  switch (key) {
    case 'deployment_frequency':
      return <Table caption="Production deployments counted" head={['deployment']}
        rows={(d.deployment_frequency.deployment_ids ?? []).map((id) => [dep(id)])} />;
    case 'change_lead_time':
      return (
        <>
          <Table caption="Changes counted" head={['commit', 'service', 'committed', 'deployed', 'by', 'lead time']}
            rows={(d.change_lead_time.per_change ?? []).map((c) => [commit(c.repository, c.sha), c.service,
              formatInstant(c.committed_at), formatInstant(c.deployed_at), dep(c.deployment_id), formatDuration(c.seconds)])} />
          <Table caption="Changes excluded" head={['commit', 'service', 'committed', 'reason']}
            rows={d.change_lead_time.excluded.map((c) => [commit(c.repository, c.sha), c.service, formatInstant(c.committed_at),
              formatReason(c.reason)])} />
          <Table caption="Pull requests merged (where the time went)" head={['pull request', 'merged', 'coding', 'pickup', 'review', 'deploy']}
            rows={(r.flow.per_pull_request ?? []).map((p) => [<SourceLink href={links.pullRequest(p.pull_request_id)}>{p.pull_request_id}</SourceLink>,
              formatInstant(p.merged_at), formatDuration(p.coding_seconds), formatDuration(p.pickup_seconds),
              formatDuration(p.review_seconds), formatDuration(p.deploy_seconds)])} />
        </>
      );
    case 'change_failure_rate':
      return <Table caption="Failed deployments" head={['deployment', 'service', 'finished', 'why']}
        rows={d.change_failure_rate.failed_deployments.map((f) => [dep(f.deployment_id), f.service, formatInstant(f.finished_at),
          f.why.map((w, i) => <span key={i}>{i > 0 && '; '}{w.rule === 'caused_incident'
            ? <>caused incident {inc(w.incident_id)}</> : <>fixed by {w.kind} {dep(w.deployment_id)}</>}</span>)])} />;
    case 'deployment_rework_rate':
      return <Table caption="Rework deployments" head={['deployment', 'service', 'finished', 'kind', 'fixes']}
        rows={d.deployment_rework_rate.rework_deployments.map((w) => [dep(w.deployment_id), w.service, formatInstant(w.finished_at),
          w.kind, w.remediates_deployment_id === null ? '—' : dep(w.remediates_deployment_id)])} />;
    case 'failed_deployment_recovery_time':
      return (
        <>
          <Table caption="Recovered failed deployments" head={['deployment', 'service', 'failed', 'restored', 'took', 'by']}
            rows={d.failed_deployment_recovery_time.per_failed_deployment.map((f) => [dep(f.deployment_id), f.service,
              formatInstant(f.finished_at), formatInstant(f.restored_at), formatDuration(f.seconds),
              f.restored_by.rule === 'incidents_resolved' ? <>incident {inc(f.restored_by.incident_id)} resolved</> : <>deployment {dep(f.restored_by.deployment_id)}</>])} />
          <Table caption="Not yet recovered" head={['deployment', 'service', 'failed', 'open incidents']}
            rows={d.failed_deployment_recovery_time.unrecovered.map((u) => [dep(u.deployment_id), u.service,
              formatInstant(u.finished_at), u.open_incident_ids.map((id, i) => <span key={id}>{i > 0 && ', '}{inc(id)}</span>)])} />
        </>
      );
  }
}

interface Props {
  def: MetricDef;
  /** The report with its evidence lists; undefined while it loads. */
  report: Report | undefined;
  links: SourceLinks;
  onClose: () => void;
}

export function EvidencePanel({ def, report, links, onClose }: Props) {
  const words = PLAIN_WORDS[def.key];
  return (
    <section className="evidence" aria-labelledby="evidence-title" data-testid="evidence">
      <header>
        <h2 id="evidence-title">{def.title}: the evidence</h2>
        <button type="button" onClick={onClose}>Close</button>
      </header>
      <dl className="plain-words">
        <dt>What it means</dt><dd>{words.means}</dd>
        <dt>What good looks like</dt><dd>{words.good}</dd>
        <dt>What moves it</dt><dd>{words.moves}</dd>
      </dl>
      {report === undefined ? <p className="muted" aria-busy="true">Loading the evidence…</p> : evidenceTables(def.key, report, links)}
    </section>
  );
}
