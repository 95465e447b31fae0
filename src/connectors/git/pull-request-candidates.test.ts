import { describe, expect, it } from 'vitest';
import { PullRequestCandidates, type PullRequestCandidate } from './pull-request-candidates.js';

const message = 'Merge pull request #7 from acme/feature/long-branch-name\n\nAdd refunds to the billing service';

describe('PullRequestCandidates', () => {
  it('gives back each candidate as it was added, nulls included, in order', () => {
    const added: PullRequestCandidate[] = [
      {
        index: 3,
        mention: { style: 'github', number: 7, title: message.slice(message.lastIndexOf('\n') + 1), headBranch: message.slice(27, 55), baseBranch: null },
        subject: null,
        additions: 12,
        deletions: 0,
        revertedPullRequest: null,
      },
      {
        index: 0,
        mention: { style: 'github-squash', number: 2_147_483_648, title: null, headBranch: null, baseBranch: null },
        subject: 'Fix the checkout (#2147483648)',
        additions: null,
        deletions: null,
        revertedPullRequest: 6,
      },
      {
        index: 1_000_000,
        mention: { style: 'gitlab', number: 12, title: 'Ship it', headBranch: 'feature', baseBranch: 'main' },
        subject: null,
        additions: 0,
        deletions: 5,
        revertedPullRequest: null,
      },
      {
        index: 9,
        mention: { style: 'bitbucket', number: 1, title: null, headBranch: 'feature/x', baseBranch: null },
        subject: 'Merged in feature/x (pull request #1)',
        additions: 1,
        deletions: 1,
        revertedPullRequest: 0,
      },
    ];
    const candidates = new PullRequestCandidates();
    // Past the first capacity, so the columns grow.
    for (let i = 0; i < 1500; i++) for (const c of added) candidates.push(c);
    expect(candidates.length).toBe(6000);
    for (let k = 0; k < candidates.length; k++) {
      const c = added[k % added.length] as PullRequestCandidate;
      expect(candidates.at(k)).toStrictEqual(c);
      expect(candidates.indexAt(k)).toBe(c.index);
      expect(candidates.numberAt(k)).toBe(c.mention.number);
    }
  });
});
