/**
 * Pull requests inferred from merge and squash commit messages (see commit-message-rules.ts).
 *
 * What git cannot know is not invented: `firstReviewAt` is null. `createdAt` is required by
 * the domain, so it is the author time of the PR's earliest commit, an approximation flagged in
 * `extra.created_at_source` (`earliest-commit-authored-at`): with it, the coding step of the flow
 * metrics is zero by construction and must be read as unknown. Sizes are those of the merge's
 * diff against its first parent (the squash commit's own diff for squashes).
 */
import type { PullRequest } from '../../domain/records.js';
import type { Instant } from '../../domain/time.js';
import { makeId } from '../../domain/ids.js';
import type { PullRequestMention } from './commit-message-rules.js';
import type { CommitFacts } from './commit-facts.js';
import { GIT_ORIGIN, type GitMapContext } from './git-mapper.js';
import type { HistoryGraph } from './history-graph.js';

/** A commit whose message names a pull request. */
export interface PullRequestCandidate {
  sha: string;
  parents: readonly string[];
  mention: PullRequestMention;
  subject: string;
  /** The merge (or squash) commit's committer time: when the PR was merged. */
  mergedAt: Instant;
  author: string;
  authoredAt: Instant;
  services: readonly string[];
  additions: number | null;
  deletions: number | null;
  /** A PR number this one reverts (`Reverts owner/repo#12`, `revert-12-...`). */
  revertedPullRequest: number | null;
}

/** What PR records need beyond their commits. */
export interface PullRequestContext extends GitMapContext {
  /** The repository's service: the PR's service unless a monorepo PR touches exactly one other. */
  service: string;
  defaultBranch: string;
  /** PR numbers written by earlier runs: a later commit naming one again is a cherry-pick. */
  knownNumbers: ReadonlySet<number>;
}

/** The id of an inferred pull request: `git:pull_request:<repository>:<number>`. */
export function pullRequestId(repository: string, number: number): string {
  return makeId('git', 'pull_request', repository, number);
}

/** The graph indexes of a PR's commits, oldest generation first (a squash: its own commit). */
export function prCommits(candidate: PullRequestCandidate, graph: HistoryGraph): number[] {
  const self = graph.indexOf(candidate.sha);
  if (self === undefined) return [];
  if (candidate.parents.length < 2) return [self];
  const [first, ...others] = candidate.parents.map((p) => graph.indexOf(p));
  const include = others.filter((i): i is number => i !== undefined);
  const exclude = first === undefined ? [] : [first];
  const gen = graph.generations();
  return graph
    .exclusiveAncestors(include, exclude)
    .sort((a, b) => (gen[a] as number) - (gen[b] as number) || ((graph.shas[a] as string) < (graph.shas[b] as string) ? -1 : 1));
}

/**
 * Builds one PullRequest per PR number, from the earliest-merged commit naming it (later ones
 * are cherry-picks or re-merges). Deterministic: the same candidates give the same records.
 */
export function buildPullRequests(
  candidates: readonly PullRequestCandidate[],
  graph: HistoryGraph,
  facts: CommitFacts,
  ctx: PullRequestContext,
): PullRequest[] {
  const ordered = [...candidates].sort((a, b) => a.mergedAt - b.mergedAt || (a.sha < b.sha ? -1 : 1));
  const seen = new Set<number>(ctx.knownNumbers);
  const out: PullRequest[] = [];
  for (const c of ordered) {
    if (seen.has(c.mention.number)) continue;
    seen.add(c.mention.number);
    const commits = prCommits(c, graph);
    let createdAt = c.authoredAt;
    let author = c.author;
    for (const i of commits) {
      const t = facts.authoredAtOf(i);
      if (t !== null && t < createdAt) {
        createdAt = t;
        author = facts.authorOf(i) ?? author;
      }
    }
    const service = c.services.length === 1 ? (c.services[0] as string) : ctx.service;
    out.push({
      org: ctx.org,
      id: pullRequestId(ctx.repository, c.mention.number),
      repository: ctx.repository,
      service,
      number: c.mention.number,
      title: c.mention.title ?? c.subject,
      author,
      createdAt,
      firstReviewAt: null,
      mergedAt: c.mergedAt,
      mergeCommitSha: c.sha,
      commitShas: commits.map((i) => graph.shas[i] as string),
      baseBranch: c.mention.baseBranch ?? ctx.defaultBranch,
      state: 'merged',
      revertsPr: c.revertedPullRequest === null ? null : pullRequestId(ctx.repository, c.revertedPullRequest),
      additions: c.additions,
      deletions: c.deletions,
      url: null,
      origin: GIT_ORIGIN,
      extra: {
        inferred_from: 'commit-message',
        message_style: c.mention.style,
        head_branch: c.mention.headBranch,
        base_branch_source: c.mention.baseBranch === null ? 'default-branch' : 'commit-message',
        created_at_source: 'earliest-commit-authored-at',
        ...(c.services.length > 1 ? { services: [...c.services] } : {}),
      },
    });
  }
  return out;
}
