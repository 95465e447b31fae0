/**
 * The commits whose messages name a pull request, kept until the history is read and the pull
 * requests can be built (their commits need the whole ancestry graph). A large history has
 * hundreds of thousands: they are stored in columns (typed arrays, and a string array per text
 * field) rather than as two objects each, and their texts are copied out of the commit messages
 * they were cut from. A substring can keep its whole message alive in V8; a copy keeps only itself.
 * Measured on the benchmark's 1M-commit history (250,000 merges), in a heap snapshot taken once
 * the history is read: 157 MB alive in all as objects (88 MB of it JavaScript objects and
 * strings), 119 MB in columns (41 MB JavaScript, plus 10 MB of these typed arrays).
 */
import type { PullRequestMention, PullRequestStyle } from './commit-message-rules.js';

/** A commit whose message names a pull request: the commit is a graph index, its facts are in CommitFacts. */
export interface PullRequestCandidate {
  /** The merge (or squash) commit's graph index. */
  index: number;
  mention: PullRequestMention;
  /** The subject, only when the message carries no PR title. */
  subject: string | null;
  additions: number | null;
  deletions: number | null;
  /** A PR number this one reverts (`Reverts owner/repo#12`, `revert-12-...`). */
  revertedPullRequest: number | null;
}

const STYLES: readonly PullRequestStyle[] = ['github', 'github-squash', 'gitlab', 'bitbucket'];

/** A copy of `text` that does not share the memory of the string it was cut from. */
function detached(text: string | null): string | null {
  return text === null ? null : Buffer.from(text, 'utf8').toString('utf8');
}

function orNaN(value: number | null): number {
  return value === null ? Number.NaN : value;
}

function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** A copy of `array` with room for `size` values. */
function resized<A extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(array: A, size: number): A {
  const next = new (array.constructor as new (n: number) => A)(size);
  next.set(array);
  return next;
}

/** Pull request candidates in columns, in the order added (see the module comment). */
export class PullRequestCandidates {
  private indexes = new Int32Array(1024);
  /** PR number, additions, deletions, reverted PR number: NaN for null. */
  private numbers = new Float64Array(1024);
  private additions = new Float64Array(1024);
  private deletions = new Float64Array(1024);
  private reverted = new Float64Array(1024);
  private styles = new Uint8Array(1024);
  /** The PR title, or the subject when the message carries none (`subjectOnly`). */
  private readonly titles: Array<string | null> = [];
  private subjectOnly = new Uint8Array(1024);
  private readonly heads: Array<string | null> = [];
  private readonly bases: Array<string | null> = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(c: PullRequestCandidate): void {
    const k = this.count++;
    if (k === this.indexes.length) this.grow(2 * k);
    this.indexes[k] = c.index;
    this.numbers[k] = c.mention.number;
    this.additions[k] = orNaN(c.additions);
    this.deletions[k] = orNaN(c.deletions);
    this.reverted[k] = orNaN(c.revertedPullRequest);
    this.styles[k] = STYLES.indexOf(c.mention.style);
    this.subjectOnly[k] = c.mention.title === null ? 1 : 0;
    this.titles.push(detached(c.mention.title ?? c.subject));
    this.heads.push(detached(c.mention.headBranch));
    this.bases.push(detached(c.mention.baseBranch));
  }

  /** Makes room for `size` candidates in every typed column. */
  private grow(size: number): void {
    this.indexes = resized(this.indexes, size);
    this.numbers = resized(this.numbers, size);
    this.additions = resized(this.additions, size);
    this.deletions = resized(this.deletions, size);
    this.reverted = resized(this.reverted, size);
    this.styles = resized(this.styles, size);
    this.subjectOnly = resized(this.subjectOnly, size);
  }

  /** The graph index of candidate `k`'s commit. */
  indexAt(k: number): number {
    return this.indexes[k] as number;
  }

  /** The PR number candidate `k` names. */
  numberAt(k: number): number {
    return this.numbers[k] as number;
  }

  /** Candidate `k` as an object (short-lived: made when asked). */
  at(k: number): PullRequestCandidate {
    const subjectOnly = this.subjectOnly[k] === 1;
    const text = this.titles[k] ?? null;
    return {
      index: this.indexAt(k),
      mention: {
        style: STYLES[this.styles[k] as number] as PullRequestStyle,
        number: this.numberAt(k),
        title: subjectOnly ? null : text,
        headBranch: this.heads[k] ?? null,
        baseBranch: this.bases[k] ?? null,
      },
      subject: subjectOnly ? text : null,
      additions: orNull(this.additions[k] as number),
      deletions: orNull(this.deletions[k] as number),
      revertedPullRequest: orNull(this.reverted[k] as number),
    };
  }
}
