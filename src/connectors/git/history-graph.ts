/**
 * The ancestry graph of a repository in compact form: one integer per commit, parents in a flat
 * Int32Array, and a generation number per commit (1 + the largest generation of its parents, as
 * in git's commit-graph), so that ancestry questions never spawn git.
 *
 * - `isAncestor(a, b)` walks down from b and prunes every commit whose generation is not above
 *   a's: the walk stays between the two commits.
 * - `assignFirstShippers(tips)` gives every commit the first tip (in the order given) that
 *   contains it, in one linear pass over the graph, however many tips there are.
 * - `exclusiveAncestors(include, exclude)` lists commits reachable from `include` but not from
 *   `exclude` (a PR's commits: from the merge's second parent, not from its first), walking by
 *   decreasing generation and stopping as soon as only excluded commits are left (git's
 *   paint-down-to-common idea).
 *
 * About 60 bytes a commit, shas included (kept as bytes, see domain/sha-table.ts): a million
 * commits fit in 60 MB, with no object per commit for the garbage collector to trace.
 */
import { ShaTable } from '../../domain/sha-table.js';
import type { CommitGraphTable } from './commit-graph-file.js';

/** A growable Int32Array. */
class IntVec {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

function grow(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Int32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** Commits as integers with their parents and generations (see the module comment). */
export class HistoryGraph {
  /** The sha of each commit index. */
  readonly ids = new ShaTable();
  private parentStart = new Int32Array(1024);
  /** -1 until the commit's own record is added (it was only seen as someone's parent). */
  private parentCount = new Int32Array(1024).fill(-1);
  private readonly parentList = new IntVec();
  private generation: Int32Array | null = null;
  private mark = new Int32Array(0);
  private walkFlags = new Uint8Array(0);
  private heap: MaxHeap | null = null;
  private epoch = 0;

  /** Number of commits known (including parents seen but not read, e.g. past a shallow boundary). */
  get size(): number {
    return this.ids.size;
  }

  /** The sha of commit `i`. */
  shaAt(i: number): string {
    return this.ids.at(i);
  }

  /** Orders commits `a` and `b` by sha. */
  compareShas(a: number, b: number): number {
    return this.ids.compare(a, b);
  }

  private intern(sha: string): number {
    return this.made(this.ids.intern(sha));
  }

  /** Makes room for a commit index just given out. */
  private made(i: number): number {
    if (i >= this.parentCount.length) {
      const old = this.parentCount.length;
      this.parentCount = grow(this.parentCount, i + 1);
      this.parentCount.fill(-1, old);
      this.parentStart = grow(this.parentStart, i + 1);
    }
    return i;
  }

  /** Adds a commit and its parents (in order). Adding the same commit twice keeps the first. */
  add(sha: string, parents: readonly string[]): number {
    const i = this.intern(sha);
    if ((this.parentCount[i] as number) >= 0) return i;
    this.parentStart[i] = this.parentList.length;
    for (const p of parents) this.parentList.push(this.intern(p));
    this.parentCount[i] = parents.length;
    this.generation = null;
    return i;
  }

  /**
   * Adds the commits of a commit-graph table marked in `take`, which must be closed under
   * parents (see `reachableFrom`). Faster than `add` per commit: no sha becomes a string and no
   * parent id is looked up. Returns each position's index (-1 where not taken). Commits already
   * added are kept.
   */
  addTable(table: CommitGraphTable, take: Uint8Array): Int32Array {
    const at = new Int32Array(table.count).fill(-1);
    this.ids.reserve(table.count, table.hashBytes);
    for (let k = 0; k < table.count; k++) {
      if (take[k] === 1) at[k] = this.made(this.ids.internBytes(table.oids, k * table.hashBytes, table.hashBytes));
    }
    for (let k = 0; k < table.count; k++) {
      const i = at[k] as number;
      if (i < 0 || (this.parentCount[i] as number) >= 0) continue;
      const from = table.parentStart[k] as number;
      const to = table.parentStart[k + 1] as number;
      this.parentStart[i] = this.parentList.length;
      for (let j = from; j < to; j++) this.parentList.push(at[table.parents[j] as number] as number);
      this.parentCount[i] = to - from;
    }
    this.generation = null;
    return at;
  }

  /** The index of a commit, or undefined when unknown. */
  indexOf(sha: string): number | undefined {
    return this.ids.get(sha);
  }

  /** True when the commit's own record was added (not only seen as a parent). */
  isRead(i: number): boolean {
    return (this.parentCount[i] as number) >= 0;
  }

  /** Parent indexes of a commit (empty for roots and unread commits). */
  parentsOf(i: number): number[] {
    const count = this.parentCount[i] as number;
    const out: number[] = [];
    const start = this.parentStart[i] as number;
    for (let k = 0; k < count; k++) out.push(this.parentList.data[start + k] as number);
    return out;
  }

  /** The first parent, or -1. */
  firstParent(i: number): number {
    return (this.parentCount[i] as number) > 0 ? (this.parentList.data[this.parentStart[i] as number] as number) : -1;
  }

  /** Generation numbers (computed once after the last `add`, iteratively: no recursion limit). */
  generations(): Int32Array {
    if (this.generation) return this.generation;
    const n = this.size;
    const gen = new Int32Array(n); // 0: not computed yet
    const stack = new IntVec();
    for (let root = 0; root < n; root++) {
      if (gen[root] !== 0) continue;
      stack.push(root);
      while (stack.length > 0) {
        const c = stack.data[stack.length - 1] as number;
        if (gen[c] !== 0) {
          stack.length--;
          continue;
        }
        let pending = false;
        let max = 0;
        const start = this.parentStart[c] as number;
        const count = Math.max(this.parentCount[c] as number, 0);
        for (let k = 0; k < count; k++) {
          const p = this.parentList.data[start + k] as number;
          const g = gen[p] as number;
          if (g === 0) {
            stack.push(p);
            pending = true;
          } else if (g > max) {
            max = g;
          }
        }
        if (!pending) {
          gen[c] = max + 1;
          stack.length--;
        }
      }
    }
    this.generation = gen;
    return gen;
  }

  private nextEpoch(): number {
    if (this.mark.length < this.size) this.mark = new Int32Array(this.size);
    return ++this.epoch;
  }

  /** True when `a` is an ancestor of `b` or `b` itself. */
  isAncestor(a: number, b: number): boolean {
    if (a === b) return true;
    const gen = this.generations();
    const target = gen[a] as number;
    if (target >= (gen[b] as number)) return false;
    const epoch = this.nextEpoch();
    const stack = [b];
    this.mark[b] = epoch;
    while (stack.length > 0) {
      const c = stack.pop() as number;
      const start = this.parentStart[c] as number;
      const count = Math.max(this.parentCount[c] as number, 0);
      for (let k = 0; k < count; k++) {
        const p = this.parentList.data[start + k] as number;
        if (p === a) return true;
        if (this.mark[p] === epoch || (gen[p] as number) <= target) continue;
        this.mark[p] = epoch;
        stack.push(p);
      }
    }
    return false;
  }

  /**
   * For tips in deployment order, returns for every commit the position of the first tip that
   * contains it, or -1. Linear: the set of shipped commits is closed under ancestry, so each walk
   * stops at the first already-shipped commit and every commit is visited once.
   */
  assignFirstShippers(tips: readonly number[]): Int32Array {
    const shipper = new Int32Array(this.size).fill(-1);
    const stack = new IntVec();
    tips.forEach((tip, position) => {
      if (shipper[tip] !== -1) return;
      shipper[tip] = position;
      stack.push(tip);
      while (stack.length > 0) {
        const c = stack.data[--stack.length] as number;
        const start = this.parentStart[c] as number;
        const count = Math.max(this.parentCount[c] as number, 0);
        for (let k = 0; k < count; k++) {
          const p = this.parentList.data[start + k] as number;
          if (shipper[p] !== -1) continue;
          shipper[p] = position;
          stack.push(p);
        }
      }
    });
    return shipper;
  }

  /** Commits reachable from any of `include` and from none of `exclude`, newest generation first. */
  exclusiveAncestors(include: readonly number[], exclude: readonly number[]): number[] {
    const gen = this.generations();
    // Per-walk flags: bit 1 reached from include, bit 2 reached from exclude, bit 4 queued.
    // Kept in a typed array, valid where `mark` holds this walk's epoch: no Map per walk.
    const epoch = this.nextEpoch();
    if (this.walkFlags.length < this.size) this.walkFlags = new Uint8Array(this.size);
    const mark = this.mark;
    const flags = this.walkFlags;
    // One heap reused by every walk (a history has a walk per PR: 250,000 of them).
    if (this.heap?.keys !== gen) this.heap = new MaxHeap(gen);
    const heap = this.heap;
    heap.clear();
    let live = 0; // queued commits not reached from `exclude`: the walk ends when none is left
    const enqueue = (i: number, bit: number): void => {
      const before = mark[i] === epoch ? (flags[i] as number) : 0;
      const after = before | bit;
      mark[i] = epoch;
      if ((before & 4) === 0) {
        flags[i] = after | 4;
        heap.push(i);
        if ((after & 2) === 0) live++;
      } else {
        flags[i] = after;
        if ((before & 2) === 0 && (after & 2) !== 0) live--;
      }
    };
    for (const i of include) enqueue(i, 1);
    for (const i of exclude) enqueue(i, 2);
    const out: number[] = [];
    while (live > 0 && heap.size > 0) {
      const c = heap.pop();
      const f = flags[c] as number;
      if ((f & 2) === 0) live--;
      if ((f & 3) === 1) out.push(c);
      const start = this.parentStart[c] as number;
      const count = Math.max(this.parentCount[c] as number, 0);
      for (let k = 0; k < count; k++) enqueue(this.parentList.data[start + k] as number, f & 3);
    }
    return out;
  }
}

/** A binary max-heap of commit indexes ordered by their generation, in a reused Int32Array. */
class MaxHeap {
  private items = new Int32Array(64);
  size = 0;
  constructor(readonly keys: Int32Array) {}
  clear(): void {
    this.size = 0;
  }
  push(item: number): void {
    if (this.size === this.items.length) {
      const next = new Int32Array(this.items.length * 2);
      next.set(this.items);
      this.items = next;
    }
    const { items, keys } = this;
    const key = keys[item] as number;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[items[parent] as number] as number) >= key) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = item;
  }
  pop(): number {
    const { items, keys } = this;
    const top = items[0] as number;
    const last = items[--this.size] as number;
    if (this.size > 0) {
      const n = this.size;
      const k = keys[last] as number;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && (keys[items[child + 1] as number] as number) > (keys[items[child] as number] as number)) child++;
        if ((keys[items[child] as number] as number) <= k) break;
        items[i] = items[child] as number;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
