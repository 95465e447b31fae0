/**
 * The store contract, continued: `listPullRequestFacts`, the lean pull request list every
 * report reads, on every database. Each item has exactly the fields the engine reads; a
 * git-inferred pull request (its creation not observed) keeps only `created_at_source` of its
 * extra fields and no commit list (the engine never reads it: its coding step is unknown).
 */
import { expect, it } from 'vitest';
import type { PullRequest, PullRequestFacts } from '../../src/domain/index.js';
import { barePullRequest, HOUR, pullRequest, T0 } from './store-fixtures.js';
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
      facts(inferred, {
        commitShas: [],
        extra: { created_at_source: 'earliest-commit-authored-at' },
      }),
    );
    expect(await store().listPullRequestFacts({ org: 'initech' })).toStrictEqual([]);
  });
});
