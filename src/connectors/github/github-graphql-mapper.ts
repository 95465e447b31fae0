/**
 * GraphQL and REST sync pages → the facts github-mapper.ts maps. Pure; a timestamp GitHub
 * should never send malformed fails with CONNECTOR_BAD_RESPONSE naming the object.
 */
import { parseTimestamp, type Commit, type Deployment, type Instant, type PullRequest } from '../../domain/index.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { GqlCommit, GqlDeployment, GqlIssue, GqlPullRequest, GqlReview, RestWorkflowJob, RestWorkflowRun } from './github-api-types.js';
import {
  finalDeploymentStatus,
  firstReviewAt,
  githubOrigin,
  mapCommit,
  mapDeployment,
  mapEnvironment,
  mapPullRequest,
  type GithubMapContext,
  type IssueFacts,
} from './github-mapper.js';

/** An instant from a GitHub timestamp; `what` names the object in the error. */
export function instantOf(text: string, what: string): Instant {
  const parsed = parseTimestamp(text);
  if (parsed.ok) return parsed.value;
  throw new ConnectorError(ERROR_CODES.CONNECTOR_BAD_RESPONSE, `GitHub sent an invalid timestamp "${text}" for ${what}: ${parsed.reason}`);
}

function optionalInstant(text: string | null, what: string): Instant | null {
  return text === null ? null : instantOf(text, what);
}

/** The raw-payload id records point back to (`pull_requests:acme/api#12`). */
export function rawId(entity: string, key: string): string {
  return `${entity}:${key}`;
}

export function mapGqlCommit(ctx: GithubMapContext, c: GqlCommit, origin: string): Commit {
  const what = `commit ${c.oid} of ${ctx.repository}`;
  return mapCommit(
    ctx,
    {
      sha: c.oid,
      parents: c.parents.nodes.map((p) => p.oid),
      author: c.author?.user?.login ?? c.author?.email ?? c.author?.name ?? 'unknown',
      authoredAt: instantOf(c.authoredDate, what),
      committedAt: instantOf(c.committedDate, what),
      message: c.message,
      additions: c.additions,
      deletions: c.deletions,
    },
    githubOrigin(origin),
  );
}

/** A pull request from its GraphQL node, with every commit and review given. */
export function mapGqlPullRequest(
  ctx: GithubMapContext,
  pr: GqlPullRequest,
  commits: readonly GqlCommit[],
  reviews: readonly GqlReview[],
  origin: string,
): PullRequest {
  const what = `pull request #${pr.number} of ${ctx.repository}`;
  const author = pr.author?.login ?? 'ghost';
  return mapPullRequest(
    ctx,
    {
      number: pr.number,
      title: pr.title,
      author,
      createdAt: instantOf(pr.createdAt, what),
      state: pr.state === 'OPEN' ? 'open' : 'closed',
      merged: pr.state === 'MERGED',
      mergedAt: optionalInstant(pr.mergedAt, what),
      mergeCommitSha: pr.mergeCommit?.oid ?? null,
      baseBranch: pr.baseRefName,
      additions: pr.additions,
      deletions: pr.deletions,
      url: pr.url,
      firstReviewAt: firstReviewAt(
        reviews.map((r) => ({ author: r.author?.login ?? null, submittedAt: optionalInstant(r.submittedAt, what), state: r.state })),
        author,
      ),
      commitShas: commits.map((c) => c.oid),
      extra: {
        head_branch: pr.headRefName,
        labels: (pr.labels?.nodes ?? []).map((l) => l.name),
        ...(pr.closedAt ? { closed_at: pr.closedAt } : {}),
      },
    },
    githubOrigin(origin),
  );
}

/** The service a deployment names in its payload (a JSON string in GraphQL), if any. */
function payloadOf(text: string | null): unknown {
  if (text === null || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // GitHub lets a deployment's payload be any string: one that is not JSON names no service.
    return null;
  }
}

/** A deployment from its GraphQL node, or null while it has no final status. */
export function mapGqlDeployment(
  ctx: GithubMapContext & { isProduction: (environment: string) => boolean },
  d: GqlDeployment,
  origin: string,
): Deployment | null {
  const what = `deployment ${d.databaseId} of ${ctx.repository}`;
  const final = finalDeploymentStatus(
    (d.statuses?.nodes ?? []).map((s) => ({
      state: s.state.toLowerCase(),
      createdAt: instantOf(s.createdAt, what),
      url: s.logUrl ?? s.environmentUrl ?? null,
    })),
  );
  if (final === null) return null;
  const environment = d.environment ?? 'unknown';
  return mapDeployment(
    ctx,
    {
      id: d.databaseId,
      sha: d.commitOid,
      ref: d.ref?.name ?? null,
      environment,
      originalEnvironment: d.originalEnvironment && d.originalEnvironment !== environment ? d.originalEnvironment : null,
      createdAt: instantOf(d.createdAt, what),
      payload: payloadOf(d.payload),
    },
    final,
    githubOrigin(origin),
  );
}

export function issueFacts(issue: GqlIssue, repository: string): IssueFacts {
  const what = `issue #${issue.number} of ${repository}`;
  return {
    number: issue.number,
    title: issue.title,
    state: issue.state === 'OPEN' ? 'open' : 'closed',
    createdAt: instantOf(issue.createdAt, what),
    closedAt: optionalInstant(issue.closedAt, what),
    url: issue.url,
    labels: (issue.labels?.nodes ?? []).map((l) => l.name),
  };
}

type WorkflowContext = GithubMapContext & { isProduction: (environment: string) => boolean };

/** A run's or job's conclusion as a deployment status; null for the others (skipped, neutral). */
function conclusionStatus(conclusion: string | null): Deployment['status'] | null {
  if (conclusion === 'success') return 'success';
  if (conclusion === 'failure' || conclusion === 'timed_out') return 'failure';
  return conclusion === 'cancelled' ? 'cancelled' : null;
}

/** The production deployment a run or job of a deployment workflow is: what both share. */
function workflowDeployment(
  ctx: WorkflowContext,
  part: Pick<Deployment, 'id' | 'originalEnvironment' | 'status' | 'originalStatus' | 'startedAt' | 'finishedAt' | 'commitSha' | 'url' | 'extra'>,
  inference: { rule: string; detail: string },
  origin: string,
): Deployment {
  return {
    org: ctx.org,
    service: ctx.service,
    repository: ctx.repository,
    environment: mapEnvironment('production', ctx.isProduction),
    ...part,
    kind: 'regular',
    trigger: 'planned',
    remediatesDeploymentId: null,
    inferences: [{ field: 'environment', value: 'production', ...inference }],
    origin: githubOrigin(origin),
  };
}

/**
 * A completed run of a deployment workflow → a production deployment (success, failure or
 * cancelled); null for runs still going or ending otherwise (skipped, neutral).
 * Id: `github:workflow_run:OWNER/NAME:<run id>`.
 */
export function mapWorkflowRun(ctx: WorkflowContext, run: RestWorkflowRun, origin: string): Deployment | null {
  const what = `workflow run ${run.id} of ${ctx.repository}`;
  const conclusion = run.conclusion ?? null;
  const status = conclusionStatus(conclusion);
  if (run.status !== 'completed' || status === null) return null;
  return workflowDeployment(
    ctx,
    {
      id: `github:workflow_run:${ctx.repository}:${run.id}`,
      originalEnvironment: run.name ?? run.path,
      status,
      originalStatus: conclusion ?? 'unknown',
      startedAt: run.run_started_at ? instantOf(run.run_started_at, what) : instantOf(run.created_at, what),
      finishedAt: instantOf(run.updated_at, what),
      commitSha: run.head_sha.toLowerCase(),
      url: run.html_url,
      extra: { workflow_path: run.path, head_branch: run.head_branch, event: run.event, run_attempt: run.run_attempt ?? null },
    },
    { rule: 'deployment-workflow', detail: `workflow "${run.name ?? run.path}" (${run.path}) is configured as a deployment workflow` },
    origin,
  );
}

/**
 * A completed job of a deployment workflow (configured as `workflow#job`) → a production
 * deployment; null while it runs or when it was skipped. Id: `github:workflow_job:OWNER/NAME:<job id>`.
 */
export function mapWorkflowJob(ctx: WorkflowContext, run: RestWorkflowRun, job: RestWorkflowJob, origin: string): Deployment | null {
  const what = `job ${job.id} of ${ctx.repository}`;
  const conclusion = job.conclusion ?? null;
  const status = conclusionStatus(conclusion);
  if (job.status !== 'completed' || status === null || !job.completed_at) return null;
  return workflowDeployment(
    ctx,
    {
      id: `github:workflow_job:${ctx.repository}:${job.id}`,
      originalEnvironment: `${run.name ?? run.path}#${job.name}`,
      status,
      originalStatus: conclusion ?? 'unknown',
      startedAt: instantOf(job.started_at, what),
      finishedAt: instantOf(job.completed_at, what),
      commitSha: job.head_sha.toLowerCase(),
      url: job.html_url,
      extra: { workflow_path: run.path, run_id: Number(run.id), head_branch: job.head_branch, run_attempt: job.run_attempt ?? null },
    },
    { rule: 'deployment-job', detail: `job "${job.name}" of workflow "${run.name ?? run.path}" (${run.path}) is configured as a deployment job` },
    origin,
  );
}
