/**
 * Reading history with sizes: lines added and deleted per commit (`git log --numstat`), the
 * paths each commit touched, and the commit's own fields. Diffing trees and blobs is what makes
 * numstat about 20 times slower than reading metadata, so the shas of the history (from
 * `git rev-list`, see `readRevisions`) are measured in chunks by separate
 * `git log --no-walk=unsorted --stdin --numstat` processes, several at a time (one per core),
 * and handed back in their original order. Each writes its output to a temporary file
 * (numstat-output-files.ts), read when its chunk's turn comes: nothing relays it, and a chunk
 * that waits behind older ones holds no memory of Panorama's. Those processes print each
 * commit's fields too: they read every commit object anyway, and a separate `git log` for the
 * metadata would read them all a second time on a core the diffing needs.
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
import { commitFormat, fieldCount, toCommit, type RawGitCommit } from './git-log-reader.js';
import { inParallelChunks } from './chunk-pipeline.js';
import { gitFailure, runGitToFile, streamGitTokens } from './git-runner.js';
import { OutputFiles } from './numstat-output-files.js';
import { NulTokenizer } from './nul-tokenizer.js';

/** Sizes and paths of one commit; sizes null when its contents are missing. */
export interface MeasuredCommit {
  additions: number | null;
  deletions: number | null;
  files: string[];
}

/** A commit as git printed it, with its sizes and paths. */
export interface SizedCommit {
  raw: RawGitCommit;
  measured: MeasuredCommit;
}

/** Where to measure, and how much in parallel. */
export interface SizesOptions {
  cwd: string;
  /** Parallel git processes (default 2). */
  workers?: number;
  /** Commits per git process; default: growing from 500 to 4000 (`ChunkPipelineOptions`). */
  chunkSize?: number;
  /** The repository is a partial clone: check blob presence before measuring. */
  isPartial?: boolean;
  /** Keep each commit's paths (`files`); default true. Without, `files` is empty (less to allocate). */
  paths?: boolean;
}

const MISSING_OBJECT = /unable to read|could not fetch|missing blob|bad object|is not a valid object|not our ref|object .* is missing/i;

const DIFF_ARGS = ['--diff-merges=first-parent', '--root', '--no-ext-diff', '--no-textconv', '--encoding=UTF-8', '--no-color', commitFormat('full')];
const FIELDS = fieldCount('full');

/**
 * Splits a `-z` output of records with a diff (`--numstat` or `--raw`): a record is the \x01
 * marker with the sha, the other fields of `commitFormat('full')`, then its diff's tokens, which
 * `onDiff` receives. `onStart` is called as a record begins; `onRecord` once it is complete,
 * with its fields (see `flush`).
 */
class RecordSplitter {
  private fields: string[] | null = null;

  constructor(
    private readonly handlers: {
      onStart: () => void;
      onDiff: (token: string) => void;
      onRecord: (raw: RawGitCommit) => void;
    },
  ) {}

  push(tokens: readonly string[]): void {
    for (const token of tokens) {
      if (token.charCodeAt(0) === 1) {
        this.flush();
        this.fields = [token.slice(1)];
        this.handlers.onStart();
      } else if (this.fields === null) {
        continue;
      } else if (this.fields.length < FIELDS) {
        this.fields.push(token);
      } else {
        this.handlers.onDiff(token);
      }
    }
  }

  /** Ends the record being read: call it once git has exited normally. */
  flush(): void {
    if (this.fields !== null && this.fields.length === FIELDS) this.handlers.onRecord(toCommit(this.fields, null, 'full'));
    this.fields = null;
  }

  /** The sha of the record being read (unfinished if git died while printing it). */
  get current(): string | null {
    return this.fields === null ? null : (this.fields[0] as string);
  }
}

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
 * Parses `--numstat -z` records, calling `onCommit` per complete record. A file is a token
 * `<added>\t<deleted>\t<path>` (the path empty for a rename, whose two paths follow as tokens),
 * read by hand rather than by regular expression: there is one per file of every commit. Paths
 * are kept only when `keepPaths` (monorepo services need them).
 */
function numstatParser(onCommit: (commit: SizedCommit) => void, keepPaths: boolean): RecordSplitter {
  let current: MeasuredCommit = { additions: 0, deletions: 0, files: [] };
  let renamePaths = 0;
  return new RecordSplitter({
    onStart() {
      current = { additions: 0, deletions: 0, files: [] };
      renamePaths = 0;
    },
    onDiff(raw) {
      // The first file of a commit follows the header's newline.
      const from = raw.charCodeAt(0) === 10 ? 1 : 0;
      if (renamePaths > 0) {
        if (keepPaths) current.files.push(raw.slice(from));
        renamePaths--;
        return;
      }
      const tab1 = raw.indexOf('\t', from);
      if (tab1 < 0) return;
      const tab2 = raw.indexOf('\t', tab1 + 1);
      if (tab2 < 0) return;
      const added = countOf(raw, from, tab1);
      const deleted = countOf(raw, tab1 + 1, tab2);
      if (Number.isNaN(added) || Number.isNaN(deleted)) return;
      current.additions = (current.additions as number) + added;
      current.deletions = (current.deletions as number) + deleted;
      if (tab2 + 1 === raw.length) renamePaths = 2;
      else if (keepPaths) current.files.push(raw.slice(tab2 + 1));
    },
    onRecord(raw) {
      onCommit({ raw, measured: current });
    },
  });
}

/** A commit listed with `--raw` (no blob is read): its paths, and whether all its blobs are present. */
interface RawListing {
  raw: RawGitCommit;
  files: string[];
  complete: boolean;
}

/** Lists commits with `--raw`; with `present`, checks that every blob they diff is there. */
async function listRaw(cwd: string, shas: readonly string[], present: Set<string> | null): Promise<Map<string, RawListing>> {
  const out = new Map<string, RawListing>();
  let files: string[] = [];
  let complete = true;
  let expectPath = false;
  const splitter = new RecordSplitter({
    onStart() {
      files = [];
      complete = true;
      expectPath = false;
    },
    onDiff(token) {
      if (expectPath) {
        files.push(token);
        expectPath = false;
        return;
      }
      // `:100644 100644 <old> <new> M`: both blobs must be present to diff them.
      const m = /:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) /.exec(token);
      if (m && present) {
        for (const [mode, blob] of [[m[1], m[3]], [m[2], m[4]]] as const) {
          if (mode !== '160000' && !/^0+$/.test(blob as string) && !present.has(blob as string)) complete = false;
        }
      }
      expectPath = m !== null;
    },
    onRecord(raw) {
      out.set(raw.sha, { raw, files, complete });
    },
  });
  const args = ['log', '--no-walk=unsorted', '--stdin', '-z', '--raw', '--no-abbrev', '--no-renames', ...DIFF_ARGS];
  for await (const tokens of streamGitTokens(args, { cwd, input: shas.join('\n') + '\n' })) splitter.push(tokens);
  splitter.flush();
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

/**
 * What measuring a chunk produced: the file git wrote its numstat output to, read when the chunk
 * is taken, or records already parsed (after a failure, and for unmeasurable commits). A chunk
 * may wait behind older ones for seconds: its output waits in the file (the kernel's page cache
 * on a disk-backed folder, not Panorama's heap), and records parsed that early would be promoted
 * to the old generation of the heap, which then grows by hundreds of megabytes on a large history.
 */
type Piece = { file: string } | { records: SizedCommit[] };

/** Feeds `-z` output bytes to a splitter as tokens (without ending its last record). */
function parseBytes(bytes: Buffer, splitter: RecordSplitter): void {
  const tokenizer = new NulTokenizer();
  const tokens = tokenizer.push(bytes);
  if (tokens.length > 0) splitter.push(tokens);
  const last = tokenizer.end();
  if (last !== null) splitter.push([last]);
}

const NUMSTAT_ARGS = ['log', '--no-walk=unsorted', '--stdin', '-z', '--numstat', '--find-renames', ...DIFF_ARGS];

/** Measures `shas` with numstat, resuming after any commit whose objects are missing. */
async function measureList(run: MeasureRun, shas: readonly string[], pieces: Piece[]): Promise<void> {
  const { cwd, keepPaths } = run;
  let rest = shas;
  while (rest.length > 0) {
    const file = await run.files.name();
    let printed: Buffer;
    try {
      await runGitToFile(NUMSTAT_ARGS, { cwd, input: rest.join('\n') + '\n' }, file);
      pieces.push({ file });
      return;
    } catch (error) {
      const failure = gitFailure(error);
      if (!failure || !MISSING_OBJECT.test(failure.stderr)) throw error;
      printed = await run.files.take(file);
      // A commit object itself is missing (the commit-graph file, which rev-list read, still
      // lists it): git reads every sha of its input before printing anything, so no commit
      // of the list can be measured, and the commit has no fields to keep. The repository is
      // damaged: fail as git did, rather than blame each commit of the list in turn.
      const bad = /bad object ([0-9a-f]{40,64})/.exec(failure.stderr)?.[1];
      if (printed.length === 0 && bad !== undefined && rest.includes(bad)) {
        throw new ConnectorError(
          ERROR_CODES.GIT_COMMAND_FAILED,
          `${cwd}: commit ${bad} is part of the history (the commit-graph file lists it) but its object is missing: the repository is damaged; run git fsck`,
          { cause: error },
        );
      }
    }
    // Records before the one being read are complete; that one (or, if git died before
    // printing it, the next commit) is the one that failed.
    const records: SizedCommit[] = [];
    const parser = numstatParser((commit) => records.push(commit), keepPaths);
    parseBytes(printed, parser);
    pieces.push({ records });
    const last = parser.current;
    const suspect = last ?? (rest[0] as string);
    const position = rest.indexOf(suspect);
    if (last !== null && rest.length > 1 && position + 1 < rest.length) {
      // Was it really `last`? Measure it alone: git may have died on the next commit instead.
      await measureList(run, [suspect], pieces);
    } else {
      pieces.push({ records: [await unknownSizes(cwd, suspect)] });
    }
    rest = rest.slice(position + 1);
  }
}

/** A listed commit whose contents cannot be diffed: its fields and paths, sizes unknown. */
function unmeasured(listed: RawListing): SizedCommit {
  return { raw: listed.raw, measured: { additions: null, deletions: null, files: listed.files } };
}

/** Lists one commit that numstat could not diff (see `unmeasured`). */
async function unknownSizes(cwd: string, sha: string): Promise<SizedCommit> {
  const listed = (await listRaw(cwd, [sha], null)).get(sha);
  if (!listed) throw printedNothing(sha, '--raw');
  return unmeasured(listed);
}

function printedNothing(sha: string, what: string): ConnectorError {
  return new ConnectorError(ERROR_CODES.GIT_COMMAND_FAILED, `git log ${what} printed nothing for commit ${sha}; check the repository with git fsck`);
}

/** What every chunk of a run shares: the repository, whether to keep paths, the output files. */
interface MeasureRun {
  cwd: string;
  keepPaths: boolean;
  /** Blobs present locally in a partial clone; null in a full one. */
  present: Set<string> | null;
  files: OutputFiles;
}

/** Measures one chunk (parsed later, by `recordsOf`). */
async function measureChunk(run: MeasureRun, shas: readonly string[]): Promise<Piece[]> {
  const pieces: Piece[] = [];
  let measurable = shas;
  if (run.present) {
    const listed = await listRaw(run.cwd, shas, run.present);
    measurable = shas.filter((sha) => listed.get(sha)?.complete !== false);
    const unmeasurable = [...listed.values()].filter((r) => !r.complete);
    pieces.push({ records: unmeasurable.map(unmeasured) });
  }
  if (measurable.length > 0) await measureList(run, measurable, pieces);
  return pieces;
}

/** A measured chunk's records, in the order of `shas`; every sha must have one. */
async function recordsOf(run: MeasureRun, shas: readonly string[], pieces: readonly Piece[]): Promise<SizedCommit[]> {
  const bySha = new Map<string, SizedCommit>();
  for (const piece of pieces) {
    if ('records' in piece) {
      for (const record of piece.records) bySha.set(record.raw.sha, record);
      continue;
    }
    const parser = numstatParser((commit) => bySha.set(commit.raw.sha, commit), run.keepPaths);
    parseBytes(await run.files.take(piece.file), parser);
    parser.flush();
  }
  return shas.map((sha) => {
    const record = bySha.get(sha);
    if (!record) throw printedNothing(sha, '--numstat');
    return record;
  });
}

/**
 * Reads and measures the commits `shas` names (in batches, in the order to keep), and yields
 * them in that order, measuring `workers` chunks at a time (see chunk-pipeline.ts).
 */
export async function* readSizedCommits(
  shas: AsyncIterable<string[]>,
  options: SizesOptions,
): AsyncGenerator<SizedCommit[], void, undefined> {
  const present = options.isPartial ? await listPresentBlobs(options.cwd) : null;
  const run: MeasureRun = { cwd: options.cwd, keepPaths: options.paths ?? true, present, files: new OutputFiles() };
  try {
    const chunks = inParallelChunks(shas, (list: string[]) => measureChunk(run, list), {
      workers: options.workers ?? 2,
      chunkSize: options.chunkSize ?? null,
    });
    for await (const { items, result } of chunks) yield* inSlices(await recordsOf(run, items, result));
  } finally {
    await run.files.remove();
  }
}

/** A measured chunk handed on a few hundred commits at a time (their records then die young). */
function* inSlices<T>(items: T[]): Generator<T[], void, undefined> {
  for (let i = 0; i < items.length; i += 500) yield items.slice(i, i + 500);
}
