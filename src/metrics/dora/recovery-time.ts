/**
 * Failed deployment recovery time (METRICS.md section 3).
 *
 * Definition: per failed deployment of the window (see change-failure-rate.ts), from its
 * `finishedAt` to its restoration: the latest `resolvedAt` of its linked incidents; with no
 * linked incident, the `finishedAt` of the first production deployment that remediates it.
 * Headline: the median in whole seconds (may end in .5). Also the median from the earliest
 * linked incident's `startedAt`, over the failed deployments that have an incident.
 * A failed deployment with any linked incident still open (`resolvedAt` null) is listed as
 * unrecovered and left out of both medians, even if a later deployment remediated it.
 *
 * Window semantics: by the failed deployment's `finishedAt`; a restoration after the window
 * still counts.
 *
 * Example: D1 finishes 10:00 and causes I1 (started 10:05, resolved 10:45) and I2 (started
 * 10:20, resolved 11:30): restored 11:30, 5,400 s, from incident start 5,100 s. D2 finishes
 * 14:00 with no incident and is rolled back by D3 at 14:20: 1,200 s. Median
 * (1,200 + 5,400) / 2 = 3,300 s: band <1h, level elite.
 */
import type { Incident } from '../../domain/index.js';
import { durationSec, formatInstant } from '../../domain/index.js';
import { AppError } from '../../shared/errors.js';
import { durationBand, recoveryLevel } from '../benchmarks.js';
import type {
  RecoveredDeployment,
  RecoveryTimeReport,
  RestoredBy,
  UnrecoveredDeployment,
} from '../report-types.js';
import { median } from '../stats.js';
import type { WarningCollector } from '../warnings.js';
import type { FailedDeploymentLinks } from './change-failure-rate.js';

/** The incident whose resolution restored service: latest resolvedAt, then smallest id. */
function lastResolved(incidents: readonly Incident[]): Incident {
  let last = incidents[0] as Incident;
  for (const i of incidents) {
    const r = i.resolvedAt as number;
    const best = last.resolvedAt as number;
    if (r > best || (r === best && i.id < last.id)) last = i;
  }
  return last;
}

function recover(f: FailedDeploymentLinks): RecoveredDeployment | UnrecoveredDeployment {
  const d = f.deployment;
  const base = {
    deployment_id: d.id,
    service: d.service,
    finished_at: formatInstant(d.finishedAt),
  };
  if (f.incidents.length > 0) {
    const open = f.incidents.filter((i) => i.resolvedAt === null);
    if (open.length > 0) {
      return {
        ...base,
        open_incident_ids: open.map((i) => i.id),
        remediated_by: f.remediators[0]?.id ?? null,
      };
    }
    const last = lastResolved(f.incidents);
    const restoredAt = last.resolvedAt as number;
    // incidents are sorted by startedAt: the first one started earliest.
    const firstStart = (f.incidents[0] as Incident).startedAt;
    const restoredBy: RestoredBy = { rule: 'incidents_resolved', incident_id: last.id };
    return {
      ...base,
      restored_at: formatInstant(restoredAt),
      seconds: durationSec(d.finishedAt, restoredAt),
      seconds_from_incident_start: durationSec(firstStart, restoredAt),
      incident_ids: f.incidents.map((i) => i.id),
      restored_by: restoredBy,
    };
  }
  // A failed deployment without incident is failed because something remediates it.
  const remediator = f.remediators[0];
  if (remediator === undefined) {
    throw new AppError(
      'INTERNAL',
      `Failed deployment ${d.id} has neither incident nor remediation: this is a bug.`,
      { expose: false },
    );
  }
  return {
    ...base,
    restored_at: formatInstant(remediator.finishedAt),
    seconds: durationSec(d.finishedAt, remediator.finishedAt),
    seconds_from_incident_start: null,
    incident_ids: [],
    restored_by: { rule: 'remediated_by', deployment_id: remediator.id },
  };
}

/** Failed deployment recovery time over the failed deployments of the window. */
export function recoveryTime(
  failed: readonly FailedDeploymentLinks[],
  warnings: WarningCollector,
): Omit<RecoveryTimeReport, 'per_week'> {
  const recovered: RecoveredDeployment[] = [];
  const unrecovered: UnrecoveredDeployment[] = [];
  for (const f of failed) {
    const r = recover(f);
    if ('open_incident_ids' in r) unrecovered.push(r);
    else recovered.push(r);
  }
  const fromIncident = recovered.flatMap((r) =>
    r.seconds_from_incident_start === null ? [] : [r.seconds_from_incident_start],
  );
  const medianSeconds = median(recovered.map((r) => r.seconds));
  warnings.add(
    'negative_recovery_time',
    'Failed deployments restored before they finished (clock skew, or an incident resolved before the deployment it blames); kept as negative, not clamped.',
    recovered
      .filter((r) => r.seconds < 0 || (r.seconds_from_incident_start ?? 0) < 0)
      .map((r) => r.deployment_id),
  );
  let reason: string | null = null;
  if (failed.length === 0) reason = 'no-failed-deployments';
  else if (recovered.length === 0) reason = 'no-recovered-failures';
  return {
    failures: failed.length,
    recovered: recovered.length,
    median_seconds: medianSeconds,
    median_seconds_from_incident_start: median(fromIncident),
    band: durationBand(medianSeconds),
    level: recoveryLevel(medianSeconds),
    reason,
    per_failed_deployment: recovered,
    unrecovered,
  };
}
