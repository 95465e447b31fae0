/**
 * Per-commit facts that later rules need after the commits themselves were written: author
 * time and author (a PR's earliest commit), committer time (continuous deployments) and services (a deployment's services in a
 * monorepo). Stored by graph index in typed arrays, with authors and service sets interned, so
 * a million commits cost about 24 MB here.
 */
import type { Instant } from '../../domain/time.js';

function growFloat(array: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Float64Array(Math.max(size, array.length * 2)).fill(Number.NaN);
  next.set(array);
  return next;
}

function growInt(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Int32Array(Math.max(size, array.length * 2)).fill(-1);
  next.set(array);
  return next;
}

class Interner<T> {
  private readonly ids = new Map<string, number>();
  readonly values: T[] = [];
  constructor(private readonly keyOf: (value: T) => string) {}
  id(value: T): number {
    const key = this.keyOf(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(value);
    }
    return id;
  }
}

/** Author, times and services of commits, by graph index (see the module comment). */
export class CommitFacts {
  private authoredAt = new Float64Array(1024).fill(Number.NaN);
  private committedAt = new Float64Array(1024).fill(Number.NaN);
  private author = new Int32Array(1024).fill(-1);
  private serviceSet = new Int32Array(1024).fill(-1);
  private readonly authors = new Interner<string>((a) => a);
  private readonly serviceSets = new Interner<readonly string[]>((s) => s.join('\0'));

  /** Records when and by whom commit `i` was authored, and when it was committed. */
  setTimes(i: number, author: string, authoredAt: Instant, committedAt: Instant): void {
    this.authoredAt = growFloat(this.authoredAt, i + 1);
    this.committedAt = growFloat(this.committedAt, i + 1);
    this.author = growInt(this.author, i + 1);
    this.authoredAt[i] = authoredAt;
    this.committedAt[i] = committedAt;
    this.author[i] = this.authors.id(author);
  }

  /** Records when commit `i` was committed (its author is read later, if ever needed). */
  setCommittedAt(i: number, committedAt: Instant): void {
    this.committedAt = growFloat(this.committedAt, i + 1);
    this.committedAt[i] = committedAt;
  }

  /** Records the services commit `i` touches (sorted). */
  setServices(i: number, services: readonly string[]): void {
    this.serviceSet = growInt(this.serviceSet, i + 1);
    this.serviceSet[i] = this.serviceSets.id(services);
  }

  /** Author time, or null when not read. */
  authoredAtOf(i: number): Instant | null {
    const t = this.authoredAt[i];
    return t === undefined || Number.isNaN(t) ? null : t;
  }

  /** Committer time, or null when not read. */
  committedAtOf(i: number): Instant | null {
    const t = this.committedAt[i];
    return t === undefined || Number.isNaN(t) ? null : t;
  }

  authorOf(i: number): string | null {
    const id = this.author[i];
    return id === undefined || id < 0 ? null : (this.authors.values[id] ?? null);
  }

  /** Services, or null when the commit's paths were not read (an older commit on an incremental run). */
  servicesOf(i: number): readonly string[] | null {
    const id = this.serviceSet[i];
    return id === undefined || id < 0 ? null : (this.serviceSets.values[id] ?? null);
  }
}
