/**
 * The git graph of each repository in a compact, index-based form: every commit gets an
 * integer index, and its parents are stored as index ranges in two typed arrays (compressed
 * sparse rows). Walking a million-commit history then touches only integers, never strings.
 *
 * Parents missing from the data (a shallow clone, a partial import) are dropped: the walk
 * simply ends there, as METRICS.md section 3 expects for shallow history.
 *
 * Commits are keyed by (repository, sha): the same sha in two repositories (a fork, a mirror)
 * is two commits. A duplicate (repository, sha) keeps one copy, chosen by content so that input
 * order never matters.
 */
import type { CommitNode } from '../../domain/index.js';
import { compareStrings } from '../warnings.js';
import { ShaIndex, type ShaLookup } from './sha-index.js';

/** One repository's commits and parent links, by integer index. */
export interface CommitGraph {
  repository: string;
  /** The commits, by index. */
  commits: CommitNode[];
  /** sha -> index. */
  index: ShaLookup;
  /** Parents of commit i are `parentIndices[parentOffsets[i] .. parentOffsets[i + 1])`. */
  parentOffsets: Int32Array;
  parentIndices: Int32Array;
  /** Per commit: 1 when it is a merge commit (two parents or more), which is never a change. */
  isMerge: Uint8Array;
  /** Per commit: 1 when its `services` list is non-empty (it counts only for those services). */
  hasServices: Uint8Array;
}

/** A graph with no commit, for a repository named by deployments but absent from the data. */
export function emptyCommitGraph(repository: string): CommitGraph {
  return buildGraph(repository, []);
}

/** True when commit `i` of `graph` is a change (not a merge) that counts for `service`. */
export function isChangeFor(graph: CommitGraph, i: number, service: string): boolean {
  if (graph.isMerge[i] === 1) return false;
  return graph.hasServices[i] === 0 || (graph.commits[i] as CommitNode).services.includes(service);
}

/**
 * Orders two copies of the same commit by what the engine reads of them, so the kept copy is
 * input-order free: copies equal on all of it are interchangeable.
 */
function compareCommitCopies(a: CommitNode, b: CommitNode): number {
  return (
    a.committedAt - b.committedAt ||
    a.authoredAt - b.authoredAt ||
    compareStrings(a.parents.join(','), b.parents.join(',')) ||
    compareStrings(a.services.join(','), b.services.join(','))
  );
}

function buildGraph(repository: string, commits: readonly CommitNode[]): CommitGraph {
  const index = new ShaIndex(commits.length);
  const kept: CommitNode[] = [];
  let parentCount = 0;
  for (const commit of commits) {
    const at = index.add(commit.sha);
    if (at === kept.length) {
      kept.push(commit);
      parentCount += commit.parents.length;
    } else if (compareCommitCopies(commit, kept[at] as CommitNode) < 0) {
      parentCount += commit.parents.length;
      kept[at] = commit;
    }
  }
  const n = kept.length;
  const parentOffsets = new Int32Array(n + 1);
  const parentIndices = new Int32Array(parentCount);
  const isMerge = new Uint8Array(n);
  const hasServices = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const commit = kept[i] as CommitNode;
    const parents = commit.parents;
    parentOffsets[i] = k;
    for (let j = 0; j < parents.length; j++) {
      const sha = parents[j] as string;
      // Histories are mostly listed in order: a parent is often a neighbour, found unhashed.
      const p =
        kept[i - 1]?.sha === sha ? i - 1 : kept[i + 1]?.sha === sha ? i + 1 : index.get(sha);
      if (p !== undefined) parentIndices[k++] = p;
    }
    isMerge[i] = parents.length >= 2 ? 1 : 0;
    hasServices[i] = commit.services.length > 0 ? 1 : 0;
  }
  parentOffsets[n] = k;
  return {
    repository,
    commits: kept,
    index,
    parentOffsets,
    parentIndices: parentIndices.subarray(0, k),
    isMerge,
    hasServices,
  };
}

/**
 * The commit graphs of an organisation, built lazily per repository: a report on one service
 * never indexes the commits of repositories it does not read.
 */
export class CommitGraphs {
  private readonly byRepository = new Map<string, CommitNode[]>();
  private readonly built = new Map<string, CommitGraph>();

  constructor(commits: readonly CommitNode[]) {
    for (const commit of commits) {
      const list = this.byRepository.get(commit.repository);
      if (list === undefined) this.byRepository.set(commit.repository, [commit]);
      else list.push(commit);
    }
  }

  /** The graph of `repository` (empty when the data has none of its commits). */
  get(repository: string): CommitGraph {
    let graph = this.built.get(repository);
    if (graph === undefined) {
      graph = buildGraph(repository, this.byRepository.get(repository) ?? []);
      this.built.set(repository, graph);
    }
    return graph;
  }
}

/**
 * Marks `start` and every ancestor not yet marked with `label`, iteratively (an explicit stack,
 * never recursion: histories have a million commits). Already-marked commits stop the walk,
 * because their ancestors are marked too. Returns how many commits were newly marked.
 *
 * `owner` holds 0 for unmarked commits; `stack` is scratch space of at least `owner.length`
 * entries (each commit is pushed at most once, when it is marked).
 */
export function markAncestors(
  graph: CommitGraph,
  owner: Int32Array,
  stack: Int32Array,
  start: number,
  label: number,
): number {
  if (owner[start] !== 0) return 0;
  const { parentOffsets, parentIndices } = graph;
  owner[start] = label;
  stack[0] = start;
  let top = 1;
  let marked = 1;
  while (top > 0) {
    const c = stack[--top] as number;
    const end = parentOffsets[c + 1] as number;
    for (let k = parentOffsets[c] as number; k < end; k++) {
      const p = parentIndices[k] as number;
      if (owner[p] === 0) {
        owner[p] = label;
        stack[top++] = p;
        marked++;
      }
    }
  }
  return marked;
}
