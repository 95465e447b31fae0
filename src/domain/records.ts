/**
 * The domain records every metric reads (METRICS.md section 2). Field names are camelCase here
 * and snake_case in the import format and the database. Every record carries its organisation
 * (the tenant) and its service; timestamps are instants in epoch milliseconds (see time.ts).
 * A normalised field keeps the source's value beside it (`status` + `originalStatus`).
 */
import type { Instant } from './time.js';

/** Where a record came from: the source (`import`, `git`, `github`, ...) and its raw payload id. */
export interface Origin {
  source: string;
  rawId?: string | null;
}

/** Why an inferred field has its value: the rule that set it (METRICS.md section 6). */
export interface Inference {
  /** The field the rule set, snake_case as in the import format (`kind`, `remediates_deployment_id`). */
  field: string;
  value: string;
  /** Stable rule name: `rollback-ancestor`, `revert-title`, `hotfix-branch`, `hotfix-patch-window`, ... */
  rule: string;
  /** One human sentence with the facts the rule used. */
  detail: string;
}

/** An organisation (tenant): a company a CTO looks after. `id` is a slug, unique. */
export interface Organization {
  id: string;
  name: string;
}

/** A git repository of an organisation. */
export interface Repository {
  org: string;
  /** Unique per organisation (`acme/api`, or a local folder's name). */
  name: string;
  defaultBranch: string;
  /**
   * The commit already in production when the data starts: it and its ancestors are never
   * counted as changes. Null: unknown (then the first observed deployment's changes have an
   * unknown start).
   */
  baselineProductionSha: string | null;
  url: string | null;
  origin: Origin;
  /** Fields the source sent that Panorama does not model, kept as they came. */
  extra: Record<string, unknown> | null;
}

/**
 * A commit. A commit with fewer than two parents is a *change*; merge commits are not.
 * `services` names the services the change counts for; empty means every service that deploys
 * from its repository (the usual one-repository-one-service case).
 */
export interface Commit {
  org: string;
  repository: string;
  sha: string;
  parents: string[];
  author: string;
  authoredAt: Instant;
  committedAt: Instant;
  message: string | null;
  /** Lines added and deleted; null when unknown (e.g. a partial clone without blobs). */
  additions: number | null;
  deletions: number | null;
  services: string[];
  origin: Origin;
  /** Fields the source sent that Panorama does not model, kept as they came. */
  extra: Record<string, unknown> | null;
}

/**
 * What the metrics engine reads of a commit: its place in the graph, its times and services.
 * Stores list these (`listCommitGraph`) for reports, which need a million of them and none of
 * the message, author or origin; a `Commit` is one.
 */
export interface CommitNode {
  readonly repository: string;
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authoredAt: Instant;
  readonly committedAt: Instant;
  readonly services: readonly string[];
}

export type PullRequestState = 'open' | 'closed' | 'merged';

/** A pull (or merge) request. Times are instants; missing steps are null, never 0. */
export interface PullRequest {
  org: string;
  /** Deterministic id, unique per organisation (`github:pull_request:acme/api:123`, or as imported). */
  id: string;
  repository: string;
  service: string;
  number: number | null;
  title: string | null;
  author: string;
  createdAt: Instant;
  /** First review by someone other than the author. */
  firstReviewAt: Instant | null;
  mergedAt: Instant | null;
  mergeCommitSha: string | null;
  commitShas: string[];
  baseBranch: string;
  state: PullRequestState | null;
  /** The id of the pull request this one reverts. */
  revertsPr: string | null;
  additions: number | null;
  deletions: number | null;
  url: string | null;
  origin: Origin;
  /** Fields the source sent that Panorama does not model, kept as they came. */
  extra: Record<string, unknown> | null;
}

/**
 * What the metrics engine reads of a pull request; a `PullRequest` is one. Stores list these
 * (`listPullRequestFacts`) for reports, which may read hundreds of thousands of them; a lean
 * reader may keep of `extra` only `created_at_source`.
 */
export type PullRequestFacts = Pick<
  PullRequest,
  | 'id'
  | 'repository'
  | 'service'
  | 'createdAt'
  | 'firstReviewAt'
  | 'mergedAt'
  | 'mergeCommitSha'
  | 'commitShas'
  | 'additions'
  | 'deletions'
  | 'extra'
>;

export type DeploymentStatus = 'success' | 'failure' | 'cancelled';
export type DeploymentKind = 'regular' | 'rollback' | 'revert' | 'hotfix';
export type DeploymentTrigger = 'planned' | 'incident_remediation';

/**
 * A deployment of one service to one environment at one commit. Only `environment ===
 * 'production'` with `status === 'success'` counts in DORA metrics; its time is `finishedAt`.
 */
export interface Deployment {
  org: string;
  id: string;
  service: string;
  /** The repository `commitSha` belongs to. */
  repository: string;
  environment: string;
  /** The environment as the source named it, before mapping (`prod-eu-1`). */
  originalEnvironment: string;
  status: DeploymentStatus;
  originalStatus: string;
  startedAt: Instant | null;
  finishedAt: Instant;
  commitSha: string;
  kind: DeploymentKind;
  trigger: DeploymentTrigger;
  /** The production deployment this one repairs (rollback, revert, hotfix). */
  remediatesDeploymentId: string | null;
  /** How kind, trigger and remediatesDeploymentId were inferred; empty when given explicitly. */
  inferences: Inference[];
  url: string | null;
  origin: Origin;
  /** Fields the source sent that Panorama does not model, kept as they came. */
  extra: Record<string, unknown> | null;
}

/** An incident. Open while `resolvedAt` is null. */
export interface Incident {
  org: string;
  id: string;
  service: string;
  title: string | null;
  startedAt: Instant;
  detectedAt: Instant | null;
  acknowledgedAt: Instant | null;
  resolvedAt: Instant | null;
  /** The deployment that caused it: a link, never a guess from time proximity. */
  causedByDeploymentId: string | null;
  severity: string | null;
  inferences: Inference[];
  url: string | null;
  origin: Origin;
  /** Fields the source sent that Panorama does not model, kept as they came. */
  extra: Record<string, unknown> | null;
}

/** Every kind of record, for code that handles them together (import, storage counts). */
export interface RecordSet {
  repositories: Repository[];
  commits: Commit[];
  pullRequests: PullRequest[];
  deployments: Deployment[];
  incidents: Incident[];
}

/** The production deployment rule of METRICS.md section 2. */
export function isProductionDeployment(d: Deployment): boolean {
  return d.environment === 'production' && d.status === 'success';
}

/** A change is a commit with fewer than two parents (merge commits are not changes). */
export function isChange(c: Pick<Commit, 'parents'>): boolean {
  return c.parents.length < 2;
}

/**
 * One sample of a service's availability from an uptime check or a load balancer: `good` of
 * `total` requests (or probes) succeeded in the interval ending at `at`. Keyed by
 * (org, service, at): a later sample for the same instant replaces the earlier one.
 */
export interface UptimeSample {
  org: string;
  service: string;
  at: Instant;
  good: number;
  total: number;
  origin: Origin;
}

/**
 * An item of the technical-debt register: a known shortcut, its cost while it stays
 * (interest) and the cost of removing it (principal), in engineering hours.
 */
export interface DebtItem {
  org: string;
  /** Deterministic: `debt:<slug of title>` unless given. Unique per organisation. */
  id: string;
  service: string;
  title: string;
  /** Engineering hours lost per month while the item stays. */
  interestHoursPerMonth: number;
  /** Engineering hours to remove it. */
  principalHours: number;
  /** When it was recorded, and when it was paid off (null while open). */
  createdAt: Instant;
  resolvedAt: Instant | null;
  /** Ids of incidents and pull requests it is linked to. */
  incidentIds: string[];
  pullRequestIds: string[];
  url: string | null;
  origin: Origin;
  extra: Record<string, unknown> | null;
}
