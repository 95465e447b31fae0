/**
 * Domain records for the store contract suite: every field set (extra, inferences, parents,
 * services, instants with milliseconds), with a `bare` variant whose optional fields are null.
 * Each builder takes overrides.
 */
import type {
  Commit,
  Deployment,
  Incident,
  PullRequest,
  Repository,
} from '../../src/domain/index.js';

/** 2024-05-01T12:00:00.123Z: instants keep their milliseconds through the store. */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 123);
export const HOUR = 3_600_000;

export function repository(overrides: Partial<Repository> = {}): Repository {
  return {
    org: 'acme',
    name: 'acme/api',
    defaultBranch: 'main',
    baselineProductionSha: 'b'.repeat(40),
    url: 'https://git.example/acme/api',
    origin: { source: 'github', rawId: 'repo-1' },
    extra: { topics: ['payments', 'core'], archived: false },
    ...overrides,
  };
}

export function commit(overrides: Partial<Commit> = {}): Commit {
  return {
    org: 'acme',
    repository: 'acme/api',
    sha: 'a'.repeat(40),
    parents: ['1'.repeat(40), '2'.repeat(40)],
    author: 'ada@acme.test',
    authoredAt: T0 - 1,
    committedAt: T0,
    message: 'Merge "quoted" branch\n\nwith a body, unicode ✓ and a \\ backslash',
    additions: 12,
    deletions: 3,
    services: ['api', 'worker'],
    origin: { source: 'git', rawId: 'raw-commit-1' },
    extra: { signed: true, trailers: { 'Co-authored-by': ['bob'] }, score: 1.5 },
    ...overrides,
  };
}

/** A commit with every optional field null and empty lists. */
export function bareCommit(overrides: Partial<Commit> = {}): Commit {
  return commit({
    sha: 'c'.repeat(40),
    parents: [],
    message: null,
    additions: null,
    deletions: null,
    services: [],
    origin: { source: 'import', rawId: null },
    extra: null,
    ...overrides,
  });
}

export function pullRequest(overrides: Partial<PullRequest> = {}): PullRequest {
  return {
    org: 'acme',
    id: 'github:pull_request:acme/api:7',
    repository: 'acme/api',
    service: 'api',
    number: 7,
    title: 'Add refunds',
    author: 'ada',
    createdAt: T0,
    firstReviewAt: T0 + HOUR + 1,
    mergedAt: T0 + 2 * HOUR + 2,
    mergeCommitSha: 'a'.repeat(40),
    commitShas: ['d'.repeat(40), 'e'.repeat(40)],
    baseBranch: 'main',
    state: 'merged',
    revertsPr: 'github:pull_request:acme/api:6',
    additions: 40,
    deletions: 2,
    url: 'https://git.example/acme/api/pull/7',
    origin: { source: 'github', rawId: 'pr-7' },
    extra: { labels: ['feature'] },
    ...overrides,
  };
}

export function barePullRequest(overrides: Partial<PullRequest> = {}): PullRequest {
  return pullRequest({
    id: 'import:pull_request:8',
    number: null,
    title: null,
    firstReviewAt: null,
    mergedAt: null,
    mergeCommitSha: null,
    commitShas: [],
    state: null,
    revertsPr: null,
    additions: null,
    deletions: null,
    url: null,
    origin: { source: 'import', rawId: null },
    extra: null,
    ...overrides,
  });
}

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    org: 'acme',
    id: 'ci:deployment:101',
    service: 'api',
    repository: 'acme/api',
    environment: 'production',
    originalEnvironment: 'prod-eu-1',
    status: 'success',
    originalStatus: 'SUCCEEDED',
    startedAt: T0 - 60_001,
    finishedAt: T0,
    commitSha: 'a'.repeat(40),
    kind: 'rollback',
    trigger: 'incident_remediation',
    remediatesDeploymentId: 'ci:deployment:100',
    inferences: [
      {
        field: 'kind',
        value: 'rollback',
        rule: 'rollback-ancestor',
        detail: 'Redeployed 1111111, an ancestor of 2222222.',
      },
    ],
    url: 'https://ci.example/runs/101',
    origin: { source: 'ci', rawId: 'run-101' },
    extra: { pipeline: { id: 9, stages: ['build', 'deploy'] } },
    ...overrides,
  };
}

export function bareDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return deployment({
    id: 'import:deployment:102',
    kind: 'regular',
    trigger: 'planned',
    startedAt: null,
    remediatesDeploymentId: null,
    inferences: [],
    url: null,
    origin: { source: 'import', rawId: null },
    extra: null,
    ...overrides,
  });
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    org: 'acme',
    id: 'pagerduty:incident:P1',
    service: 'api',
    title: 'Checkout errors',
    startedAt: T0 + HOUR,
    detectedAt: T0 + HOUR + 5_001,
    acknowledgedAt: T0 + HOUR + 60_002,
    resolvedAt: T0 + 3 * HOUR + 3,
    causedByDeploymentId: 'ci:deployment:101',
    severity: 'SEV1',
    inferences: [
      {
        field: 'caused_by_deployment_id',
        value: 'ci:deployment:101',
        rule: 'linked',
        detail: 'Named in the incident.',
      },
    ],
    url: 'https://pd.example/P1',
    origin: { source: 'pagerduty', rawId: 'P1' },
    extra: { responders: ['ada'] },
    ...overrides,
  };
}

export function bareIncident(overrides: Partial<Incident> = {}): Incident {
  return incident({
    id: 'import:incident:2',
    title: null,
    detectedAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    causedByDeploymentId: null,
    severity: null,
    inferences: [],
    url: null,
    origin: { source: 'import', rawId: null },
    extra: null,
    ...overrides,
  });
}

/** `n` distinct commits of one repository, one minute apart. */
export function manyCommits(n: number, overrides: Partial<Commit> = {}): Commit[] {
  return Array.from({ length: n }, (_, i) =>
    bareCommit({
      sha: i.toString(16).padStart(40, '0'),
      committedAt: T0 + i * 60_000,
      parents: [],
      ...overrides,
    }),
  );
}
