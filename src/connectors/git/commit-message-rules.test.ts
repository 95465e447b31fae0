import { describe, expect, it } from 'vitest';
import { mergedBranchOf, parsePullRequestMention, parseRevertMention } from './commit-message-rules.js';

describe('parsePullRequestMention', () => {
  it('reads a GitHub merge commit', () => {
    expect(parsePullRequestMention('Merge pull request #123 from acme/feature/login\n\nAdd login form', true)).toEqual({
      style: 'github',
      number: 123,
      title: 'Add login form',
      headBranch: 'feature/login',
      baseBranch: null,
    });
  });

  it('reads a GitLab merge commit', () => {
    const message = "Merge branch 'feat-x' into 'main'\n\nAdd X\n\nCloses #4\n\nSee merge request acme/platform/api!45";
    expect(parsePullRequestMention(message, true)).toEqual({
      style: 'gitlab',
      number: 45,
      title: 'Add X',
      headBranch: 'feat-x',
      baseBranch: 'main',
    });
  });

  it('reads Bitbucket Cloud and Server merge commits', () => {
    expect(parsePullRequestMention('Merged in feature/pay (pull request #12)\n\nPay by card\n\nApproved-by: Bo', true)).toEqual({
      style: 'bitbucket',
      number: 12,
      title: 'Pay by card',
      headBranch: 'feature/pay',
      baseBranch: null,
    });
    expect(parsePullRequestMention('Merge pull request #7 in PROJ/repo from bugfix/x to master', true)).toMatchObject({
      style: 'bitbucket',
      number: 7,
      headBranch: 'bugfix/x',
      baseBranch: 'master',
    });
  });

  it('reads a squash title ending in (#N), but not on merges or cherry-picks', () => {
    expect(parsePullRequestMention('Add search (#88)\n\n* wip\n* fix', false)).toEqual({
      style: 'github-squash',
      number: 88,
      title: 'Add search',
      headBranch: null,
      baseBranch: null,
    });
    expect(parsePullRequestMention('Add search (#88)', true)).toBeNull();
    expect(parsePullRequestMention('Add search (#88)\n\n(cherry picked from commit 0123abcd)', false)).toBeNull();
  });

  it('ignores ordinary commits and local merges', () => {
    expect(parsePullRequestMention('Fix typo', false)).toBeNull();
    expect(parsePullRequestMention("Merge branch 'main' into feature", true)).toBeNull();
    expect(parsePullRequestMention('See #12 for context', false)).toBeNull();
  });
});

describe('parseRevertMention', () => {
  it('reads git revert messages', () => {
    const sha = 'a'.repeat(40);
    expect(parseRevertMention(`Revert "Add login"\n\nThis reverts commit ${sha}.`)).toEqual({
      revertedSha: sha,
      revertedTitle: 'Add login',
      revertedPullRequest: null,
    });
  });

  it('reads squash-merged GitHub reverts and revert branches', () => {
    expect(parseRevertMention('Revert "Add login (#42)" (#50)\n\nReverts acme/api#42')).toEqual({
      revertedSha: null,
      revertedTitle: 'Add login (#42)',
      revertedPullRequest: 42,
    });
    expect(parseRevertMention('Merge pull request #51 from acme/revert-42-login', 'revert-42-login')).toMatchObject({
      revertedPullRequest: 42,
    });
  });

  it('keeps the inner title of a revert of a revert', () => {
    expect(parseRevertMention('Revert "Revert "Add login""')?.revertedTitle).toBe('Revert "Add login"');
  });

  it('is null for other commits', () => {
    expect(parseRevertMention('Reverting is hard: notes')).toBeNull();
  });
});

describe('mergedBranchOf', () => {
  it('finds the merged branch in every style', () => {
    expect(mergedBranchOf('Merge pull request #3 from acme/hotfix/login')).toBe('hotfix/login');
    expect(mergedBranchOf("Merge branch 'hotfix/db' into 'main'\n\nSee merge request a/b!3")).toBe('hotfix/db');
    expect(mergedBranchOf("Merge remote-tracking branch 'origin/release-hotfix'")).toBe('release-hotfix');
    expect(mergedBranchOf("Merge branch 'feature'")).toBe('feature');
    expect(mergedBranchOf('Add search (#88)')).toBeNull();
  });
});
