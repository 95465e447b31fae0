/**
 * The GitHub API shapes the connector reads. REST shapes come from GitHub's own OpenAPI
 * description (@octokit/openapi-types), picked down to the fields used, so a field renamed or
 * retyped upstream breaks the build rather than the data. GraphQL has no such package: its
 * response shapes are typed by hand from the schema (https://docs.github.com/en/graphql/reference)
 * and match the queries in github-queries.ts field for field.
 */
import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];

/** GET /repos/{owner}/{repo} (the fields read). */
export type RestRepository = Pick<Schemas['full-repository'], 'id' | 'name' | 'full_name' | 'default_branch' | 'html_url' | 'private'>;

/** GET /repos/{owner}/{repo}/releases (the fields read; the payload is kept whole). */
export type RestRelease = Pick<
  Schemas['release'],
  'id' | 'tag_name' | 'name' | 'draft' | 'prerelease' | 'created_at' | 'published_at' | 'target_commitish' | 'html_url'
>;

/** GET /repos/{owner}/{repo}/actions/runs (the fields read). */
export type RestWorkflowRun = Pick<
  Schemas['workflow-run'],
  | 'id'
  | 'name'
  | 'path'
  | 'head_sha'
  | 'head_branch'
  | 'status'
  | 'conclusion'
  | 'event'
  | 'created_at'
  | 'updated_at'
  | 'run_started_at'
  | 'html_url'
  | 'run_attempt'
>;

/** GET /repos/{owner}/{repo}/actions/runs. */
export interface RestWorkflowRunList {
  total_count: number;
  workflow_runs: RestWorkflowRun[];
}

/** GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs (the fields read). */
export type RestWorkflowJob = Pick<
  Schemas['job'],
  'id' | 'run_id' | 'name' | 'head_sha' | 'head_branch' | 'status' | 'conclusion' | 'started_at' | 'completed_at' | 'html_url' | 'workflow_name' | 'run_attempt'
>;

/** GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs. */
export interface RestWorkflowJobList {
  total_count: number;
  jobs: RestWorkflowJob[];
}

/** The REST shapes of a pull request, deployment and deployment status (webhooks send these). */
export type RestPullRequest = Schemas['pull-request'];
export type RestDeployment = Schemas['deployment'];
export type RestDeploymentStatus = Schemas['deployment-status'];

// ---------------------------------------------------------------------------------------------
// GraphQL (https://docs.github.com/en/graphql/reference/objects)

export interface GqlPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface GqlConnection<T> {
  totalCount: number;
  pageInfo: GqlPageInfo;
  nodes: T[];
}

export interface GqlRateLimit {
  cost: number;
  remaining: number;
  resetAt: string;
}

export interface GqlActor {
  login: string;
}

/** A commit as the pull-request query reads it. */
export interface GqlCommit {
  oid: string;
  message: string;
  authoredDate: string;
  committedDate: string;
  additions: number;
  deletions: number;
  author: { name: string | null; email: string | null; user: GqlActor | null } | null;
  parents: { nodes: Array<{ oid: string }> };
}

export type GqlPullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';
export type GqlReviewState = 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED';

export interface GqlReview {
  author: GqlActor | null;
  submittedAt: string | null;
  state: GqlReviewState;
}

export interface GqlPullRequest {
  number: number;
  title: string;
  state: GqlPullRequestState;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  url: string;
  additions: number;
  deletions: number;
  baseRefName: string;
  headRefName: string;
  author: GqlActor | null;
  mergeCommit: { oid: string } | null;
  labels: { nodes: Array<{ name: string }> } | null;
  commits: { totalCount: number; pageInfo: GqlPageInfo; nodes: Array<{ commit: GqlCommit }> };
  reviews: { pageInfo: GqlPageInfo; nodes: GqlReview[] } | null;
}

export type GqlDeploymentStatusState =
  | 'ERROR'
  | 'FAILURE'
  | 'INACTIVE'
  | 'PENDING'
  | 'SUCCESS'
  | 'QUEUED'
  | 'IN_PROGRESS'
  | 'WAITING';

export interface GqlDeploymentStatus {
  state: GqlDeploymentStatusState;
  createdAt: string;
  logUrl: string | null;
  environmentUrl: string | null;
  description: string | null;
}

export interface GqlDeployment {
  databaseId: number;
  environment: string | null;
  originalEnvironment: string | null;
  createdAt: string;
  updatedAt: string;
  commitOid: string;
  task: string | null;
  payload: string | null;
  ref: { name: string } | null;
  statuses: { nodes: GqlDeploymentStatus[] } | null;
}

export interface GqlIssue {
  number: number;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  url: string;
  labels: { nodes: Array<{ name: string }> } | null;
}

/** The answer of the pull-request and deployment query. */
export interface GqlDeliveryPage {
  rateLimit: GqlRateLimit | null;
  repository: {
    pullRequests?: GqlConnection<GqlPullRequest>;
    deployments?: GqlConnection<GqlDeployment>;
  } | null;
}

/** The answer of the incident-issue query. */
export interface GqlIssuePage {
  rateLimit: GqlRateLimit | null;
  repository: { issues: GqlConnection<GqlIssue> } | null;
}

/** The answer of the cause query: aliases `c0`, `c1`... (commits) and `p0`... (pull requests). */
export interface GqlCausePage {
  rateLimit: GqlRateLimit | null;
  repository: Record<
    string,
    | { oid: string; deployments: { nodes: GqlDeployment[] } | null }
    | { number: number; mergeCommit: { oid: string; deployments: { nodes: GqlDeployment[] } | null } | null }
    | null
  > | null;
}
