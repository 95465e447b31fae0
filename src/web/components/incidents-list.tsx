/**
 * The incidents of the window with their time to restore: those that started in the window
 * (from the incident list) and those resolved in it (the report's legacy restore time, whose
 * figure each row shows). The restore time is the report's, never recomputed here; an incident
 * still open, or resolved after the window, says so instead.
 */
import type { IncidentRecord, Report, RestoredIncident } from '../api-client/types.js';
import { formatDuration, formatInstant } from './format.js';
import { SourceLink, type SourceLinks } from './source-links.js';

interface Row {
  id: string;
  title: string | null;
  service: string;
  severity: string | null;
  started_at: string;
  resolved_at: string | null;
  caused_by: string | null;
  restored: RestoredIncident | undefined;
}

/** The rows, by start time then id. */
export function incidentRows(records: readonly IncidentRecord[], evidence: readonly RestoredIncident[]): Row[] {
  const restored = new Map(evidence.map((r) => [r.incident_id, r]));
  const rows: Row[] = records.map((i) => ({
    id: i.id, title: i.title, service: i.service, severity: i.severity, started_at: i.started_at,
    resolved_at: i.resolved_at, caused_by: i.caused_by_deployment_id, restored: restored.get(i.id),
  }));
  const listed = new Set(records.map((i) => i.id));
  for (const r of evidence) {
    if (listed.has(r.incident_id)) continue;
    rows.push({ id: r.incident_id, title: null, service: r.service, severity: null, started_at: r.started_at,
      resolved_at: r.resolved_at, caused_by: r.caused_by_deployment_id, restored: r });
  }
  return rows.sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id));
}

interface Props {
  records: readonly IncidentRecord[];
  report: Report;
  /** The report's `time_to_restore_service.per_incident`; undefined while it loads. */
  evidence: readonly RestoredIncident[] | undefined;
  links: SourceLinks;
}

export function IncidentsList({ records, report, evidence, links }: Props) {
  const rows = incidentRows(records, evidence ?? []);
  const ttr = report.dora.time_to_restore_service;
  return (
    <section className="card" aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incidents</h2>
      <p className="muted small">
        Time to restore service (all incidents resolved in the window): median{' '}
        <strong data-testid="ttr-median">{formatDuration(ttr.median_seconds)}</strong> over {ttr.incidents}.
      </p>
      {rows.length === 0 ? (
        <p className="muted">No incident in this window.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="incidents">
            <thead>
              <tr>
                <th scope="col">incident</th><th scope="col">service</th><th scope="col">severity</th>
                <th scope="col">started</th><th scope="col">resolved</th><th scope="col">time to restore</th><th scope="col">caused by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-incident={r.id}>
                  <td><SourceLink href={links.incident(r.id)}>{r.title === null ? r.id : `${r.title} (${r.id})`}</SourceLink></td>
                  <td>{r.service}</td>
                  <td>{r.severity ?? '—'}</td>
                  <td>{formatInstant(r.started_at)}</td>
                  <td>{r.resolved_at === null ? 'open' : formatInstant(r.resolved_at)}</td>
                  <td data-testid={`ttr-${r.id}`}>
                    {r.restored !== undefined ? formatDuration(r.restored.seconds)
                      : r.resolved_at === null ? 'still open'
                      : evidence === undefined ? '…' : 'resolved after the window'}
                  </td>
                  <td>{r.caused_by === null ? '—' : <SourceLink href={links.deployment(r.caused_by)}>{r.caused_by}</SourceLink>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
