/**
 * Record builders for the metrics tests: terse constructors with sensible defaults, so a test
 * states only what it is about. Instants come from ISO strings with an explicit offset.
 * Test support only (not part of the engine's public surface).
 * @internal
 */
import type {
  Commit,
  Deployment,
  Incident,
  Instant,
  PullRequest,
  Repository,
} from '../../domain/index.js';
import { parseTimestamp } from '../../domain/index.js';
import type { ReportInput, ReportOptions } from '../report.js';

/** The instant of an ISO-8601 timestamp with offset; throws on a bad one. @internal */
export function at(iso: string): Instant {
  const parsed = parseTimestamp(iso);
  if (!parsed.ok) throw new Error(`bad test timestamp ${iso}: ${parsed.reason}`);
  return parsed.value;
}

/** The default organisation of the fixtures. @internal */
export const ORG = 'acme';
/** The default repository of the fixtures. @internal */
export const REPO = 'acme/api';
/** The default service of the fixtures. @internal */
export const SERVICE = 'api';

/** A repository; baseline null unless given. @internal */
export function repository(over: Partial<Repository> = {}): Repository {
  return {
    org: ORG,
    name: REPO,
    defaultBranch: 'main',
    baselineProductionSha: null,
    url: null,
    origin: { source: 'test' },
    extra: null,
    ...over,
  };
}

/** A commit; authoredAt defaults to committedAt. @internal */
export function commit(
  sha: string,
  parents: string[],
  committedAt: string,
  over: Partial<Commit> = {},
): Commit {
  const t = at(committedAt);
  return {
    org: ORG,
    repository: REPO,
    sha,
    parents,
    author: 'ada',
    authoredAt: t,
    committedAt: t,
    message: null,
    additions: null,
    deletions: null,
    services: [],
    origin: { source: 'test' },
    extra: null,
    ...over,
  };
}

/** A successful regular production deployment of SERVICE unless overridden. @internal */
export function deployment(
  id: string,
  commitSha: string,
  finishedAt: string,
  over: Partial<Deployment> = {},
): Deployment {
  return {
    org: ORG,
    id,
    service: SERVICE,
    repository: REPO,
    environment: 'production',
    originalEnvironment: 'production',
    status: 'success',
    originalStatus: 'success',
    startedAt: null,
    finishedAt: at(finishedAt),
    commitSha,
    kind: 'regular',
    trigger: 'planned',
    remediatesDeploymentId: null,
    inferences: [],
    url: null,
    origin: { source: 'test' },
    extra: null,
    ...over,
  };
}

/** An incident of SERVICE; open unless `resolvedAt` is given. @internal */
export function incident(
  id: string,
  startedAt: string,
  resolvedAt: string | null,
  causedByDeploymentId: string | null,
  over: Partial<Incident> = {},
): Incident {
  return {
    org: ORG,
    id,
    service: SERVICE,
    title: null,
    startedAt: at(startedAt),
    detectedAt: null,
    acknowledgedAt: null,
    resolvedAt: resolvedAt === null ? null : at(resolvedAt),
    causedByDeploymentId,
    severity: null,
    inferences: [],
    url: null,
    origin: { source: 'test' },
    extra: null,
    ...over,
  };
}

/** A merged pull request of SERVICE. @internal */
export function pullRequest(
  id: string,
  over: Partial<PullRequest> & { createdAt: Instant },
): PullRequest {
  return {
    org: ORG,
    id,
    repository: REPO,
    service: SERVICE,
    number: null,
    title: null,
    author: 'ada',
    firstReviewAt: null,
    mergedAt: null,
    mergeCommitSha: null,
    commitShas: [],
    baseBranch: 'main',
    state: 'merged',
    revertsPr: null,
    additions: null,
    deletions: null,
    url: null,
    origin: { source: 'test' },
    extra: null,
    ...over,
  };
}

/** A report input with empty lists unless given. @internal */
export function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    org: ORG,
    repositories: [],
    commits: [],
    pullRequests: [],
    deployments: [],
    incidents: [],
    ...over,
  };
}

/** Report options for a UTC window, service SERVICE, evidence on. @internal */
export function options(
  start: string,
  end: string,
  over: Partial<ReportOptions> = {},
): ReportOptions {
  return {
    window: { start: at(start), end: at(end) },
    timezone: 'UTC',
    service: SERVICE,
    now: at(end),
    includeEvidence: true,
    ...over,
  };
}

/** A linear chain of `n` commits c0 <- c1 <- ... one minute apart from `start`. @internal */
export function chain(
  n: number,
  start: string,
  prefix = 'c',
  over: Partial<Commit> = {},
): Commit[] {
  const t0 = at(start);
  const commits: Commit[] = [];
  for (let i = 0; i < n; i++) {
    const t = t0 + i * 60_000;
    commits.push({
      ...commit(`${prefix}${i}`, i === 0 ? [] : [`${prefix}${i - 1}`], start),
      authoredAt: t,
      committedAt: t,
      ...over,
    });
  }
  return commits;
}
