/**
 * The git graph of each repository in a compact, index-based, columnar form: every commit gets
 * an integer index; its times live in typed arrays and its parents as index ranges in two more
 * (compressed sparse rows). Walking a million-commit history then touches only integers, never
 * strings, and holding it costs about 90 bytes a commit instead of a ~250-byte object.
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
import { ShaTable } from '../../domain/sha-table.js';

/** One repository's commits and parent links, by integer index, in columns. */
export interface CommitGraph {
  repository: string;
  /** How many commits. */
  size: number;
  /** sha -> index (`index.get`) and index -> sha (`index.at`), shas kept as bytes. */
  index: ShaTable;
  /** Per commit: author and committer times. */
  authoredAt: Float64Array;
  committedAt: Float64Array;
  /** The services of the commits that name some (`hasServices[i] === 1`), by index. */
  services: ReadonlyMap<number, readonly string[]>;
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
  return new CommitGraphBuilder(repository).build();
}

/** True when commit `i` of `graph` is a change (not a merge) that counts for `service`. */
export function isChangeFor(graph: CommitGraph, i: number, service: string): boolean {
  if (graph.isMerge[i] === 1) return false;
  return (
    graph.hasServices[i] === 0 || (graph.services.get(i) as readonly string[]).includes(service)
  );
}

const NO_SERVICES: readonly string[] = Object.freeze([]);

/** Commit `i` of `graph` as a CommitNode (for evidence: a few thousand, never the million). */
export function commitNodeAt(graph: CommitGraph, i: number): CommitNode {
  const parents: string[] = [];
  const end = graph.parentOffsets[i + 1] as number;
  for (let k = graph.parentOffsets[i] as number; k < end; k++) {
    parents.push(graph.index.at(graph.parentIndices[k] as number));
  }
  return {
    repository: graph.repository,
    sha: graph.index.at(i),
    parents,
    authoredAt: graph.authoredAt[i] as number,
    committedAt: graph.committedAt[i] as number,
    services: graph.services.get(i) ?? NO_SERVICES,
  };
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

function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(length, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Builds one repository's graph from its commits, given one at a time in any order and each
 * once (a store lists each (repository, sha) once). Only columns are kept: numbers in typed
 * arrays, and the shas as bytes (no string per commit). A parent already given is linked at
 * once; one given later waits, as bytes too, in a pending table until `build` (a store lists
 * commits newest first: then nearly every parent waits). Parents never given (shallow history)
 * are dropped: the walk simply ends there, as METRICS.md section 3 expects for shallow history.
 */
export class CommitGraphBuilder {
  private readonly index = new ShaTable();
  private size = 0;
  private authoredAt = new Float64Array(1024);
  private committedAt = new Float64Array(1024);
  private isMerge = new Uint8Array(1024);
  private hasServices = new Uint8Array(1024);
  private readonly services = new Map<number, readonly string[]>();
  /** Parent slots of commit i: `parentSlots[parentStart[i] .. parentStart[i + 1])`; -1 pending. */
  private parentStart = new Int32Array(1025);
  private parentSlots = new Int32Array(1024);
  private slotCount = 0;
  /** Pending parent slots and, for each, its sha's index in `pending`. */
  private pendingSlot = new Int32Array(1024);
  private pendingId = new Int32Array(1024);
  private pendingCount = 0;
  private readonly pending = new ShaTable();

  constructor(readonly repository: string) {}

  /** Adds a commit. Giving the same sha twice is a programming error (callers dedupe). */
  add(
    sha: string,
    parents: readonly string[],
    authoredAt: number,
    committedAt: number,
    services: readonly string[],
  ): void {
    const i = this.index.intern(sha);
    if (i !== this.size) throw new Error(`commit ${sha} of ${this.repository} given twice`);
    const n = ++this.size;
    this.authoredAt = grown(this.authoredAt, n);
    this.committedAt = grown(this.committedAt, n);
    this.isMerge = grown(this.isMerge, n);
    this.hasServices = grown(this.hasServices, n);
    this.parentStart = grown(this.parentStart, n + 1);
    this.authoredAt[i] = authoredAt;
    this.committedAt[i] = committedAt;
    this.isMerge[i] = parents.length >= 2 ? 1 : 0;
    if (services.length > 0) {
      this.hasServices[i] = 1;
      this.services.set(i, services);
    }
    this.parentSlots = grown(this.parentSlots, this.slotCount + parents.length);
    for (const parent of parents) {
      const p = this.index.get(parent);
      if (p === undefined) {
        const k = this.pendingCount++;
        this.pendingSlot = grown(this.pendingSlot, k + 1);
        this.pendingId = grown(this.pendingId, k + 1);
        this.pendingSlot[k] = this.slotCount;
        this.pendingId[k] = this.pending.intern(parent);
        this.parentSlots[this.slotCount++] = -1;
      } else {
        this.parentSlots[this.slotCount++] = p;
      }
    }
    this.parentStart[n] = this.slotCount;
  }

  /** The graph: pending parents linked, missing ones dropped. */
  build(): CommitGraph {
    const { size, parentStart, parentSlots } = this;
    const resolved = new Int32Array(this.pending.size);
    for (let j = 0; j < resolved.length; j++) resolved[j] = this.index.getFrom(this.pending, j) ?? -1;
    for (let k = 0; k < this.pendingCount; k++) {
      parentSlots[this.pendingSlot[k] as number] = resolved[this.pendingId[k] as number] as number;
    }
    this.pendingCount = 0;
    const parentOffsets = new Int32Array(size + 1);
    const parentIndices = new Int32Array(this.slotCount);
    let kept = 0;
    for (let i = 0; i < size; i++) {
      parentOffsets[i] = kept;
      const end = parentStart[i + 1] as number;
      for (let k = parentStart[i] as number; k < end; k++) {
        const p = parentSlots[k] as number;
        if (p >= 0) parentIndices[kept++] = p;
      }
    }
    parentOffsets[size] = kept;
    return {
      repository: this.repository,
      size,
      index: this.index,
      authoredAt: this.authoredAt.slice(0, size),
      committedAt: this.committedAt.slice(0, size),
      services: this.services,
      parentOffsets,
      parentIndices: parentIndices.slice(0, kept),
      isMerge: this.isMerge.slice(0, size),
      hasServices: this.hasServices.slice(0, size),
    };
  }
}

/**
 * The commit graphs of an organisation by repository: built from commits given one at a time
 * (`add`, as a store visits them, never holding them all as objects) or from a list (`of`).
 */
export class CommitGraphs {
  private readonly builders = new Map<string, CommitGraphBuilder>();
  private readonly built = new Map<string, CommitGraph>();

  /** The graphs of a list of commits, in any order; a repeated (repository, sha) keeps one copy, chosen by content. */
  static of(commits: readonly CommitNode[]): CommitGraphs {
    const chosen = new Map<string, CommitNode>();
    for (const commit of commits) {
      const key = `${commit.repository}\u0000${commit.sha}`;
      const other = chosen.get(key);
      if (other === undefined || compareCommitCopies(commit, other) < 0) chosen.set(key, commit);
    }
    const graphs = new CommitGraphs();
    for (const c of chosen.values()) graphs.add(c);
    return graphs;
  }

  private count = 0;

  /** How many commits were added. */
  get commitCount(): number {
    return this.count;
  }

  /** Adds one commit (each (repository, sha) once); usable as a store's visitor. */
  add(commit: CommitNode): void {
    let builder = this.builders.get(commit.repository);
    if (builder === undefined) {
      if (this.built.has(commit.repository))
        throw new Error(`graph of ${commit.repository} already built`);
      builder = new CommitGraphBuilder(commit.repository);
      this.builders.set(commit.repository, builder);
    }
    builder.add(commit.sha, commit.parents, commit.authoredAt, commit.committedAt, commit.services);
    this.count++;
  }

  /** The graph of `repository` (empty when the data has none of its commits). */
  get(repository: string): CommitGraph {
    let graph = this.built.get(repository);
    if (graph === undefined) {
      const builder = this.builders.get(repository);
      graph = builder === undefined ? emptyCommitGraph(repository) : builder.build();
      this.builders.delete(repository);
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
