/**
 * The links between records that several metrics follow: incidents by the deployment that
 * caused them, and production deployments by the deployment they remediate. Built once per
 * report, each list sorted so that evidence never depends on input order.
 *
 * Only production deployments remediate (a failed, cancelled or non-production run remediates
 * nothing, METRICS.md section 3). An incident's link counts whatever its service: the link names
 * the deployment, and the deployment decides the scope.
 */
import type { Deployment, Incident } from '../domain/index.js';
import { isProductionDeployment } from '../domain/index.js';
import { compareDeployments } from './dora/attribution.js';
import { compareStrings } from './warnings.js';

/** Record links used by the change-failure, rework and recovery metrics. */
export interface RecordLinks {
  /** Every deployment (any environment or status) by id. */
  deploymentsById: Map<string, Deployment>;
  /** Incidents by `causedByDeploymentId`, sorted by (startedAt, id). */
  incidentsByCause: Map<string, Incident[]>;
  /** Production deployments by `remediatesDeploymentId`, sorted by (finishedAt, id). */
  remediatorsByTarget: Map<string, Deployment[]>;
}

/** Orders incidents by startedAt, then id. */
export function compareIncidents(a: Incident, b: Incident): number {
  return a.startedAt - b.startedAt || compareStrings(a.id, b.id);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Indexes deployments and incidents by their links. */
export function buildRecordLinks(
  deployments: readonly Deployment[],
  incidents: readonly Incident[],
): RecordLinks {
  const deploymentsById = new Map<string, Deployment>();
  const remediatorsByTarget = new Map<string, Deployment[]>();
  for (const d of deployments) {
    const existing = deploymentsById.get(d.id);
    // Duplicate ids should not happen (ids are unique); keep one deterministically if they do.
    if (existing === undefined || compareDeployments(d, existing) < 0) deploymentsById.set(d.id, d);
    if (d.remediatesDeploymentId !== null && isProductionDeployment(d))
      push(remediatorsByTarget, d.remediatesDeploymentId, d);
  }
  const incidentsByCause = new Map<string, Incident[]>();
  for (const incident of incidents) {
    if (incident.causedByDeploymentId !== null)
      push(incidentsByCause, incident.causedByDeploymentId, incident);
  }
  for (const list of remediatorsByTarget.values()) list.sort(compareDeployments);
  for (const list of incidentsByCause.values()) list.sort(compareIncidents);
  return { deploymentsById, incidentsByCause, remediatorsByTarget };
}
