/**
 * Change failure rate (METRICS.md section 3).
 *
 * Definition: failed deployments / production deployments in the window. A production
 * deployment of the window is failed when (a) an incident names it in `caused_by_deployment_id`,
 * or (b) another production deployment names it in `remediates_deployment_id` (failed,
 * cancelled or non-production runs remediate nothing). Each deployment counts once however many
 * incidents it caused; the denominator includes rollbacks, reverts and hotfixes. Time proximity
 * alone never makes a deployment failed.
 *
 * Window semantics: by the deployment's `finishedAt`. The incident or the remediation may come
 * after the window (a failure is often found later): the link is what counts.
 *
 * Level (tool convention): <= 5 % elite, <= 10 % high, <= 15 % medium, else low, computed on
 * the exact fraction (exactly 5 % is elite).
 *
 * Example: 20 deployments, D3 caused incidents I1 and I2, D7 was rolled back by D8: 2 / 20 =
 * 0.1, level high; D3's why lists both incidents.
 */
import type { Deployment, Incident } from '../../domain/index.js';
import { formatInstant } from '../../domain/index.js';
import { changeFailureLevel } from '../benchmarks.js';
import type { RecordLinks } from '../links.js';
import type { ChangeFailureRateReport, FailedDeployment, FailureWhy } from '../report-types.js';
import { roundRate } from '../stats.js';

/** A failed deployment of the window with the records that make it failed. */
export interface FailedDeploymentLinks {
  deployment: Deployment;
  /** Incidents it caused, by (startedAt, id). */
  incidents: Incident[];
  /** Production deployments that remediate it, by (finishedAt, id). */
  remediators: Deployment[];
}

/** The failed deployments among `inWindow` (production deployments of the window, sorted). */
export function findFailedDeployments(
  inWindow: readonly Deployment[],
  links: RecordLinks,
): FailedDeploymentLinks[] {
  const failed: FailedDeploymentLinks[] = [];
  for (const deployment of inWindow) {
    const incidents = links.incidentsByCause.get(deployment.id) ?? [];
    const remediators = links.remediatorsByTarget.get(deployment.id) ?? [];
    if (incidents.length > 0 || remediators.length > 0)
      failed.push({ deployment, incidents, remediators });
  }
  return failed;
}

function why(f: FailedDeploymentLinks): FailureWhy[] {
  return [
    ...f.incidents.map((i): FailureWhy => {
      const link = i.inferences.find((x) => x.field === 'caused_by_deployment_id' && x.value === f.deployment.id);
      return link === undefined
        ? { rule: 'caused_incident', incident_id: i.id }
        : { rule: 'caused_incident', incident_id: i.id, linked_by: link.rule };
    }),
    ...f.remediators.map((d): FailureWhy => ({
      rule: 'remediated_by',
      deployment_id: d.id,
      kind: d.kind,
    })),
  ];
}

/** Change failure rate over the production deployments of the window. */
export function changeFailureRate(
  inWindow: readonly Deployment[],
  failed: readonly FailedDeploymentLinks[],
): Omit<ChangeFailureRateReport, 'per_week'> {
  const denominator = inWindow.length;
  const numerator = failed.length;
  const failedDeployments: FailedDeployment[] = failed.map((f) => ({
    deployment_id: f.deployment.id,
    service: f.deployment.service,
    finished_at: formatInstant(f.deployment.finishedAt),
    why: why(f),
  }));
  return {
    numerator,
    denominator,
    value: roundRate(numerator, denominator),
    level: changeFailureLevel(numerator, denominator),
    reason: denominator === 0 ? 'no-deployments' : null,
    failed_deployments: failedDeployments,
  };
}
