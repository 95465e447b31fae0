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
import { makeId } from '../../domain/ids.js';
import type { CommitFacts } from './commit-facts.js';
import { GIT_ORIGIN, type GitMapContext } from './git-mapper.js';
import type { HistoryGraph } from './history-graph.js';
import type { PullRequestCandidates } from './pull-request-candidates.js';

/** What PR records need beyond their commits. */
export interface PullRequestContext extends GitMapContext {
  /**
   * The PR's service unless a monorepo PR touches exactly one service: the repository's service,
   * or '' in a monorepo (a PR that names no service counts for every service of the repository).
   */
  service: string;
  defaultBranch: string;
  /** PR numbers written by earlier runs: a later commit naming one again is a cherry-pick. */
  knownNumbers: ReadonlySet<number>;
}

/** The id of an inferred pull request: `git:pull_request:<repository>:<number>`. */
export function pullRequestId(repository: string, number: number): string {
  return makeId('git', 'pull_request', repository, number);
}

/** The graph indexes of the commits of a PR merged (or squashed) as commit `merge`, oldest generation first (a squash: its own commit). */
export function prCommits(merge: number, graph: HistoryGraph): number[] {
  const [first, ...others] = graph.parentsOf(merge);
  if (others.length === 0) return [merge];
  const gen = graph.generations();
  const order = (a: number, b: number): number =>
    (gen[a] as number) - (gen[b] as number) || graph.compareShas(a, b);
  const list = graph.exclusiveAncestors(others, first === undefined ? [] : [first]);
  if (list.length > 32) return list.sort(order);
  // Most PRs have a few commits: an insertion sort allocates nothing (Array#sort does, per call).
  for (let i = 1; i < list.length; i++) {
    const x = list[i] as number;
    let j = i - 1;
    for (; j >= 0 && order(list[j] as number, x) > 0; j--) list[j + 1] = list[j] as number;
    list[j + 1] = x;
  }
  return list;
}

/** Positions of the candidates in merge order (committer time, then sha): the first naming a number wins. */
export function inMergeOrder(candidates: PullRequestCandidates, graph: HistoryGraph, facts: CommitFacts): Int32Array {
  const order = new Int32Array(candidates.length);
  const times = new Float64Array(candidates.length);
  for (let k = 0; k < order.length; k++) {
    order[k] = k;
    times[k] = facts.committedAtOf(candidates.indexAt(k)) ?? 0;
  }
  return order.sort((a, b) => (times[a] as number) - (times[b] as number) || graph.compareShas(candidates.indexAt(a), candidates.indexAt(b)));
}

/**
 * Builds one PullRequest per PR number, from the earliest-merged commit naming it (later ones
 * are cherry-picks or re-merges), one at a time so that a caller can write them in batches.
 * Deterministic: the same candidates give the same records in the same order.
 */
export function* buildPullRequests(
  candidates: PullRequestCandidates,
  graph: HistoryGraph,
  facts: CommitFacts,
  ctx: PullRequestContext,
): Generator<PullRequest, void, undefined> {
  const seen = new Set<number>(ctx.knownNumbers);
  for (const k of inMergeOrder(candidates, graph, facts)) {
    if (seen.has(candidates.numberAt(k))) continue;
    const c = candidates.at(k);
    seen.add(c.mention.number);
    const commits = prCommits(c.index, graph);
    let createdAt = facts.authoredAtOf(c.index) ?? 0;
    let author = facts.authorOf(c.index) ?? '';
    for (const i of commits) {
      const t = facts.authoredAtOf(i);
      if (t !== null && t < createdAt) {
        createdAt = t;
        author = facts.authorOf(i) ?? author;
      }
    }
    const services = facts.servicesOf(c.index) ?? [];
    yield {
      org: ctx.org,
      id: pullRequestId(ctx.repository, c.mention.number),
      repository: ctx.repository,
      service: services.length === 1 ? (services[0] as string) : ctx.service,
      number: c.mention.number,
      title: c.mention.title ?? c.subject,
      author,
      createdAt,
      firstReviewAt: null,
      mergedAt: facts.committedAtOf(c.index),
      mergeCommitSha: graph.shaAt(c.index),
      commitShas: commits.map((i) => graph.shaAt(i)),
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
        ...(services.length > 1 ? { services: [...services] } : {}),
      },
    };
  }
}
