import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullRequest } from '../../src/domain/index.js';
import { ALICE, BOB, TestRepo, collectAll, ms } from './git-test-repo.js';

/** Each forge's merge message style, merged into one history. */
describe('git connector: pull requests inferred from merge messages', () => {
  let repo: TestRepo;
  const shas: Record<string, string> = {};
  let prs: Map<number, PullRequest>;

  const branchAndMerge = async (branch: string, commits: Array<[string, string]>, message: string, mergedAt: string): Promise<string> => {
    await repo.checkout(branch, true, 'main');
    for (const [subject, at] of commits) shas[subject] = await repo.commit(subject, { at, author: ALICE });
    await repo.checkout('main');
    return repo.merge(branch, message, mergedAt, BOB);
  };

  beforeAll(async () => {
    repo = await TestRepo.create('web');
    await repo.commit('Initial commit', { at: '2026-05-01T08:00:00Z' });
    shas.github = await branchAndMerge('feature/cart', [
      ['Cart model', '2026-05-01T09:00:00+02:00'],
      ['Cart view', '2026-05-01T15:00:00+02:00'],
    ], 'Merge pull request #12 from acme/feature/cart\n\nShopping cart', '2026-05-02T10:00:00Z');
    shas.gitlab = await branchAndMerge('search', [['Search index', '2026-05-03T09:00:00-07:00']],
      "Merge branch 'search' into 'main'\n\nFull-text search\n\nSee merge request acme/web!34", '2026-05-04T10:00:00Z');
    shas.bitbucket = await branchAndMerge('bugfix/price', [['Fix rounding', '2026-05-05T09:00:00+09:00']],
      'Merged in bugfix/price (pull request #56)\n\nFix price rounding\n\nApproved-by: Bob Osei', '2026-05-05T12:00:00Z');
    shas.squash = await repo.commit('Add wishlist (#78)\n\n* wishlist model\n* wishlist page', {
      at: '2026-05-06T09:00:00+05:30', committedAt: '2026-05-06T11:00:00Z', author: ALICE, committer: BOB,
    });
    shas.local = await branchAndMerge('experiment', [['Try something', '2026-05-07T09:00:00Z']], "Merge branch 'experiment'", '2026-05-07T10:00:00Z');
    shas.revert = await branchAndMerge('revert-12-feature/cart', [['Revert "Cart view"', '2026-05-08T09:00:00Z']],
      'Merge pull request #90 from acme/revert-12-feature/cart\n\nRevert "Shopping cart"', '2026-05-08T10:00:00Z');
    const result = await collectAll({ path: repo.dir });
    prs = new Map(result.pullRequests.map((p) => [p.number as number, p]));
  });
  afterAll(() => repo.remove());

  it('reads a GitHub merge: number, title, branch commits, earliest commit as a flagged creation time', () => {
    expect(prs.get(12)).toEqual({
      org: 'acme',
      id: 'git:pull_request:web:12',
      repository: 'web',
      service: 'web',
      number: 12,
      title: 'Shopping cart',
      author: 'Alice Martin <alice@example.com>',
      createdAt: ms('2026-05-01T07:00:00Z'),
      firstReviewAt: null,
      mergedAt: ms('2026-05-02T10:00:00Z'),
      mergeCommitSha: shas.github,
      commitShas: [shas['Cart model'], shas['Cart view']],
      baseBranch: 'main',
      state: 'merged',
      revertsPr: null,
      additions: 2,
      deletions: 0,
      url: null,
      origin: { source: 'git', rawId: null },
      extra: {
        inferred_from: 'commit-message',
        message_style: 'github',
        head_branch: 'feature/cart',
        base_branch_source: 'default-branch',
        created_at_source: 'earliest-commit-authored-at',
      },
    });
  });

  it('reads GitLab and Bitbucket merges', () => {
    expect(prs.get(34)).toMatchObject({
      id: 'git:pull_request:web:34', title: 'Full-text search', mergeCommitSha: shas.gitlab, baseBranch: 'main',
      commitShas: [shas['Search index']], createdAt: ms('2026-05-03T16:00:00Z'),
      extra: expect.objectContaining({ message_style: 'gitlab', head_branch: 'search', base_branch_source: 'commit-message' }),
    });
    expect(prs.get(56)).toMatchObject({
      title: 'Fix price rounding', mergeCommitSha: shas.bitbucket, commitShas: [shas['Fix rounding']],
      extra: expect.objectContaining({ message_style: 'bitbucket', head_branch: 'bugfix/price' }),
    });
  });

  it('reads a squash title ending in (#N): the squash commit is the whole PR', () => {
    expect(prs.get(78)).toMatchObject({
      title: 'Add wishlist', author: 'Alice Martin <alice@example.com>', mergeCommitSha: shas.squash, commitShas: [shas.squash],
      createdAt: ms('2026-05-06T03:30:00Z'), mergedAt: ms('2026-05-06T11:00:00Z'),
      extra: expect.objectContaining({ message_style: 'github-squash', head_branch: null }),
    });
  });

  it('links a revert PR to the PR it reverts, and ignores local merges', () => {
    expect(prs.get(90)?.revertsPr).toBe('git:pull_request:web:12');
    expect([...prs.keys()].sort((a, b) => a - b)).toEqual([12, 34, 56, 78, 90]);
  });
});
