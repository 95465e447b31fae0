/**
 * GitHub payloads → domain records, pure. One mapping for both ways GitHub data arrives: the
 * sync (GraphQL and REST pages, github-connector.ts) and webhooks (server/webhooks/
 * github-webhook.ts, REST-shaped events). Each source shape is first reduced to a small set of
 * facts (`PullRequestFacts`, `DeploymentFacts`, `IssueFacts`), and the facts are mapped here.
 *
 * Ids are deterministic: `github:pull_request:OWNER/NAME:123`, `github:deployment:OWNER/NAME:<id>`,
 * `github:incident:OWNER/NAME:<issue number>`, so a webhook and a later sync of the same object
 * upsert the same row.
 */
import {
  makeId,
  type Commit,
  type Deployment,
  type Incident,
  type Inference,
  type Instant,
  type Origin,
  type PullRequest,
  type PullRequestState,
  type Repository,
} from '../../domain/index.js';
import { globMatcher } from '../git/glob.js';

/** Environment names that mean production when nothing is configured. */
export const DEFAULT_PRODUCTION_ENVIRONMENTS: readonly string[] = ['production', 'prod'];
/** Issue labels that mark an incident when nothing is configured. */
export const DEFAULT_INCIDENT_LABELS: readonly string[] = ['incident'];

/** Where mapped records belong. `repository` is `OWNER/NAME`; `service` defaults to NAME. */
export interface GithubMapContext {
  org: string;
  repository: string;
  service: string;
}

export function githubOrigin(rawId: string | null): Origin {
  return { source: 'github', rawId };
}

/** Names a production-environment matcher: exact names or globs, case-insensitive. */
export function productionMatcher(patterns: readonly string[]): (environment: string) => boolean {
  const exact = globMatcher(patterns);
  const lower = globMatcher(patterns.map((p) => p.toLowerCase()));
  return (environment) => exact(environment) || lower(environment.toLowerCase());
}

/** The environment after mapping: `production` when GitHub flags it or its name matches. */
export function mapEnvironment(name: string, isProduction: (environment: string) => boolean, productionFlag?: boolean): string {
  if (productionFlag === true || isProduction(name)) return 'production';
  return name.toLowerCase();
}

export function mapRepository(
  org: string,
  repo: { full_name: string; default_branch?: string | null; html_url?: string | null },
  origin: Origin,
): Repository {
  return {
    org,
    name: repo.full_name,
    defaultBranch: repo.default_branch ?? 'main',
    baselineProductionSha: null,
    url: repo.html_url ?? null,
    origin,
    extra: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Pull requests

export interface PullRequestFacts {
  number: number;
  title: string | null;
  author: string;
  createdAt: Instant;
  /** GitHub's state: open or closed; `merged` wins over both. */
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: Instant | null;
  mergeCommitSha: string | null;
  baseBranch: string;
  additions: number | null;
  deletions: number | null;
  url: string | null;
  firstReviewAt: Instant | null;
  commitShas: string[];
  extra?: Record<string, unknown> | null;
}

export interface ReviewFacts {
  author: string | null;
  submittedAt: Instant | null;
  /** Pending reviews are drafts nobody else has seen: they never count. */
  state: string;
}

/** The first review submitted by someone other than the author, or null. */
export function firstReviewAt(reviews: readonly ReviewFacts[], author: string): Instant | null {
  let first: Instant | null = null;
  for (const r of reviews) {
    if (r.submittedAt === null || r.author === null || r.author === author) continue;
    if (r.state.toUpperCase() === 'PENDING') continue;
    if (first === null || r.submittedAt < first) first = r.submittedAt;
  }
  return first;
}

export function mapPullRequest(ctx: GithubMapContext, pr: PullRequestFacts, origin: Origin): PullRequest {
  const merged = pr.merged || pr.mergedAt !== null;
  const state: PullRequestState = merged ? 'merged' : pr.state;
  return {
    org: ctx.org,
    id: makeId('github', 'pull_request', ctx.repository, pr.number),
    repository: ctx.repository,
    service: ctx.service,
    number: pr.number,
    title: pr.title,
    author: pr.author,
    createdAt: pr.createdAt,
    firstReviewAt: pr.firstReviewAt,
    mergedAt: merged ? pr.mergedAt : null,
    mergeCommitSha: merged && pr.mergeCommitSha ? pr.mergeCommitSha.toLowerCase() : null,
    commitShas: pr.commitShas.map((s) => s.toLowerCase()),
    baseBranch: pr.baseBranch,
    state,
    revertsPr: null,
    additions: pr.additions,
    deletions: pr.deletions,
    url: pr.url,
    origin,
    extra: pr.extra ?? null,
  };
}

export interface CommitFacts {
  sha: string;
  parents: string[];
  author: string;
  authoredAt: Instant;
  committedAt: Instant;
  message: string | null;
  additions: number | null;
  deletions: number | null;
}

export function mapCommit(ctx: GithubMapContext, c: CommitFacts, origin: Origin, extra: Record<string, unknown> | null = null): Commit {
  return {
    org: ctx.org,
    repository: ctx.repository,
    sha: c.sha.toLowerCase(),
    parents: c.parents.map((p) => p.toLowerCase()),
    author: c.author,
    authoredAt: c.authoredAt,
    committedAt: c.committedAt,
    message: c.message,
    additions: c.additions,
    deletions: c.deletions,
    services: [],
    origin,
    extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Deployments

export interface DeploymentFacts {
  id: number;
  sha: string;
  ref: string | null;
  environment: string;
  /** The environment as first named, when GitHub renamed it. */
  originalEnvironment: string | null;
  /** GitHub's `production_environment` flag (REST only). */
  productionFlag?: boolean;
  createdAt: Instant;
  /** The deployment's payload; a string `service` in it names the service. */
  payload: unknown;
}

/** A status of a deployment, as GitHub names states (lower-case). */
export interface DeploymentStatusFacts {
  state: string;
  createdAt: Instant;
  url: string | null;
  id?: number;
}

/** The final status of a deployment: what it ended as, when, and why (GitHub's state). */
export interface FinalDeploymentStatus {
  status: 'success' | 'failure';
  originalStatus: string;
  finishedAt: Instant;
  url: string | null;
  statusId?: number;
}

const FINAL_STATES = new Set(['success', 'failure', 'error']);

/**
 * A deployment's status from its statuses (any order): the latest final one (success; failure
 * or error → failure). `inactive` after a success keeps the success (GitHub marks a deployment
 * inactive when a newer one replaces it). Null while no final status exists (queued, pending,
 * in progress; or inactive without ever succeeding): not a deployment yet.
 */
export function finalDeploymentStatus(statuses: readonly DeploymentStatusFacts[]): FinalDeploymentStatus | null {
  const ordered = [...statuses].sort((a, b) => a.createdAt - b.createdAt || (a.id ?? 0) - (b.id ?? 0));
  let final: DeploymentStatusFacts | null = null;
  for (const s of ordered) if (FINAL_STATES.has(s.state.toLowerCase())) final = s;
  if (final === null) return null;
  const state = final.state.toLowerCase();
  return {
    status: state === 'success' ? 'success' : 'failure',
    originalStatus: state,
    finishedAt: final.createdAt,
    url: final.url,
    ...(final.id !== undefined ? { statusId: final.id } : {}),
  };
}

export function mapDeployment(
  ctx: GithubMapContext & { isProduction: (environment: string) => boolean },
  d: DeploymentFacts,
  final: FinalDeploymentStatus,
  origin: Origin,
): Deployment {
  const payload = d.payload as { service?: unknown } | null | undefined;
  const service = typeof payload?.service === 'string' && payload.service !== '' ? payload.service : ctx.service;
  return {
    org: ctx.org,
    id: makeId('github', 'deployment', ctx.repository, d.id),
    service,
    repository: ctx.repository,
    environment: mapEnvironment(d.environment, ctx.isProduction, d.productionFlag),
    originalEnvironment: d.originalEnvironment ?? d.environment,
    status: final.status,
    originalStatus: final.originalStatus,
    startedAt: d.createdAt,
    finishedAt: final.finishedAt,
    commitSha: d.sha.toLowerCase(),
    kind: 'regular',
    trigger: 'planned',
    remediatesDeploymentId: null,
    inferences: [],
    url: final.url,
    origin,
    extra: { ref: d.ref, deployment_id: d.id, ...(final.statusId !== undefined ? { status_id: final.statusId } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// Incident issues

export interface IssueFacts {
  number: number;
  title: string;
  state: 'open' | 'closed';
  createdAt: Instant;
  closedAt: Instant | null;
  url: string | null;
  labels: string[];
}

/** Whether an issue carries one of the incident labels (case-insensitive, as GitHub compares). */
export function isIncidentIssue(labels: readonly string[], incidentLabels: readonly string[]): boolean {
  const wanted = new Set(incidentLabels.map((l) => l.toLowerCase()));
  return labels.some((l) => wanted.has(l.toLowerCase()));
}

/** A label `sev1`, `severity: high`, `sev-2` gives the severity (`1`, `high`, `2`). */
export function severityFromLabels(labels: readonly string[]): string | null {
  for (const label of labels) {
    const m = /^sev(?:erity)?[\s:_-]*(.+)$/.exec(label.toLowerCase());
    if (m?.[1] !== undefined) return m[1];
  }
  return null;
}

/** The cause the ingest resolved: the deployment and the inference that names the rule. */
export interface IncidentCause {
  deploymentId: string;
  inference: Inference;
}

/**
 * An incident issue. `namedCommit`: the SHA its Caused-by names when no deployment of the sync
 * shipped exactly that commit; kept as `extra.caused_by_commit_sha` for the report to link
 * through the commit graph (src/metrics/dora/incident-causes.ts).
 */
export function mapIncident(
  ctx: GithubMapContext,
  issue: IssueFacts,
  cause: IncidentCause | null,
  origin: Origin,
  namedCommit: string | null = null,
): Incident {
  return {
    org: ctx.org,
    id: makeId('github', 'incident', ctx.repository, issue.number),
    service: ctx.service,
    title: issue.title,
    startedAt: issue.createdAt,
    detectedAt: issue.createdAt,
    acknowledgedAt: null,
    resolvedAt: issue.state === 'closed' ? issue.closedAt : null,
    causedByDeploymentId: cause?.deploymentId ?? null,
    severity: severityFromLabels(issue.labels),
    inferences: cause ? [cause.inference] : [],
    url: issue.url,
    origin,
    extra: cause === null && namedCommit !== null ? { caused_by_commit_sha: namedCommit } : null,
  };
}
