/**
 * Turns validated import records (snake_case, see import-schema.ts) into domain records.
 * Pure: the organisation and the document's defaults come in as a context.
 */
import type {
  CommitInput,
  DebtItemInput,
  DeploymentInput,
  IncidentInput,
  PullRequestInput,
  RepositoryInput,
  UptimeSampleInput,
} from './import-schema.js';
import {
  commitInputSchema,
  debtItemInputSchema,
  deploymentInputSchema,
  incidentInputSchema,
  pullRequestInputSchema,
  repositoryInputSchema,
} from './import-schema.js';
import { slugify } from './ids.js';
import type { Commit, DebtItem, Deployment, Incident, Origin, PullRequest, Repository, UptimeSample } from './records.js';

/** Where imported records land, and the defaults for fields a document may leave out. */
export interface ImportContext {
  org: string;
  /** Repository name used when a record names none (`default` unless the document names one). */
  repository: string;
  /** Service of pull requests that name none. */
  service: string;
  origin: Origin;
}

function extraFields(input: Record<string, unknown>, known: Record<string, unknown>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const key of Object.keys(input)) {
    if (key === 'type' || key in known) continue;
    (extra ??= {})[key] = input[key];
  }
  return extra;
}

export function mapRepository(input: RepositoryInput, ctx: ImportContext): Repository {
  return {
    org: ctx.org,
    name: input.name ?? ctx.repository,
    defaultBranch: input.default_branch,
    baselineProductionSha: input.baseline_production_sha,
    url: input.url,
    origin: ctx.origin,
    extra: extraFields(input, repositoryInputSchema.shape),
  };
}

export function mapCommit(input: CommitInput, ctx: ImportContext): Commit {
  return {
    org: ctx.org,
    repository: input.repository ?? ctx.repository,
    sha: input.sha,
    parents: input.parents,
    author: input.author,
    authoredAt: input.authored_at,
    committedAt: input.committed_at,
    message: input.message,
    additions: input.additions,
    deletions: input.deletions,
    services: input.services ?? [],
    origin: ctx.origin,
    extra: extraFields(input, commitInputSchema.shape),
  };
}

export function mapPullRequest(input: PullRequestInput, ctx: ImportContext): PullRequest {
  return {
    org: ctx.org,
    id: input.id,
    repository: input.repository ?? ctx.repository,
    service: input.service ?? ctx.service,
    number: input.number,
    title: input.title,
    author: input.author,
    createdAt: input.created_at,
    firstReviewAt: input.first_review_at,
    mergedAt: input.merged_at,
    mergeCommitSha: input.merge_commit_sha,
    commitShas: input.commit_shas,
    baseBranch: input.base_branch,
    state: input.state ?? (input.merged_at !== null ? 'merged' : null),
    revertsPr: input.reverts_pr,
    additions: input.additions,
    deletions: input.deletions,
    url: input.url,
    origin: ctx.origin,
    extra: extraFields(input, pullRequestInputSchema.shape),
  };
}

export function mapDeployment(input: DeploymentInput, ctx: ImportContext): Deployment {
  return {
    org: ctx.org,
    id: input.id,
    service: input.service,
    repository: input.repository ?? ctx.repository,
    environment: input.environment,
    originalEnvironment: input.environment,
    status: input.status,
    originalStatus: input.status,
    startedAt: input.started_at,
    finishedAt: input.finished_at,
    commitSha: input.commit_sha,
    kind: input.kind,
    trigger: input.trigger,
    remediatesDeploymentId: input.remediates_deployment_id,
    inferences: [],
    url: input.url,
    origin: ctx.origin,
    extra: extraFields(input, deploymentInputSchema.shape),
  };
}

export function mapIncident(input: IncidentInput, ctx: ImportContext): Incident {
  return {
    org: ctx.org,
    id: input.id,
    service: input.service,
    title: input.title,
    startedAt: input.started_at,
    detectedAt: input.detected_at,
    acknowledgedAt: input.acknowledged_at,
    resolvedAt: input.resolved_at,
    causedByDeploymentId: input.caused_by_deployment_id,
    severity: input.severity,
    inferences: [],
    url: input.url,
    origin: ctx.origin,
    extra: extraFields(input, incidentInputSchema.shape),
  };
}

export function mapUptimeSample(input: UptimeSampleInput, ctx: ImportContext): UptimeSample {
  return { org: ctx.org, service: input.service, at: input.at, good: input.good, total: input.total, origin: ctx.origin };
}

/** The id a debt item gets when none is given: `debt:<slug of title>`. */
export function debtItemId(title: string): string {
  return `debt:${slugify(title)}`;
}

export function mapDebtItem(input: DebtItemInput, ctx: ImportContext): DebtItem {
  return {
    org: ctx.org,
    id: input.id ?? debtItemId(input.title),
    service: input.service,
    title: input.title,
    interestHoursPerMonth: input.interest_hours_per_month,
    principalHours: input.principal_hours,
    createdAt: input.created_at,
    resolvedAt: input.resolved_at,
    incidentIds: input.incident_ids,
    pullRequestIds: input.pull_request_ids,
    url: input.url,
    origin: ctx.origin,
    extra: extraFields(input, debtItemInputSchema.shape),
  };
}
