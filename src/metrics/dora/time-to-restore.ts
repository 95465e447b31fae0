/**
 * Time to restore service, legacy, all incidents (METRICS.md section 3). Kept apart from the
 * DORA failed deployment recovery time: it covers every incident, caused by a deployment or not.
 *
 * Definition: for every incident of the scope resolved in the window, `resolvedAt -
 * startedAt` in whole seconds; the median (may end in .5) and the mean (whole seconds, half
 * away from zero).
 *
 * Window semantics: by the incident's `resolvedAt`; open incidents are left out. Scope: the
 * incident's own service must be one of the report's services.
 *
 * Example: incidents of 600 s, 1,800 s and 7,201 s resolved in the window: median 1,800 s,
 * mean 9,601 / 3 = 3,200.33 -> 3,200 s.
 */
import type { Incident } from '../../domain/index.js';
import { durationSec, formatInstant } from '../../domain/index.js';
import type { Window } from '../calendar.js';
import { inWindow } from '../calendar.js';
import { compareIncidents } from '../links.js';
import type { RestoredIncident, TimeToRestoreReport } from '../report-types.js';
import { summarizeDurations } from '../stats.js';
import type { WarningCollector } from '../warnings.js';

/** Legacy time to restore over the scope's incidents resolved in the window. */
export function timeToRestore(
  incidents: readonly Incident[],
  window: Window,
  includeEvidence: boolean,
  warnings: WarningCollector,
): TimeToRestoreReport {
  const resolved = incidents
    .filter((i) => i.resolvedAt !== null && inWindow(window, i.resolvedAt))
    .sort(compareIncidents);
  const rows: RestoredIncident[] = resolved.map((i) => {
    const resolvedAt = i.resolvedAt as number;
    return {
      incident_id: i.id,
      service: i.service,
      started_at: formatInstant(i.startedAt),
      resolved_at: formatInstant(resolvedAt),
      seconds: durationSec(i.startedAt, resolvedAt),
      caused_by_deployment_id: i.causedByDeploymentId,
    };
  });
  warnings.add(
    'negative_restore_time',
    'Incidents resolved before they started (clock skew or a data error); kept as negative restore times, not clamped.',
    rows.filter((r) => r.seconds < 0).map((r) => r.incident_id),
  );
  const summary = summarizeDurations(rows.map((r) => r.seconds));
  const report: TimeToRestoreReport = {
    incidents: summary.count,
    median_seconds: summary.median,
    mean_seconds: summary.mean,
    reason: summary.count > 0 ? null : 'no-incidents',
  };
  if (includeEvidence) report.per_incident = rows;
  return report;
}
