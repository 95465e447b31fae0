/**
 * Deployment rework rate (METRICS.md section 3).
 *
 * Definition: production deployments with `trigger = incident_remediation` / production
 * deployments in the window, 4 decimals. No level: DORA publishes no clusters for it.
 *
 * Window semantics: both counts by the deployment's `finishedAt`.
 *
 * Example: 40 deployments of which 3 were triggered to remediate incidents (a rollback, a
 * revert, a hotfix): 3 / 40 = 0.075.
 */
import type { Deployment } from '../../domain/index.js';
import { formatInstant } from '../../domain/index.js';
import type { DeploymentReworkRateReport } from '../report-types.js';
import { roundRate } from '../stats.js';

/** Deployment rework rate over the production deployments of the window (sorted). */
export function deploymentReworkRate(inWindow: readonly Deployment[]): Omit<DeploymentReworkRateReport, 'per_week'> {
  const rework = inWindow.filter((d) => d.trigger === 'incident_remediation');
  return {
    numerator: rework.length,
    denominator: inWindow.length,
    value: roundRate(rework.length, inWindow.length),
    reason: inWindow.length === 0 ? 'no-deployments' : null,
    rework_deployments: rework.map((d) => ({
      deployment_id: d.id,
      service: d.service,
      finished_at: formatInstant(d.finishedAt),
      kind: d.kind,
      remediates_deployment_id: d.remediatesDeploymentId,
    })),
  };
}
