/**
 * GitLab REST objects → domain records. Pure: no I/O, no clock; the connector fetches, this maps.
 * Shared with the GitLab webhook (server/webhooks/gitlab-webhook.ts) where the shapes are truly
 * the same: GitLab's time formats and the deployment status rule.
 *
 * - A merge request's first review is the earliest approval, or note, by someone other than its
 *   author (approvals carry `approved_at` on recent GitLab; the "approved this merge request"
 *   system note says when on every version); its commits become Commit records so lead time can
 *   start at the first one.
 * - Deployments in a final state only (success, failed → failure, canceled → cancelled); the
 *   environment is `production` when its name matches one of the configured names or globs.
 * - Incidents are issues of type incident; a `Caused-by:` line in the description names the
 *   deployment that caused one (parsed here, resolved by the connector): a link, never a guess
 *   from time proximity.
 */
import {
  makeId,
  parseTimestamp,
  type Commit,
  type Deployment,
  type DeploymentStatus,
  type Incident,
  type Inference,
  type Instant,
  type PullRequest,
  type Repository,
} from '../../domain/index.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { globMatcher } from '../git/glob.js';
import type {
  GitlabApprovals,
  GitlabCommit,
  GitlabDeployment,
  GitlabIssue,
  GitlabIssueLink,
  GitlabMergeRequest,
  GitlabNote,
  GitlabProject,
} from './gitlab-api-types.js';

/** GitLab writes `2021-04-28 21:50:00 +0200`, `2021-04-28 21:50:00 UTC` or ISO-8601. */
export function parseGitlabTime(text: string): ReturnType<typeof parseTimestamp> {
  return parseTimestamp(
    text
      .trim()
      .replace(/ UTC$/, 'Z')
      .replace(/ ([+-]\d{2}:?\d{2})$/, '$1'),
  );
}

/** A deployment's final status, or null while it is not final (created, running, blocked...). */
export function gitlabDeploymentStatus(status: string): DeploymentStatus | null {
  if (status === 'success') return 'success';
  if (status === 'failed') return 'failure';
  if (status === 'canceled') return 'cancelled';
  return null;
}

/** What every mapping of one project needs. */
export interface GitlabMapContext {
  org: string;
  /** `group/subgroup/project`. */
  project: string;
  /** The Panorama service of the project's records. */
  service: string;
  /** Environment names (exact or globs) that mean production. */
  productionEnvironments: readonly string[];
}

/** The origin of a record mapped from the raw payload (`entity`, `key`). */
export function gitlabRawId(entity: string, key: string): string {
  return `${entity}:${key}`;
}

function origin(entity: string, key: string): { source: string; rawId: string } {
  return { source: 'gitlab', rawId: gitlabRawId(entity, key) };
}

function instant(text: string, what: string): Instant {
  const parsed = parseGitlabTime(text);
  if (parsed.ok) return parsed.value;
  throw new ConnectorError(ERROR_CODES.CONNECTOR_BAD_RESPONSE, `GitLab sent ${what} as "${text}": ${parsed.reason}`, {
    details: { source: 'gitlab', retryable: false },
  });
}

function optionalInstant(text: string | null | undefined, what: string): Instant | null {
  return text === null || text === undefined || text === '' ? null : instant(text, what);
}

/** The project as a Repository record. */
export function mapGitlabProject(ctx: GitlabMapContext, project: GitlabProject): Repository {
  return {
    org: ctx.org,
    name: project.path_with_namespace,
    defaultBranch: project.default_branch ?? 'main',
    baselineProductionSha: null,
    url: project.web_url ?? null,
    origin: origin('projects', project.path_with_namespace),
    extra: { gitlab_project_id: project.id },
  };
}

/** Raw keys: `group/project!12` (merge requests), `group/project#7` (issues). */
export function mergeRequestKey(project: string, iid: number): string {
  return `${project}!${iid}`;
}
export function issueKey(project: string, iid: number): string {
  return `${project}#${iid}`;
}

/** GitLab's system note when someone approves (`approved this merge request`). */
const APPROVAL_NOTE = /^approved this merge request/i;

/**
 * The first review of a merge request: the earliest approval by someone other than the author,
 * or note by someone other than the author (a comment, or the system note of an approval).
 * Other system notes (`added 1 commit`, `mentioned in ...`) are not reviews.
 */
export function firstGitlabReviewAt(
  mr: GitlabMergeRequest,
  approvals: GitlabApprovals,
  notes: readonly GitlabNote[],
): Instant | null {
  const authorId = mr.author.id;
  const times: Instant[] = [];
  for (const approval of approvals.approved_by) {
    if (approval.user.id === authorId || !approval.approved_at) continue;
    times.push(instant(approval.approved_at, `approved_at of ${mr.web_url ?? `!${mr.iid}`}`));
  }
  for (const note of notes) {
    if (note.author.id === authorId) continue;
    if (note.system && !APPROVAL_NOTE.test(note.body)) continue;
    times.push(instant(note.created_at, `created_at of note ${note.id}`));
  }
  return times.length === 0 ? null : Math.min(...times);
}

/** `Name <email>`, like the git connector's commit authors. */
function identity(name: string, email: string | null | undefined): string {
  return email ? `${name} <${email}>` : name;
}

/** A commit of a merge request. */
export function mapGitlabCommit(ctx: GitlabMapContext, commit: GitlabCommit): Commit {
  return {
    org: ctx.org,
    repository: ctx.project,
    sha: commit.id.toLowerCase(),
    parents: (commit.parent_ids ?? []).map((p) => p.toLowerCase()),
    author: identity(commit.author_name, commit.author_email),
    authoredAt: instant(commit.authored_date, `authored_date of commit ${commit.id}`),
    committedAt: instant(commit.committed_date, `committed_date of commit ${commit.id}`),
    message: commit.message ?? null,
    additions: null,
    deletions: null,
    services: [],
    origin: origin('commits', `${ctx.project}@${commit.id.toLowerCase()}`),
    extra: null,
  };
}

/** A merge request with its approvals, notes and commits. */
export function mapGitlabMergeRequest(
  ctx: GitlabMapContext,
  mr: GitlabMergeRequest,
  approvals: GitlabApprovals,
  notes: readonly GitlabNote[],
  commits: readonly GitlabCommit[],
): PullRequest {
  const merged = mr.state === 'merged';
  // The commit the target branch got: the merge commit, else the squash commit, else (a
  // fast-forward merge) the head itself.
  const landed = mr.merge_commit_sha ?? mr.squash_commit_sha ?? (merged ? mr.sha : null) ?? null;
  return {
    org: ctx.org,
    id: makeId('gitlab', 'merge_request', ctx.project, mr.iid),
    repository: ctx.project,
    service: ctx.service,
    number: mr.iid,
    title: mr.title ?? null,
    author: mr.author.username,
    createdAt: instant(mr.created_at, `created_at of !${mr.iid}`),
    firstReviewAt: firstGitlabReviewAt(mr, approvals, notes),
    mergedAt: merged ? optionalInstant(mr.merged_at, `merged_at of !${mr.iid}`) : null,
    mergeCommitSha: merged && landed ? landed.toLowerCase() : null,
    commitShas: commits.map((c) => c.id.toLowerCase()),
    baseBranch: mr.target_branch,
    state: merged ? 'merged' : mr.state === 'opened' ? 'open' : 'closed',
    revertsPr: null,
    additions: null,
    deletions: null,
    url: mr.web_url ?? null,
    origin: origin('merge_requests', mergeRequestKey(ctx.project, mr.iid)),
    extra: {
      source_branch: mr.source_branch ?? null,
      draft: mr.draft ?? false,
      squash: mr.squash ?? false,
      approved_by: approvals.approved_by.map((a) => a.user.username),
    },
  };
}

/** Whether an environment name means production under the configured names or globs. */
export function productionMatcher(names: readonly string[]): (environment: string) => boolean {
  const matches = globMatcher(names);
  return (environment) => matches(environment) || matches(environment.toLowerCase());
}

/** A deployment in a final state; null while it is created, running, blocked or skipped. */
export function mapGitlabDeployment(
  ctx: GitlabMapContext,
  d: GitlabDeployment,
  isProduction: (environment: string) => boolean = productionMatcher(ctx.productionEnvironments),
): Deployment | null {
  const status = gitlabDeploymentStatus(d.status);
  if (status === null) return null;
  const name = d.environment.name;
  return {
    org: ctx.org,
    id: makeId('gitlab', 'deployment', ctx.project, d.id),
    service: ctx.service,
    repository: ctx.project,
    environment: isProduction(name) ? 'production' : name,
    originalEnvironment: name,
    status,
    originalStatus: d.status,
    startedAt: optionalInstant(d.deployable?.started_at, `deployable.started_at of deployment ${d.id}`),
    // A finished deployment's updated_at is when it reached its final state (finished_at is
    // missing on GitLab before 16.x).
    finishedAt: instant(d.finished_at ?? d.updated_at, `finished_at of deployment ${d.id}`),
    commitSha: d.sha.toLowerCase(),
    kind: 'regular',
    trigger: 'planned',
    remediatesDeploymentId: null,
    inferences: [],
    url: d.deployable?.web_url ?? null,
    origin: origin('deployments', `${ctx.project}/deployments/${d.id}`),
    extra: {
      gitlab_iid: d.iid ?? null,
      ref: d.ref ?? null,
      environment_tier: d.environment.tier ?? null,
      pipeline_id: d.deployable?.pipeline?.id ?? null,
    },
  };
}

/** What a `Caused-by:` line names. */
export type CausedByReference =
  | { kind: 'deployment'; text: string; deploymentId: string }
  | { kind: 'merge_request'; text: string; project: string; iid: number }
  | { kind: 'sha'; text: string; sha: string };

/**
 * The first `Caused-by:` line of an incident's description: a deployment (`gitlab:deployment:
 * group/project:55` or `deployment 55`, GitLab's deployment id), a merge request (`!12`,
 * `group/project!12` or its URL `.../group/project/-/merge_requests/12`) or a commit SHA (7 to 40
 * hex characters). Null when there is no such line or it names none of these.
 */
export function parseCausedBy(description: string | null | undefined, project: string): CausedByReference | null {
  if (!description) return null;
  const line = /^[ \t>*_-]*caused[- ]by\s*:\s*(.+?)\s*$/im.exec(description);
  if (!line?.[1]) return null;
  // Markdown emphasis or code around the reference (`**!12**`, `` `abc1234` ``) is not part of it.
  const text = line[1].trim().replace(/^[`*_]+|[`*_]+$/g, '');
  const fullId = /^gitlab:deployment:(.+):(\d+)$/.exec(text);
  if (fullId) return { kind: 'deployment', text, deploymentId: text };
  const deployment = /^deployment\s+#?(\d+)$/i.exec(text);
  if (deployment) return { kind: 'deployment', text, deploymentId: makeId('gitlab', 'deployment', project, Number(deployment[1])) };
  const url = /^https?:\/\/[^/]+\/(.+?)\/-\/merge_requests\/(\d+)\/?(?:[#?].*)?$/.exec(text);
  if (url?.[1] && url[2]) return { kind: 'merge_request', text, project: url[1], iid: Number(url[2]) };
  const ref = /^([\w.\-/]*)!(\d+)$/.exec(text);
  if (ref?.[2]) return { kind: 'merge_request', text, project: ref[1] || project, iid: Number(ref[2]) };
  const sha = /^[0-9a-f]{7,40}$/i.exec(text);
  if (sha) return { kind: 'sha', text, sha: text.toLowerCase() };
  return null;
}

/** The deployment a Caused-by line resolved to, with the rule and facts that resolved it. */
export interface CausedByResolution {
  deploymentId: string;
  rule: string;
  detail: string;
}

/** An incident (an issue of type incident) with its links and resolved Caused-by line. */
export function mapGitlabIncident(
  ctx: GitlabMapContext,
  issue: GitlabIssue,
  links: readonly GitlabIssueLink[],
  causedBy: CausedByResolution | null,
): Incident {
  const created = instant(issue.created_at, `created_at of #${issue.iid}`);
  const inferences: Inference[] = causedBy
    ? [{ field: 'caused_by_deployment_id', value: causedBy.deploymentId, rule: causedBy.rule, detail: causedBy.detail }]
    : [];
  const reference = parseCausedBy(issue.description, ctx.project);
  return {
    org: ctx.org,
    id: makeId('gitlab', 'incident', ctx.project, issue.iid),
    service: ctx.service,
    title: issue.title,
    startedAt: created,
    detectedAt: created,
    acknowledgedAt: null,
    resolvedAt: issue.state === 'closed' ? optionalInstant(issue.closed_at, `closed_at of #${issue.iid}`) : null,
    causedByDeploymentId: causedBy?.deploymentId ?? null,
    severity: issue.severity ?? null,
    inferences,
    url: issue.web_url ?? null,
    origin: origin('issues', issueKey(ctx.project, issue.iid)),
    extra: {
      labels: issue.labels ?? [],
      links: links.map((l) => ({ issue: l.references?.full ?? l.web_url ?? `#${l.iid}`, type: l.link_type ?? 'relates_to' })),
      ...(reference && !causedBy ? { caused_by_unresolved: reference.text } : {}),
      // A named commit the sync could not tie to a deployment of its own: the report links it
      // through the commit graph (src/metrics/dora/incident-causes.ts).
      ...(reference?.kind === 'sha' && !causedBy ? { caused_by_commit_sha: reference.sha } : {}),
    },
  };
}
