/**
 * The optional sizes pass: lines added and deleted per commit (`git log --numstat`), and the
 * paths each commit touched. Diffing trees and blobs is what makes numstat about 20 times slower
 * than reading metadata, so commits are measured in chunks by separate
 * `git log --no-walk=unsorted --stdin --numstat` processes, several at a time (one per core),
 * and handed back in their original order.
 *
 * Missing objects (a partial clone made with `--filter=blob:none`, or a damaged repository):
 * git dies with `unable to read <sha>` or `could not fetch <sha> from promisor remote` (we never
 * let it fetch). In a partial clone each chunk is first listed with `--raw` (trees only) and
 * commits whose blobs are not all present locally are not measured. Anywhere else, a chunk that
 * dies is resumed after the commit that failed. Either way the affected commits keep unknown
 * sizes (null) and everything else is measured.
 */
import { ERROR_CODES } from '../../shared/error-codes.js';
import { ConnectorError } from '../../shared/errors.js';
import { gitFailure, streamGitTokens } from './git-runner.js';

/** Sizes and paths of one commit; sizes null when its contents are missing. */
export interface MeasuredCommit {
  additions: number | null;
  deletions: number | null;
  files: string[];
}

/** Where to measure, and how much in parallel. */
export interface SizesOptions {
  cwd: string;
  /** Parallel git processes (default 2). */
  workers?: number;
  /**
   * Commits per process. Default: 500 for the first chunk (sizes start flowing at once), then
   * doubling up to 4000, since each git process pays a start-up cost (opening packs) that
   * small chunks would repeat thousands of times on a large history.
   */
  chunkSize?: number;
  /** The repository is a partial clone: check blob presence before measuring. */
  isPartial?: boolean;
  /** Keep each commit's paths (`files`); default true. Without, `files` is empty (less to allocate). */
  paths?: boolean;
}

const MISSING_OBJECT = /unable to read|could not fetch|missing blob|bad object|is not a valid object|not our ref|object .* is missing/i;

const DIFF_ARGS = ['--diff-merges=first-parent', '--root', '--no-ext-diff', '--no-textconv', '--encoding=UTF-8'];

/** A count of a numstat line: digits, or `-` (binary: counted 0); NaN when neither. */
function countOf(token: string, from: number, to: number): number {
  if (to === from + 1 && token.charCodeAt(from) === 45) return 0;
  if (to === from) return Number.NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = token.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Parses `--numstat -z` output of `--format=%x01%H`, calling `onCommit` per complete record.
 * A file is a token `<added>\t<deleted>\t<path>` (the path empty for a rename, whose two paths
 * follow as tokens), read by hand rather than by regular expression: there is one per file of
 * every commit. Paths are kept only when `keepPaths` (monorepo services need them).
 */
function numstatParser(onCommit: (sha: string, m: MeasuredCommit) => void, keepPaths: boolean): {
  push: (tokens: string[]) => void;
  finish: () => { sha: string; measured: MeasuredCommit } | null;
} {
  let sha: string | null = null;
  let current: MeasuredCommit = { additions: 0, deletions: 0, files: [] };
  let renamePaths = 0;
  return {
    push(tokens) {
      for (const raw of tokens) {
        if (raw.charCodeAt(0) === 1) {
          if (sha !== null) onCommit(sha, current);
          sha = raw.slice(1);
          current = { additions: 0, deletions: 0, files: [] };
          renamePaths = 0;
          continue;
        }
        // The first file of a commit follows the header's newline.
        const from = raw.charCodeAt(0) === 10 ? 1 : 0;
        if (renamePaths > 0) {
          if (keepPaths) current.files.push(raw.slice(from));
          renamePaths--;
          continue;
        }
        const tab1 = raw.indexOf('\t', from);
        if (tab1 < 0) continue;
        const tab2 = raw.indexOf('\t', tab1 + 1);
        if (tab2 < 0) continue;
        const added = countOf(raw, from, tab1);
        const deleted = countOf(raw, tab1 + 1, tab2);
        if (Number.isNaN(added) || Number.isNaN(deleted)) continue;
        current.additions = (current.additions as number) + added;
        current.deletions = (current.deletions as number) + deleted;
        if (tab2 + 1 === raw.length) renamePaths = 2;
        else if (keepPaths) current.files.push(raw.slice(tab2 + 1));
      }
    },
    /** The last record, which is incomplete if git died while printing it. */
    finish() {
      return sha === null ? null : { sha, measured: current };
    },
  };
}

/** Paths of commits from `--raw` (no blob is read), and whether all their blobs are present. */
async function listRaw(
  cwd: string,
  shas: readonly string[],
  present: Set<string> | null,
): Promise<Map<string, { files: string[]; complete: boolean }>> {
  const out = new Map<string, { files: string[]; complete: boolean }>();
  let entry: { files: string[]; complete: boolean } | null = null;
  let expectPath = false;
  const args = ['log', '--no-walk=unsorted', '--stdin', '-z', '--raw', '--no-abbrev', '--no-renames', '--format=%x01%H', ...DIFF_ARGS];
  for await (const tokens of streamGitTokens(args, { cwd, input: shas.join('\n') + '\n' })) {
    for (const raw of tokens) {
      if (raw.charCodeAt(0) === 1) {
        entry = { files: [], complete: true };
        out.set(raw.slice(1), entry);
        expectPath = false;
      } else if (entry && expectPath) {
        entry.files.push(raw);
        expectPath = false;
      } else if (entry) {
        // `:100644 100644 <old> <new> M`: both blobs must be present to diff them.
        const m = /:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) /.exec(raw);
        if (m && present) {
          for (const [mode, blob] of [[m[1], m[3]], [m[2], m[4]]] as const) {
            if (mode !== '160000' && !/^0+$/.test(blob as string) && !present.has(blob as string)) entry.complete = false;
          }
        }
        expectPath = m !== null;
      }
    }
  }
  return out;
}

/** Every blob present locally (for partial clones, where most are not). */
async function listPresentBlobs(cwd: string): Promise<Set<string>> {
  const present = new Set<string>();
  for await (const lines of streamGitTokens(
    ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname)'],
    { cwd, separator: 10 },
  )) {
    for (const line of lines) if (line.startsWith('blob ')) present.add(line.slice(5));
  }
  return present;
}

/** Measures `shas` with numstat, resuming after any commit whose objects are missing. */
async function measureList(cwd: string, shas: readonly string[], out: Map<string, MeasuredCommit>, keepPaths: boolean): Promise<void> {
  let rest = shas;
  while (rest.length > 0) {
    const parser = numstatParser((sha, m) => out.set(sha, m), keepPaths);
    const args = ['log', '--no-walk=unsorted', '--stdin', '-z', '--numstat', '--find-renames', '--format=%x01%H', ...DIFF_ARGS];
    try {
      for await (const tokens of streamGitTokens(args, { cwd, input: rest.join('\n') + '\n' })) parser.push(tokens);
      const last = parser.finish();
      if (last !== null) out.set(last.sha, last.measured);
      return;
    } catch (error) {
      const failure = gitFailure(error);
      if (!failure || !MISSING_OBJECT.test(failure.stderr)) throw error;
    }
    // Records before the last header are complete; the last one (or, if git died before
    // printing it, the next commit) is the one that failed.
    const last = parser.finish()?.sha ?? null;
    const suspect = last ?? (rest[0] as string);
    const position = rest.indexOf(suspect);
    if (last !== null && rest.length > 1 && position + 1 < rest.length) {
      // Was it really `last`? Measure it alone: git may have died on the next commit instead.
      const alone = new Map<string, MeasuredCommit>();
      await measureAlone(cwd, suspect, alone, keepPaths);
      const m = alone.get(suspect);
      if (m) out.set(suspect, m);
    } else {
      await markUnknown(cwd, suspect, out);
    }
    rest = rest.slice(position + 1);
  }
}

async function measureAlone(cwd: string, sha: string, out: Map<string, MeasuredCommit>, keepPaths: boolean): Promise<void> {
  await measureList(cwd, [sha], out, keepPaths);
}

async function markUnknown(cwd: string, sha: string, out: Map<string, MeasuredCommit>): Promise<void> {
  const raw = await listRaw(cwd, [sha], null);
  out.set(sha, { additions: null, deletions: null, files: raw.get(sha)?.files ?? [] });
}

/** Measures one chunk; the Map has an entry for every sha. */
async function measureChunk(
  cwd: string,
  shas: readonly string[],
  present: Set<string> | null,
  keepPaths: boolean,
): Promise<Map<string, MeasuredCommit>> {
  const out = new Map<string, MeasuredCommit>();
  let measurable = shas;
  if (present) {
    const raw = await listRaw(cwd, shas, present);
    measurable = shas.filter((sha) => raw.get(sha)?.complete !== false);
    for (const sha of shas) {
      const r = raw.get(sha);
      if (r && !r.complete) out.set(sha, { additions: null, deletions: null, files: r.files });
    }
  }
  if (measurable.length > 0) await measureList(cwd, measurable, out, keepPaths);
  for (const sha of shas) {
    if (!out.has(sha)) {
      throw new ConnectorError(ERROR_CODES.GIT_COMMAND_FAILED, `git log --numstat printed nothing for commit ${sha}; check the repository with git fsck`);
    }
  }
  return out;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Adds sizes and paths to a stream of items (in batches), keeping their order. `shaOf` names
 * each item's commit. At most `workers` chunks are measured at once and one more is filled, so
 * memory stays bounded by `(workers + 1)` chunks of at most 4000 items.
 */
export async function* withSizes<T>(
  source: AsyncIterable<T[]>,
  shaOf: (item: T) => string,
  options: SizesOptions,
): AsyncGenerator<Array<{ item: T; measured: MeasuredCommit }>, void, undefined> {
  const workers = Math.max(1, options.workers ?? 2);
  const fixed = options.chunkSize === undefined ? null : Math.max(1, options.chunkSize);
  let chunkSize = fixed ?? 500;
  const present = options.isPartial ? await listPresentBlobs(options.cwd) : null;
  const queue: Array<{ items: T[]; result: Promise<Settled<Map<string, MeasuredCommit>>> }> = [];
  const start = (items: T[]): void => {
    queue.push({ items, result: settle(measureChunk(options.cwd, items.map(shaOf), present, options.paths ?? true)) });
  };
  const take = async (): Promise<Array<{ item: T; measured: MeasuredCommit }>> => {
    const head = queue.shift() as (typeof queue)[number];
    const settled = await head.result;
    if (!settled.ok) throw settled.error;
    return head.items.map((item) => ({ item, measured: settled.value.get(shaOf(item)) as MeasuredCommit }));
  };
  let chunk: T[] = [];
  for await (const batch of source) {
    for (const item of batch) {
      chunk.push(item);
      if (chunk.length < chunkSize) continue;
      start(chunk);
      chunk = [];
      if (fixed === null) chunkSize = Math.min(chunkSize * 2, 4000);
      while (queue.length >= workers) yield* inSlices(await take());
    }
  }
  if (chunk.length > 0) start(chunk);
  while (queue.length > 0) yield* inSlices(await take());
}

/** A measured chunk handed on a few hundred items at a time (their records then die young). */
function* inSlices<T>(items: T[]): Generator<T[], void, undefined> {
  for (let i = 0; i < items.length; i += 500) yield items.slice(i, i + 500);
}
