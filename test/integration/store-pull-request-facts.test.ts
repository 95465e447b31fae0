/**
 * The store contract, continued: `listPullRequestFacts`, the lean pull request list every
 * report reads, on every database. Each item has exactly the fields the engine reads; a
 * git-inferred pull request (its creation not observed) keeps only `created_at_source` of its
 * extra fields, and its commit list (its cycle time starts at the earliest commit).
 */
import { expect, it } from 'vitest';
import type { PullRequest, PullRequestFacts } from '../../src/domain/index.js';
import { computeReport } from '../../src/metrics/index.js';
import { loadReportInput } from '../../src/reporting/load-report-input.js';
import { barePullRequest, commit, deployment, HOUR, pullRequest, T0 } from './store-fixtures.js';
import { describeOnDatabases } from './test-databases.js';

const facts = (pr: PullRequest, overrides: Partial<PullRequestFacts> = {}): PullRequestFacts => ({
  id: pr.id,
  repository: pr.repository,
  service: pr.service,
  createdAt: pr.createdAt,
  firstReviewAt: pr.firstReviewAt,
  mergedAt: pr.mergedAt,
  mergeCommitSha: pr.mergeCommitSha,
  commitShas: pr.commitShas,
  additions: pr.additions,
  deletions: pr.deletions,
  extra: pr.extra,
  ...overrides,
});

describeOnDatabases('listPullRequestFacts', (store) => {
  it('lists what the engine reads of every pull request of the organisation', async () => {
    const observed = pullRequest({ extra: null });
    const bare = barePullRequest();
    const inferred = pullRequest({
      id: 'git:pull_request:api:12',
      service: '',
      firstReviewAt: null,
      commitShas: ['b'.repeat(40)],
      extra: {
        inferred_from: 'commit-message',
        created_at_source: 'earliest-commit-authored-at',
      },
    });
    const open = pullRequest({
      id: 'github:pull_request:acme/api:9',
      mergedAt: null,
      mergeCommitSha: null,
      createdAt: T0 + HOUR,
    });
    const other = pullRequest({ org: 'globex', id: 'github:pull_request:globex/web:1' });
    await store().upsertPullRequests([observed, bare, inferred, open, other]);

    const listed = await store().listPullRequestFacts({ org: 'acme' });
    const byId = new Map(listed.map((p) => [p.id, p]));
    expect(listed).toHaveLength(4);
    expect(byId.get(observed.id)).toStrictEqual(facts(observed));
    // Extra fields other than created_at_source are not read by the engine: not listed.
    expect(byId.get(bare.id)).toStrictEqual(facts(bare, { extra: null }));
    expect(byId.get(open.id)).toStrictEqual(facts(open, { extra: null }));
    expect(byId.get(inferred.id)).toStrictEqual(
      facts(inferred, { extra: { created_at_source: 'earliest-commit-authored-at' } }),
    );
    expect(await store().listPullRequestFacts({ org: 'initech' })).toStrictEqual([]);
  });

  it('gives a report the same flow as full records: a git-inferred PR keeps its cycle time', async () => {
    // a1 authored 08:00 on a branch merged as m1 at 10:00, deployed at 12:00: cycle 4 h.
    const a1 = 'a'.repeat(40);
    const m1 = 'c'.repeat(40);
    const base = 'f'.repeat(40);
    const at = (iso: string) => Date.parse(iso);
    await store().upsertOrganization({ id: 'acme', name: 'Acme' });
    await store().upsertCommits([
      commit({
        sha: base,
        parents: [],
        authoredAt: at('2026-05-01T07:00:00Z'),
        committedAt: at('2026-05-01T07:00:00Z'),
      }),
      commit({
        sha: a1,
        parents: [base],
        authoredAt: at('2026-05-01T08:00:00Z'),
        committedAt: at('2026-05-01T08:00:00Z'),
      }),
      commit({
        sha: m1,
        parents: [base, a1],
        authoredAt: at('2026-05-01T10:00:00Z'),
        committedAt: at('2026-05-01T10:00:00Z'),
      }),
    ]);
    await store().upsertPullRequests([
      pullRequest({
        id: 'git:pull_request:api:5',
        service: 'api',
        createdAt: at('2026-05-01T08:00:00Z'),
        firstReviewAt: null,
        mergedAt: at('2026-05-01T10:00:00Z'),
        mergeCommitSha: m1,
        commitShas: [a1],
        extra: { created_at_source: 'earliest-commit-authored-at' },
      }),
    ]);
    await store().upsertDeployments([
      deployment({ id: 'd0', commitSha: base, finishedAt: at('2026-05-01T07:30:00Z') }),
      deployment({ id: 'd1', commitSha: m1, finishedAt: at('2026-05-01T12:00:00Z') }),
    ]);
    const window = { start: at('2026-05-01T00:00:00Z'), end: at('2026-05-02T00:00:00Z') };
    const options = { window, timezone: 'UTC', service: null, now: window.end };
    const lean = computeReport(await loadReportInput(store(), 'acme', null), options);
    const full = computeReport(
      {
        org: 'acme',
        repositories: await store().listRepositories('acme'),
        commits: await store().listCommits({ org: 'acme' }),
        pullRequests: await store().listPullRequests({ org: 'acme' }),
        deployments: await store().listDeployments({ org: 'acme' }),
        incidents: [],
      },
      options,
    );
    expect(lean.flow.cycle.median_seconds).toBe(14_400);
    expect(lean.flow).toStrictEqual(full.flow);
  });

  it('lists only the pull requests merged within a range: from inclusive, to exclusive', async () => {
    const at = (hours: number) => T0 + hours * HOUR;
    const merged = (n: number, mergedAt: number | null) =>
      pullRequest({ id: `github:pull_request:acme/api:${n}`, number: n, mergedAt, state: mergedAt === null ? 'open' : 'merged' });
    await store().upsertPullRequests([
      merged(1, at(0) - 1),
      merged(2, at(0)),
      merged(3, at(5)),
      merged(4, at(10) - 1),
      merged(5, at(10)),
      merged(6, null),
      pullRequest({ org: 'globex', id: 'github:pull_request:globex/web:1', mergedAt: at(5) }),
    ]);
    const listed = await store().listPullRequestFacts({ org: 'acme', mergedRange: { from: at(0), to: at(10) } });
    expect(listed.map((p) => p.id).sort()).toStrictEqual([2, 3, 4].map((n) => `github:pull_request:acme/api:${n}`));
    expect(await store().listPullRequestFacts({ org: 'acme', mergedRange: { from: at(10) } })).toHaveLength(1);
    expect(await store().listPullRequestFacts({ org: 'acme' })).toHaveLength(6);
  });

  it("names the services of an organisation's pull requests, sorted, without the empty one", async () => {
    await store().upsertPullRequests([
      pullRequest({ id: 'p1', service: 'web' }),
      pullRequest({ id: 'p2', service: 'api' }),
      pullRequest({ id: 'p3', service: 'web' }),
      pullRequest({ id: 'p4', service: '' }),
      pullRequest({ org: 'globex', id: 'p5', service: 'billing' }),
    ]);
    expect(await store().listPullRequestServices('acme')).toStrictEqual(['api', 'web']);
    expect(await store().listPullRequestServices('initech')).toStrictEqual([]);
  });

  it("gives the same report when it reads only the windows' pull requests", async () => {
    // Two months of merges on two services; 'search' has pull requests only long before the
    // window, yet the organisation's report still lists it (with no flow in the window).
    const day = 24 * HOUR;
    const start = Date.parse('2026-05-01T00:00:00Z');
    const base = 'f'.repeat(40);
    await store().upsertOrganization({ id: 'acme', name: 'Acme' });
    await store().upsertCommits([commit({ sha: base, parents: [], authoredAt: start - 90 * day, committedAt: start - 90 * day })]);
    const prs: PullRequest[] = [];
    for (let k = 0; k < 40; k++) {
      const mergedAt = start - 45 * day + k * 1.7 * day;
      prs.push(
        pullRequest({
          id: `github:pull_request:acme/api:${k}`,
          number: k,
          service: k % 3 === 0 ? '' : k % 3 === 1 ? 'api' : 'web',
          createdAt: mergedAt - (k + 1) * HOUR,
          firstReviewAt: mergedAt - HOUR,
          mergedAt,
          mergeCommitSha: base,
          commitShas: [base],
          additions: k,
          deletions: 1,
        }),
      );
    }
    prs.push(pullRequest({ id: 'github:pull_request:acme/search:1', repository: 'acme/search', service: 'search', mergedAt: start - 80 * day }));
    prs.push(pullRequest({ id: 'github:pull_request:acme/api:open', mergedAt: null, state: 'open' }));
    await store().upsertPullRequests(prs);
    await store().upsertDeployments([deployment({ id: 'd0', commitSha: base, finishedAt: start - 60 * day })]);
    const window = { start, end: start + 14 * day };
    const previous = { start: start - 14 * day, end: start };
    const options = (w: typeof window) => ({ window: w, timezone: 'UTC', service: null, now: window.end });

    const all = await loadReportInput(store(), 'acme', null);
    const windowed = await loadReportInput(store(), 'acme', null, { windows: [window, previous] });
    expect(windowed.pullRequests.length).toBeLessThan(all.pullRequests.length);
    expect(windowed.pullRequests.every((p) => p.mergedAt !== null && p.mergedAt >= previous.start && p.mergedAt < window.end)).toBe(true);
    const report = computeReport(windowed, options(window));
    expect(report.services).toStrictEqual(['api', 'search', 'web']);
    expect(report.flow.pull_requests).toBeGreaterThan(0);
    expect(report).toStrictEqual(computeReport(all, options(window)));
    expect(computeReport(windowed, options(previous))).toStrictEqual(computeReport(all, options(previous)));
    // A window the pull requests were not read for is refused, not reported without them.
    const later = { start: window.start + day, end: window.end + day };
    expect(() => computeReport(windowed, options(later))).toThrow(/is not within the span its pull requests were read for/);
    expect(computeReport(all, options(later)).flow.pull_requests).toBeGreaterThan(0);
  });
});
