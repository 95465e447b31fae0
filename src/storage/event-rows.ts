/**
 * Record <-> row mapping for the time-listed records: pull requests, deployments and
 * incidents (see rows.ts for the machinery, repositories and commits).
 * @internal
 */
import type {
  Deployment,
  DeploymentKind,
  DeploymentStatus,
  DeploymentTrigger,
  Incident,
  Inference,
  PullRequest,
  PullRequestState,
} from '../domain/index.js';
import { fromJsonArray, fromJsonObject, tableSpec, toJson, toJsonOrNull } from './rows.js';
import type { DeploymentsTable, IncidentsTable, PullRequestsTable } from './tables.js';

/** How pull requests are written: key (org, id). */
export const pullRequestSpec = tableSpec<PullRequest, 'pull_requests'>(
  'pull_requests',
  {
    org: 'text',
    id: 'text',
    repository: 'text',
    service: 'text',
    number: 'integer',
    title: 'text',
    author: 'text',
    created_at: 'bigint',
    first_review_at: 'bigint',
    merged_at: 'bigint',
    merge_commit_sha: 'text',
    commit_shas: 'json',
    base_branch: 'text',
    state: 'text',
    reverts_pr: 'text',
    additions: 'integer',
    deletions: 'integer',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (p) => ({
    org: p.org,
    id: p.id,
    repository: p.repository,
    service: p.service,
    number: p.number ?? null,
    title: p.title ?? null,
    author: p.author,
    created_at: p.createdAt,
    first_review_at: p.firstReviewAt ?? null,
    merged_at: p.mergedAt ?? null,
    merge_commit_sha: p.mergeCommitSha ?? null,
    commit_shas: toJson(p.commitShas),
    base_branch: p.baseBranch,
    state: p.state ?? null,
    reverts_pr: p.revertsPr ?? null,
    additions: p.additions ?? null,
    deletions: p.deletions ?? null,
    url: p.url ?? null,
    origin_source: p.origin.source,
    origin_raw_id: p.origin.rawId ?? null,
    extra: toJsonOrNull(p.extra),
  }),
);

/** A pull request from its row. */
export function pullRequestFromRow(row: PullRequestsTable): PullRequest {
  return {
    org: row.org,
    id: row.id,
    repository: row.repository,
    service: row.service,
    number: row.number,
    title: row.title,
    author: row.author,
    createdAt: row.created_at,
    firstReviewAt: row.first_review_at,
    mergedAt: row.merged_at,
    mergeCommitSha: row.merge_commit_sha,
    commitShas: fromJsonArray<string>(row.commit_shas),
    baseBranch: row.base_branch,
    state: row.state as PullRequestState | null,
    revertsPr: row.reverts_pr,
    additions: row.additions,
    deletions: row.deletions,
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

/** How deployments are written: key (org, id). */
export const deploymentSpec = tableSpec<Deployment, 'deployments'>(
  'deployments',
  {
    org: 'text',
    id: 'text',
    service: 'text',
    repository: 'text',
    environment: 'text',
    original_environment: 'text',
    status: 'text',
    original_status: 'text',
    started_at: 'bigint',
    finished_at: 'bigint',
    commit_sha: 'text',
    kind: 'text',
    trigger: 'text',
    remediates_deployment_id: 'text',
    inferences: 'json',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (d) => ({
    org: d.org,
    id: d.id,
    service: d.service,
    repository: d.repository,
    environment: d.environment,
    original_environment: d.originalEnvironment,
    status: d.status,
    original_status: d.originalStatus,
    started_at: d.startedAt ?? null,
    finished_at: d.finishedAt,
    commit_sha: d.commitSha,
    kind: d.kind,
    trigger: d.trigger,
    remediates_deployment_id: d.remediatesDeploymentId ?? null,
    inferences: toJson(d.inferences),
    url: d.url ?? null,
    origin_source: d.origin.source,
    origin_raw_id: d.origin.rawId ?? null,
    extra: toJsonOrNull(d.extra),
  }),
);

/** A deployment from its row. */
export function deploymentFromRow(row: DeploymentsTable): Deployment {
  return {
    org: row.org,
    id: row.id,
    service: row.service,
    repository: row.repository,
    environment: row.environment,
    originalEnvironment: row.original_environment,
    status: row.status as DeploymentStatus,
    originalStatus: row.original_status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    commitSha: row.commit_sha,
    kind: row.kind as DeploymentKind,
    trigger: row.trigger as DeploymentTrigger,
    remediatesDeploymentId: row.remediates_deployment_id,
    inferences: fromJsonArray<Inference>(row.inferences),
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

/** How incidents are written: key (org, id). */
export const incidentSpec = tableSpec<Incident, 'incidents'>(
  'incidents',
  {
    org: 'text',
    id: 'text',
    service: 'text',
    title: 'text',
    started_at: 'bigint',
    detected_at: 'bigint',
    acknowledged_at: 'bigint',
    resolved_at: 'bigint',
    caused_by_deployment_id: 'text',
    severity: 'text',
    inferences: 'json',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (i) => ({
    org: i.org,
    id: i.id,
    service: i.service,
    title: i.title ?? null,
    started_at: i.startedAt,
    detected_at: i.detectedAt ?? null,
    acknowledged_at: i.acknowledgedAt ?? null,
    resolved_at: i.resolvedAt ?? null,
    caused_by_deployment_id: i.causedByDeploymentId ?? null,
    severity: i.severity ?? null,
    inferences: toJson(i.inferences),
    url: i.url ?? null,
    origin_source: i.origin.source,
    origin_raw_id: i.origin.rawId ?? null,
    extra: toJsonOrNull(i.extra),
  }),
);

/** An incident from its row. */
export function incidentFromRow(row: IncidentsTable): Incident {
  return {
    org: row.org,
    id: row.id,
    service: row.service,
    title: row.title,
    startedAt: row.started_at,
    detectedAt: row.detected_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    causedByDeploymentId: row.caused_by_deployment_id,
    severity: row.severity,
    inferences: fromJsonArray<Inference>(row.inferences),
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}
