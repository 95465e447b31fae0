/**
 * A small LRU of JSON answers computed once and served many times (reports, board pages). An
 * entry remembers the organisation's data version it was computed from; every write to an
 * organisation bumps its version in the same transaction (storage), so an entry is served only
 * while no write has landed since: never stale. The JSON is kept as bytes, plain and gzipped,
 * so a hit costs one version read and no serialising, encoding or compressing. Concurrent
 * misses of one key share one computation, and a slower computation from an older version
 * never replaces a newer one.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Store } from './server-store.js';

const gzipAsync = promisify(gzip);

/** A computed value with its JSON text, plain and gzipped. */
export interface CachedJson<T> {
  value: T;
  json: Buffer;
  gzip: Buffer;
  version: number;
}

export class VersionedJsonCache<T> {
  readonly #entries = new Map<string, CachedJson<T>>();
  readonly #pending = new Map<string, Promise<CachedJson<T>>>();
  #hits = 0;
  #misses = 0;

  constructor(
    private readonly store: Pick<Store, 'getDataVersion'>,
    private readonly maxEntries = 32,
  ) {}

  /** Hits and misses so far (for /metrics). */
  get stats(): { hits: number; misses: number; entries: number } {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size };
  }

  /** The value under `key` for organisation `org`, computed by `compute` unless current. */
  async get(org: string, key: string, compute: () => Promise<T>): Promise<CachedJson<T>> {
    const version = await this.store.getDataVersion(org);
    const cached = this.#entries.get(key);
    if (cached !== undefined && cached.version === version) {
      this.#hits++;
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    this.#misses++;
    const pendingKey = `${key}@${version}`;
    let pending = this.#pending.get(pendingKey);
    if (pending === undefined) {
      pending = this.#compute(compute, version).finally(() => this.#pending.delete(pendingKey));
      this.#pending.set(pendingKey, pending);
    }
    const computed = await pending;
    const current = this.#entries.get(key);
    if (current === undefined || current.version <= computed.version) {
      this.#entries.delete(key);
      this.#entries.set(key, computed);
      while (this.#entries.size > this.maxEntries) {
        this.#entries.delete(this.#entries.keys().next().value as string);
      }
    }
    return computed;
  }

  async #compute(compute: () => Promise<T>, version: number): Promise<CachedJson<T>> {
    const value = await compute();
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    return { value, json, gzip: await gzipAsync(json, { level: 6 }), version };
  }
}
