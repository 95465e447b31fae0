/**
 * Reports computed once and served many times. An entry is keyed by organisation, service,
 * window, time zone and evidence, and remembers the organisation's data version it was
 * computed from; every write to an organisation bumps its version in the same transaction
 * (storage), so an entry is served only while no write has landed since: never stale.
 * The JSON is kept with the report as bytes, plain and gzipped (the report of a large
 * organisation with its evidence runs to tens of MB), so a hit costs one version read and no
 * serialising, encoding or compressing.
 * Concurrent misses of one key share one computation.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { computeReport, type Report } from '../metrics/index.js';
import { loadReportInput } from '../reporting/load-report-input.js';
import type { Store } from './server-store.js';

const gzipAsync = promisify(gzip);

/** What a report is asked for. */
export interface ReportRequest {
  org: string;
  service: string | null;
  window: { start: number; end: number };
  timezone: string;
  includeEvidence: boolean;
}

/** A computed report and its JSON text, as `computeReport` returned it. */
export interface CachedReport {
  report: Report;
  /** The report as UTF-8 JSON. */
  json: Buffer;
  /** The same, gzipped. */
  gzip: Buffer;
  version: number;
}

/** A small LRU of reports, checked against the data version on every hit. */
export class ReportCache {
  readonly #entries = new Map<string, CachedReport>();
  readonly #pending = new Map<string, Promise<CachedReport>>();
  #hits = 0;
  #misses = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly maxEntries = 32,
  ) {}

  /** Hits and misses so far (for /metrics). */
  get stats(): { hits: number; misses: number; entries: number } {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size };
  }

  /** The report for `request`, from the cache when no write landed since it was computed. */
  async get(request: ReportRequest): Promise<CachedReport> {
    const version = await this.store.getDataVersion(request.org);
    const key = JSON.stringify([
      request.org,
      request.service,
      request.window.start,
      request.window.end,
      request.timezone,
      request.includeEvidence,
    ]);
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
      pending = this.#compute(request, version).finally(() => this.#pending.delete(pendingKey));
      this.#pending.set(pendingKey, pending);
    }
    const computed = await pending;
    const current = this.#entries.get(key);
    // A slower computation from an older version never replaces a newer one.
    if (current === undefined || current.version <= computed.version) {
      this.#entries.delete(key);
      this.#entries.set(key, computed);
      while (this.#entries.size > this.maxEntries) {
        const oldest = this.#entries.keys().next().value as string;
        this.#entries.delete(oldest);
      }
    }
    return computed;
  }

  async #compute(request: ReportRequest, version: number): Promise<CachedReport> {
    const input = await loadReportInput(this.store, request.org, request.service);
    const report = computeReport(input, {
      window: request.window,
      timezone: request.timezone,
      service: request.service,
      now: this.now(),
      includeEvidence: request.includeEvidence,
    });
    const json = Buffer.from(JSON.stringify(report), 'utf8');
    return { report, json, gzip: await gzipAsync(json, { level: 6 }), version };
  }
}
