/**
 * Reads commit history by streaming `git log -z` with a NUL-separated format. Commits come out
 * in batches as git writes them; nothing holds the whole history.
 *
 * Layout of one record with `-z`: `\x01<sha>\0<parents>\0...\0<last field>\0`, then, with
 * `--name-only`, `\n<path>\0<path>\0...`. The \x01 marker starts every record, so file names
 * (which may be 40 hex characters) are never mistaken for the next commit.
 */
import { streamGitChunks, streamGitTokens } from './git-runner.js';

/** One commit as git printed it: dates keep their offsets (`2026-05-01T09:30:00+02:00`). */
export interface RawGitCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Strict ISO-8601 with the author's offset (`%aI`). */
  authorDate: string;
  /** Strict ISO-8601 with the committer's offset (`%cI`). */
  committerDate: string;
  /** The raw message (`%B`) without its final newline; null in graph mode. */
  message: string | null;
  /** Paths the commit touched (against its first parent); null unless asked for. */
  files: string[] | null;
}

/** Which revisions to read. */
export interface LogRange {
  /** Revision arguments (`--branches`, `--tags`, `--remotes`, `HEAD`). */
  include: string[];
  /** Commits whose history is already known (`^sha` each, given on stdin). */
  exclude: string[];
}

/** `full`: every field; `graph`: only what the ancestry graph and PR inference need. */
export type LogMode = 'full' | 'graph';

/** What to read and how much of each commit. */
export interface ReadLogOptions {
  cwd: string;
  /** The history to walk; or, with `shas`, exactly these commits (no walk). */
  range: LogRange;
  shas?: readonly string[];
  mode: LogMode;
  /** Also list the paths each commit touched (merges: against their first parent). */
  withFiles?: boolean;
}

const FIELDS: Record<LogMode, string[]> = {
  full: ['%H', '%P', '%an', '%ae', '%aI', '%cI', '%B'],
  graph: ['%H', '%P', '%an', '%ae', '%aI', '%cI'],
};

/**
 * Commits per batch at most: small enough that a batch, its records and its rows die in the
 * young generation of the heap instead of being promoted and collected by full GCs.
 */
const BATCH_COMMITS = 500;

/** Fields of a record (`toCommit` reads them in this order). */
export function fieldCount(mode: LogMode): number {
  return FIELDS[mode].length;
}

/** The `--format` of a record: the \x01 marker, then its fields separated by NUL. */
export function commitFormat(mode: LogMode): string {
  return `--format=%x01${FIELDS[mode].join('%x00')}`;
}

/** The `git log` arguments for a read. */
function logArguments(options: ReadLogOptions): string[] {
  const args = ['log', '-z', '--encoding=UTF-8', '--no-color', commitFormat(options.mode)];
  if (options.withFiles) {
    // --no-renames: a file moved between two services touches both.
    args.push('--name-only', '--no-renames', '--diff-merges=first-parent', '--root');
  }
  if (options.shas) {
    args.push('--no-walk=unsorted', '--stdin');
  } else {
    args.push(...options.range.include);
    if (options.range.exclude.length > 0) args.push('--stdin');
  }
  args.push('--');
  return args;
}

/** The text without its trailing newlines (what `replace(/\n+$/, '')` gives, without a regex). */
function withoutFinalNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A record from its fields (the \x01 marker already removed from the sha). */
export function toCommit(fields: string[], files: string[] | null, mode: LogMode): RawGitCommit {
  const [sha = '', parents = '', authorName = '', authorEmail = '', authorDate = ''] = fields;
  const full = mode === 'full';
  const message = full ? (fields[6] ?? '') : null;
  return {
    sha,
    parents: parents === '' ? [] : parents.split(' '),
    authorName,
    authorEmail,
    authorDate,
    committerDate: fields[5] ?? '',
    message: message === null ? null : withoutFinalNewlines(message),
    files,
  };
}

/**
 * Streams the commits of `range` in git's default order (newest first, parents after their
 * children in most cases but not guaranteed: callers needing a topological order use the graph).
 */
export async function* readGitLog(options: ReadLogOptions): AsyncGenerator<RawGitCommit[], void, undefined> {
  const recordFields = fieldCount(options.mode);
  const withFiles = options.withFiles === true;
  const input = options.shas
    ? options.shas.map((sha) => `${sha}\n`).join('')
    : options.range.exclude.map((sha) => `^${sha}\n`).join('');
  let fields: string[] = [];
  let files: string[] = [];
  let batch: RawGitCommit[] = [];
  for await (const tokens of streamGitTokens(logArguments(options), { cwd: options.cwd, input })) {
    for (const token of tokens) {
      if (token.charCodeAt(0) === 1) {
        if (fields.length > 0) batch.push(toCommit(fields, withFiles ? files : null, options.mode));
        if (batch.length >= BATCH_COMMITS) {
          yield batch;
          batch = [];
        }
        fields = [token.slice(1)];
        files = [];
      } else if (fields.length < recordFields) {
        fields.push(token);
      } else {
        const path = files.length === 0 && token.startsWith('\n') ? token.slice(1) : token;
        if (path !== '') files.push(path);
      }
    }
    if (batch.length > 0) yield batch;
    batch = [];
  }
  if (fields.length > 0) yield [toCommit(fields, withFiles ? files : null, options.mode)];
}

/**
 * Streams the shas of `range` in the order `readGitLog` gives them (`git rev-list` walks the
 * history as `git log` does, without formatting anything), in batches.
 */
export async function* readRevisions(cwd: string, range: LogRange): AsyncGenerator<string[], void, undefined> {
  const args = ['rev-list', ...range.include, ...(range.exclude.length > 0 ? ['--stdin'] : []), '--'];
  const input = range.exclude.map((sha) => `^${sha}\n`).join('');
  for await (const lines of streamGitTokens(args, { cwd, input, separator: 10 })) {
    const shas = lines.filter((line) => line !== '');
    if (shas.length > 0) yield shas;
  }
}

/** A commit as the ancestry graph needs it: sha, parents, committer time (epoch ms). */
export interface GraphEntry {
  sha: string;
  parents: string[];
  committedAt: number;
}

/**
 * Streams the ancestry of `include` (and `stdinRevisions`) with `git rev-list --timestamp --parents`, the cheapest
 * full walk git has: it reads no commit message and, when the repository has a commit-graph
 * file, not even the commit objects (four times faster again).
 */
export async function* readGraph(
  cwd: string,
  include: readonly string[],
  stdinRevisions: readonly string[] = [],
): AsyncGenerator<GraphEntry[], void, undefined> {
  // Parsed from the bytes: a million lines would otherwise each be decoded, split and sliced.
  // Revisions may also come through stdin (there may be thousands, `^sha` to exclude); one that
  // no longer exists is ignored.
  const args = stdinRevisions.length === 0
    ? ['rev-list', '--timestamp', '--parents', ...include, '--']
    : ['rev-list', '--timestamp', '--parents', '--ignore-missing', '--stdin', ...include, '--'];
  const input = stdinRevisions.map((r) => `${r}\n`).join('');
  let rest: Buffer | null = null;
  for await (const chunks of streamGitChunks(args, { cwd, input })) {
    const buf: Buffer = rest === null && chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(rest === null ? chunks : [rest, ...chunks]);
    const batch: GraphEntry[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const entry = graphEntry(buf, start, nl);
      if (entry) batch.push(entry);
      start = nl + 1;
    }
    rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    yield batch;
  }
  const last = rest === null ? null : graphEntry(rest, 0, rest.length);
  if (last) yield [last];
}

/** One `<timestamp> <sha> <parent>...` line (bytes `from` to `to`), or null without a sha. */
function graphEntry(buf: Buffer, from: number, to: number): GraphEntry | null {
  let space = buf.indexOf(32, from);
  if (space === -1 || space >= to) return null;
  const committedAt = Number(buf.toString('latin1', from, space)) * 1000;
  const fields: string[] = [];
  for (let start = space + 1; ; start = space + 1) {
    space = buf.indexOf(32, start);
    const end = space === -1 || space > to ? to : space;
    fields.push(buf.toString('latin1', start, end));
    if (end === to) break;
  }
  const [sha = '', ...parents] = fields;
  return { sha, parents, committedAt };
}
