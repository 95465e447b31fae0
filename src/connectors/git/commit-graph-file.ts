/**
 * Reads git's commit-graph file (`objects/info/commit-graph`, written by `git gc` and
 * `git commit-graph write`): every commit's id, parents and commit time in fixed-size binary
 * records, which git itself uses to walk history without opening commit objects. An incremental
 * run needs the ancestry of all history; printing it with `git rev-list --parents` and parsing a
 * million lines took about 3.6 s of a 5 s run, reading this file takes a fraction of that.
 *
 * The format is git's documented one (Documentation/gitformat-commit-graph.txt): a header
 * (`CGPH`, version 1, hash version, chunk count, base graph count), a table of chunks, then the
 * chunks; integers are big-endian. We read OIDF (fan-out), OIDL (sorted ids), CDAT (per commit:
 * tree id, two parent positions, generation and 34-bit commit time) and EDGE (the extra parents
 * of octopus merges). Anything else (a split chain of graphs, an unknown version, a truncated
 * file, a position out of range) returns null and the caller reads history the slow way: the
 * file is an accelerator, never a source of truth.
 */
import { open } from 'node:fs/promises';

/** Commits of a commit-graph file, by position (ids in sorted order). */
export interface CommitGraphTable {
  count: number;
  hashBytes: number;
  /** `count` ids of `hashBytes` bytes each, sorted. */
  oids: Buffer;
  /** Parents of commit k: `parents[parentStart[k] .. parentStart[k + 1])`, positions in the table. */
  parentStart: Int32Array;
  parents: Int32Array;
  /** Commit (committer) time of each commit, epoch seconds. */
  times: Float64Array;
}

const NO_PARENT = 0x70000000;
const EXTRA_EDGES = 0x80000000;
const LAST_EDGE = 0x80000000;

/** The hex id of position `k`. */
export function oidAt(table: CommitGraphTable, k: number): string {
  return table.oids.toString('hex', k * table.hashBytes, (k + 1) * table.hashBytes);
}

/** The position of a hex id in the table, or -1 (binary search over the sorted ids). */
export function positionOf(table: CommitGraphTable, hex: string): number {
  if (hex.length !== table.hashBytes * 2) return -1;
  const key = Buffer.from(hex, 'hex');
  if (key.length !== table.hashBytes) return -1;
  let lo = 0;
  let hi = table.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = mid * table.hashBytes;
    const order = table.oids.compare(key, 0, table.hashBytes, at, at + table.hashBytes);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Positions with no child in the table: excluding them from a walk excludes the whole table. */
export function tableHeads(table: CommitGraphTable): number[] {
  const hasChild = new Uint8Array(table.count);
  for (let j = 0; j < table.parents.length; j++) hasChild[table.parents[j] as number] = 1;
  const heads: number[] = [];
  for (let k = 0; k < table.count; k++) if (hasChild[k] === 0) heads.push(k);
  return heads;
}

/** Marks every position reachable from `seeds` (themselves included). */
export function reachableFrom(table: CommitGraphTable, seeds: readonly number[]): Uint8Array {
  const marked = new Uint8Array(table.count);
  const stack: number[] = [];
  for (const s of seeds) {
    if (s >= 0 && marked[s] === 0) {
      marked[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const k = stack.pop() as number;
    for (let j = table.parentStart[k] as number; j < (table.parentStart[k + 1] as number); j++) {
      const p = table.parents[j] as number;
      if (marked[p] === 0) {
        marked[p] = 1;
        stack.push(p);
      }
    }
  }
  return marked;
}

async function readExactly(file: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer | null> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buf, done, length - done, position + done);
    if (bytesRead === 0) return null;
    done += bytesRead;
  }
  return buf;
}

/**
 * Reads the commit-graph file at `path`; null when it is absent or anything about it is not the
 * plain single-file version 1 this reader knows (see the module comment).
 */
export async function readCommitGraphFile(path: string): Promise<CommitGraphTable | null> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = (await file.stat()).size;
    const header = await readExactly(file, 0, 8);
    if (!header || header.toString('latin1', 0, 4) !== 'CGPH' || header[4] !== 1) return null;
    const hashBytes = header[5] === 1 ? 20 : header[5] === 2 ? 32 : 0;
    const chunkCount = header[6] as number;
    // A layer of a split chain: its parents may live in base graphs we do not read.
    if (hashBytes === 0 || header[7] !== 0) return null;
    const lookup = await readExactly(file, 8, (chunkCount + 1) * 12);
    if (!lookup) return null;
    const chunks = new Map<string, { start: number; end: number }>();
    for (let c = 0; c < chunkCount; c++) {
      const id = lookup.toString('latin1', c * 12, c * 12 + 4);
      const start = Number(lookup.readBigUInt64BE(c * 12 + 4));
      const end = Number(lookup.readBigUInt64BE(c * 12 + 16));
      if (start < 0 || end < start || end > size) return null;
      chunks.set(id, { start, end });
    }
    const fanout = chunks.get('OIDF');
    const oidl = chunks.get('OIDL');
    const cdat = chunks.get('CDAT');
    if (!fanout || !oidl || !cdat || fanout.end - fanout.start !== 1024) return null;
    const fan = await readExactly(file, fanout.start + 1020, 4);
    if (!fan) return null;
    const count = fan.readUInt32BE(0);
    const record = hashBytes + 16;
    if (oidl.end - oidl.start !== count * hashBytes || cdat.end - cdat.start !== count * record) return null;
    const oids = await readExactly(file, oidl.start, count * hashBytes);
    const data = await readExactly(file, cdat.start, count * record);
    const edge = chunks.get('EDGE');
    const edges = edge ? await readExactly(file, edge.start, edge.end - edge.start) : Buffer.alloc(0);
    if (!oids || !data || !edges) return null;
    return decode(count, hashBytes, oids, data, edges);
  } finally {
    await file.close();
  }
}

/** The table of CDAT and EDGE; null on any position out of range. */
function decode(count: number, hashBytes: number, oids: Buffer, data: Buffer, edges: Buffer): CommitGraphTable | null {
  const record = hashBytes + 16;
  const parentStart = new Int32Array(count + 1);
  let parents = new Int32Array(Math.max(16, Math.ceil(count * 1.3)));
  let used = 0;
  const push = (p: number): boolean => {
    if (p >= count) return false;
    if (used === parents.length) {
      const next = new Int32Array(parents.length * 2);
      next.set(parents);
      parents = next;
    }
    parents[used++] = p;
    return true;
  };
  const times = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const at = k * record + hashBytes;
    parentStart[k] = used;
    const first = data.readUInt32BE(at);
    const second = data.readUInt32BE(at + 4);
    if (first !== NO_PARENT && !push(first)) return null;
    if (second !== NO_PARENT) {
      if ((second & EXTRA_EDGES) === 0) {
        if (!push(second)) return null;
      } else {
        // Octopus merge: the second and later parents are listed in EDGE, the last one flagged.
        for (let e = (second & ~EXTRA_EDGES) >>> 0; ; e++) {
          if ((e + 1) * 4 > edges.length) return null;
          const value = edges.readUInt32BE(e * 4);
          if (!push((value & ~LAST_EDGE) >>> 0)) return null;
          if ((value & LAST_EDGE) !== 0) break;
        }
      }
    }
    // Generation in the top 30 bits; the commit time in the low 2 bits and the next word.
    times[k] = (data.readUInt32BE(at + 8) & 3) * 2 ** 32 + data.readUInt32BE(at + 12);
  }
  parentStart[count] = used;
  return { count, hashBytes, oids, parentStart, parents: parents.subarray(0, used), times };
}
