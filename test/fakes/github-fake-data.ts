/**
 * Builders for the GitHub fake's data: a small hand-written repository whose every mapped
 * record the tests spell out, and a generated one of any size (pagination, resumability, the
 * benchmark). Deterministic: SHAs are derived from names, times from a fixed start.
 */
import { createHash } from 'node:crypto';
import type { FakeCommit, FakeDeployment, FakeIssue, FakePullRequest, FakeRelease, FakeRepository } from './github-fake.js';

/** A 40-hex SHA derived from a name. */
export function sha(name: string): string {
  return createHash('sha1').update(name).digest('hex');
}

export function commit(name: string, parents: string[], at: string, login = 'alice'): FakeCommit {
  return {
    oid: sha(name), message: `${name}\n`, authoredDate: at, committedDate: at, additions: 10, deletions: 2,
    author: { name: login, email: `${login}@acme.test`, login }, parents,
  };
}

export function release(id: number, tag: string, at: string, full: string): FakeRelease {
  return {
    id, node_id: `RE_${id}`, tag_name: tag, target_commitish: 'main', name: tag, draft: false, prerelease: false,
    created_at: at, published_at: at, html_url: `https://github.com/${full}/releases/tag/${tag}`,
    url: `https://api.github.com/repos/${full}/releases/${id}`, body: null,
  };
}

/**
 * `acme/api`: three pull requests, six deployments, five issues (four of them incidents), two
 * releases. What each becomes is asserted in test/integration/github-sync.test.ts.
 */
export function smallRepository(): FakeRepository {
  const c1 = commit('c1', [sha('base')], '2026-03-01T09:00:00Z');
  const c2 = commit('c2', [sha('c1')], '2026-03-01T09:30:00Z');
  const c3 = commit('c3', [sha('base')], '2026-03-02T08:00:00Z', 'bob');
  const c4 = commit('c4', [sha('base')], '2026-03-03T08:00:00Z', 'carol');
  const pr1: FakePullRequest = {
    number: 1, title: 'Faster checkout', state: 'MERGED', author: 'alice',
    createdAt: '2026-03-01T10:00:00Z', updatedAt: '2026-03-02T12:00:00Z', mergedAt: '2026-03-02T12:00:00Z', closedAt: '2026-03-02T12:00:00Z',
    baseRefName: 'main', headRefName: 'feat/checkout', additions: 20, deletions: 4, mergeCommitOid: sha('m1'),
    labels: ['feature'], commits: [c1, c2],
    reviews: [
      { author: 'alice', submittedAt: '2026-03-01T10:30:00Z', state: 'COMMENTED' },
      { author: 'dave', submittedAt: null, state: 'PENDING' },
      { author: 'bob', submittedAt: '2026-03-01T15:00:00Z', state: 'APPROVED' },
      { author: 'carol', submittedAt: '2026-03-01T13:00:00Z', state: 'COMMENTED' },
    ],
  };
  const pr2: FakePullRequest = {
    number: 2, title: 'Try a new cache', state: 'OPEN', author: 'bob',
    createdAt: '2026-03-02T08:30:00Z', updatedAt: '2026-03-02T09:00:00Z', mergedAt: null, closedAt: null,
    baseRefName: 'main', headRefName: 'exp/cache', additions: 5, deletions: 0, mergeCommitOid: null,
    labels: [], commits: [c3], reviews: [],
  };
  const pr3: FakePullRequest = {
    number: 3, title: 'Abandoned', state: 'CLOSED', author: 'carol',
    createdAt: '2026-03-03T08:30:00Z', updatedAt: '2026-03-03T09:00:00Z', mergedAt: null, closedAt: '2026-03-03T09:00:00Z',
    baseRefName: 'main', headRefName: 'wip', additions: 1, deletions: 1, mergeCommitOid: null,
    labels: [], commits: [c4], reviews: [{ author: 'alice', submittedAt: '2026-03-03T08:45:00Z', state: 'CHANGES_REQUESTED' }],
  };
  const deployment = (id: number, environment: string, commitOid: string, createdAt: string, statuses: FakeDeployment['statuses'], payload = '{}'): FakeDeployment => ({
    databaseId: id, environment, createdAt, updatedAt: statuses[statuses.length - 1]?.createdAt ?? createdAt, commitOid,
    ref: 'main', task: 'deploy', payload, statuses,
  });
  const deployments = [
    deployment(101, 'production', sha('m1'), '2026-03-02T13:00:00Z', [
      { state: 'PENDING', createdAt: '2026-03-02T13:00:00Z' },
      { state: 'SUCCESS', createdAt: '2026-03-02T13:10:00Z', logUrl: 'https://ci.acme.test/runs/101' },
      { state: 'INACTIVE', createdAt: '2026-03-05T09:00:00Z' },
    ]),
    deployment(102, 'production', sha('c3'), '2026-03-03T10:00:00Z', [{ state: 'FAILURE', createdAt: '2026-03-03T10:05:00Z' }]),
    deployment(103, 'staging', sha('m1'), '2026-03-02T12:30:00Z', [{ state: 'SUCCESS', createdAt: '2026-03-02T12:40:00Z' }]),
    deployment(104, 'prod-eu', sha('m1'), '2026-03-02T13:20:00Z', [{ state: 'SUCCESS', createdAt: '2026-03-02T13:30:00Z' }], '{"service":"checkout"}'),
    deployment(105, 'production', sha('c4'), '2026-03-04T10:00:00Z', [{ state: 'IN_PROGRESS', createdAt: '2026-03-04T10:01:00Z' }]),
    deployment(106, 'production', sha('c4'), '2026-03-04T11:00:00Z', [{ state: 'ERROR', createdAt: '2026-03-04T11:02:00Z' }]),
  ];
  const issue = (number: number, labels: string[], body: string, createdAt: string, closedAt: string | null): FakeIssue => ({
    number, title: `Issue ${number}`, body, state: closedAt ? 'CLOSED' : 'OPEN', createdAt, updatedAt: closedAt ?? createdAt, closedAt,
    author: 'oncall', labels,
  });
  const issues = [
    issue(10, ['incident', 'sev1'], 'Checkout broke.\n\nCaused-by: #1\n', '2026-03-02T14:00:00Z', '2026-03-02T16:00:00Z'),
    issue(11, ['Incident'], 'Errors after the deploy.\ncaused by: deployment 102', '2026-03-03T10:30:00Z', '2026-03-03T11:00:00Z'),
    issue(12, ['incident'], `Latency.\n\nCaused-by: ${sha('m1').slice(0, 8)}`, '2026-03-02T15:00:00Z', null),
    issue(13, ['bug'], 'Caused-by: #1', '2026-03-02T15:30:00Z', null),
    issue(14, ['incident', 'severity: high'], 'Started an hour after a deploy; no cause named.', '2026-03-02T14:10:00Z', '2026-03-02T18:00:00Z'),
  ];
  return {
    owner: 'acme', name: 'api', defaultBranch: 'main',
    pullRequests: [pr1, pr2, pr3], deployments, issues,
    releases: [release(7001, 'v1.0.0', '2026-03-01T00:00:00Z', 'acme/api'), release(7002, 'v1.1.0', '2026-03-02T13:00:00Z', 'acme/api')],
    workflowRuns: [],
  };
}

export interface GeneratedSize {
  pullRequests: number;
  deployments: number;
  incidents: number;
  /** Commits per pull request (default 3) and reviews per pull request (default 2). */
  commitsPerPr?: number;
  reviewsPerPr?: number;
}

const BASE = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A generated pull request `n` (merged), updated at `updatedMs`. */
export function generatedPullRequest(full: string, n: number, updatedMs: number, commitsPerPr = 3, reviewsPerPr = 2): FakePullRequest {
  const created = updatedMs - 6 * 3_600_000;
  const commits: FakeCommit[] = [];
  for (let i = 0; i < commitsPerPr; i++) {
    commits.push(commit(`${full}#${n}/${i}`, [i === 0 ? sha(`${full}:base`) : sha(`${full}#${n}/${i - 1}`)], iso(created - (commitsPerPr - i) * 60_000), `dev${n % 17}`));
  }
  const reviews: FakePullRequest['reviews'] = [];
  for (let i = 0; i < reviewsPerPr; i++) {
    reviews.push({ author: `dev${(n + 1 + i) % 17}`, submittedAt: iso(created + (i + 1) * 3_600_000), state: i === 0 ? 'COMMENTED' : 'APPROVED' });
  }
  return {
    number: n, title: `Change ${n}`, state: 'MERGED', author: `dev${n % 17}`,
    createdAt: iso(created), updatedAt: iso(updatedMs), mergedAt: iso(updatedMs), closedAt: iso(updatedMs),
    baseRefName: 'main', headRefName: `change-${n}`, additions: n % 300, deletions: n % 50,
    mergeCommitOid: sha(`${full}#${n}/merge`), labels: n % 5 === 0 ? ['bugfix'] : [], commits, reviews,
  };
}

/** A repository of the given size; pull request n is updated at BASE + n hours. */
export function generatedRepository(owner: string, name: string, size: GeneratedSize): FakeRepository {
  const full = `${owner}/${name}`;
  const pullRequests: FakePullRequest[] = [];
  for (let n = 1; n <= size.pullRequests; n++) {
    pullRequests.push(generatedPullRequest(full, n, BASE + n * 3_600_000, size.commitsPerPr, size.reviewsPerPr));
  }
  const deployments: FakeDeployment[] = [];
  for (let i = 1; i <= size.deployments; i++) {
    const pr = pullRequests[(i * 2) % Math.max(1, pullRequests.length)];
    const at = BASE + i * 2 * 3_600_000;
    deployments.push({
      databaseId: 500_000 + i, environment: i % 4 === 0 ? 'staging' : 'production', createdAt: iso(at), updatedAt: iso(at + 600_000),
      commitOid: pr?.mergeCommitOid ?? sha(`${full}:deploy:${i}`), ref: 'main', task: 'deploy', payload: '{}',
      statuses: [
        { state: 'IN_PROGRESS', createdAt: iso(at + 60_000) },
        { state: i % 10 === 0 ? 'FAILURE' : 'SUCCESS', createdAt: iso(at + 600_000) },
      ],
    });
  }
  const issues: FakeIssue[] = [];
  for (let i = 1; i <= size.incidents; i++) {
    const d = deployments[(i * 7) % Math.max(1, deployments.length)];
    const at = BASE + i * 12 * 3_600_000;
    issues.push({
      number: 100_000 + i, title: `Incident ${i}`, body: d ? `Outage.\n\nCaused-by: deployment ${d.databaseId}\n` : 'Outage.',
      state: 'CLOSED', createdAt: iso(at), updatedAt: iso(at + 3_600_000), closedAt: iso(at + 3_600_000), author: 'oncall',
      labels: ['incident'],
    });
  }
  return { owner, name, defaultBranch: 'main', pullRequests, deployments, issues, releases: [release(9001, 'v1.0.0', iso(BASE), full)], workflowRuns: [] };
}
