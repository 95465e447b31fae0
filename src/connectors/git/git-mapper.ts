/**
 * Pure mapping from what git printed to domain records. No I/O: the raw commit, the sizes read
 * by the numstat pass and the services from the service map come in; a Commit comes out.
 */
import type { Commit, Origin, Repository } from '../../domain/records.js';
import { parseTimestamp, type Instant } from '../../domain/time.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { RawGitCommit } from './git-log-reader.js';

/** Where mapped git records go. */
export interface GitMapContext {
  org: string;
  /** The repository's name in Panorama (the folder name unless configured). */
  repository: string;
}

/** What the sizes pass learned about a commit; null fields when unknown. */
export interface CommitSizes {
  additions: number | null;
  deletions: number | null;
}

/** The origin stamped on every record the git connector makes. */
export const GIT_ORIGIN: Origin = { source: 'git', rawId: null };

const digits = (text: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
};

/**
 * The fast path for what `%aI` always prints, `2026-05-01T09:30:00+02:00` (a million dates are
 * parsed per million commits, and the general parser costs 1.4 µs each). NaN when the text has
 * another shape or an impossible field; the general parser then decides.
 */
function parseStrictGitDate(text: string): Instant {
  if (text.length !== 25 || text[10] !== 'T') return Number.NaN;
  const sign = text[19] === '+' ? 1 : text[19] === '-' ? -1 : 0;
  // Plain locals, no array: two dates per commit, a million commits.
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const s = digits(text, 17, 19);
  const oh = digits(text, 20, 22);
  const om = digits(text, 23, 25);
  if (sign === 0 || mo < 1 || mo > 12 || d < 1 || d > 28 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s) - sign * (oh * 60 + om) * 60_000;
}

/** Parses a git strict-ISO date (`%aI`) to an instant; a malformed one is a git failure. */
export function parseGitDate(text: string, sha: string, what: string): Instant {
  const fast = parseStrictGitDate(text);
  if (!Number.isNaN(fast)) return fast;
  const parsed = parseTimestamp(text);
  if (!parsed.ok) {
    throw new ConnectorError(
      ERROR_CODES.GIT_COMMAND_FAILED,
      `commit ${sha.slice(0, 12)} has an unreadable ${what} "${text}" (${parsed.reason}); check it with git cat-file -p ${sha}`,
    );
  }
  return parsed.value;
}

const STRICT_OFFSET = /^[+-]\d{2}:\d{2}$/;

/** The `+02:00` at the end of a strict-ISO date (`Z` is `+00:00`). */
export function offsetOf(isoDate: string): string {
  // What `%aI` prints: `2026-05-01T09:30:00+02:00` (no regex for a million dates).
  if (isoDate.length === 25) {
    const tail = isoDate.slice(19);
    if (STRICT_OFFSET.test(tail)) return tail;
  }
  const m = /([+-]\d{2}:\d{2}|Z)$/.exec(isoDate);
  return !m || m[1] === 'Z' ? '+00:00' : (m[1] as string);
}

/** The git identity `Name <email>`, the commit's `author`. */
export function gitIdentity(name: string, email: string): string {
  return email ? `${name} <${email}>` : name;
}

/**
 * Maps a commit read in `full` mode. The original offsets are kept in `extra`
 * (`author_offset`, `committer_offset`): instants alone would lose the local time of day.
 */
export function mapGitCommit(
  raw: RawGitCommit,
  ctx: GitMapContext,
  sizes: CommitSizes,
  services: readonly string[],
): Commit {
  const committerDate = raw.committerDate;
  return {
    org: ctx.org,
    repository: ctx.repository,
    sha: raw.sha,
    parents: raw.parents,
    author: gitIdentity(raw.authorName, raw.authorEmail),
    authoredAt: parseGitDate(raw.authorDate, raw.sha, 'author date'),
    committedAt: parseGitDate(committerDate, raw.sha, 'committer date'),
    message: raw.message,
    additions: sizes.additions,
    deletions: sizes.deletions,
    services: [...services],
    origin: GIT_ORIGIN,
    extra: { author_offset: offsetOf(raw.authorDate), committer_offset: offsetOf(committerDate) },
  };
}

/** The first line of a commit message. */
export function subjectOf(message: string | null): string {
  if (!message) return '';
  const nl = message.indexOf('\n');
  return (nl === -1 ? message : message.slice(0, nl)).trim();
}

/** Maps the repository itself. `baselineProductionSha` is unknown from git alone. */
export function mapGitRepository(
  ctx: GitMapContext,
  info: { defaultBranch: string; url: string | null; root: string },
): Repository {
  return {
    org: ctx.org,
    name: ctx.repository,
    defaultBranch: info.defaultBranch,
    baselineProductionSha: null,
    url: info.url,
    origin: GIT_ORIGIN,
    extra: { local_path: info.root },
  };
}
