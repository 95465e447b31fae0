/**
 * Reports computed once and served many times (versioned-cache.ts: never stale, as bytes plain
 * and gzipped, concurrent misses sharing one computation), keyed by organisation, service,
 * window, time zone and evidence. The report of a large organisation with its evidence runs to
 * tens of MB of JSON.
 */
import { computeReport, type Report } from '../metrics/index.js';
import { loadReportInput } from '../reporting/load-report-input.js';
import type { Store } from './server-store.js';
import { VersionedJsonCache } from './versioned-cache.js';

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
  readonly #cache: VersionedJsonCache<Report>;
  /** What requests asked for (not the warmer), by key, with when: most recent last. */
  readonly #asked = new Map<string, { request: ReportRequest; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    maxEntries = 32,
  ) {
    this.#cache = new VersionedJsonCache<Report>(store, maxEntries);
  }

  /** The reports clients asked for at `since` or later (what is worth keeping warm). */
  askedSince(since: number): ReportRequest[] {
    return [...this.#asked.values()].filter((a) => a.at >= since).map((a) => a.request);
  }

  /** Hits and misses so far (for /metrics). */
  get stats(): { hits: number; misses: number; entries: number } {
    return this.#cache.stats;
  }

  /**
   * The report for `request`, from the cache when no write landed since it was computed.
   * `warming`: asked by the warmer, not by a client (not remembered as asked).
   */
  async get(request: ReportRequest, options: { warming?: boolean } = {}): Promise<CachedReport> {
    const key = JSON.stringify([
      request.org,
      request.service,
      request.window.start,
      request.window.end,
      request.timezone,
      request.includeEvidence,
    ]);
    const { value, json, gzip, version } = await this.#cache.get(request.org, key, async () => {
      const input = await loadReportInput(this.store, request.org, request.service, { windows: [request.window] });
      return computeReport(input, {
        window: request.window,
        timezone: request.timezone,
        service: request.service,
        now: this.now(),
        includeEvidence: request.includeEvidence,
      });
    });
    // Remembered once computed: a request that fails (an unknown service) is not kept warm.
    if (options.warming !== true) {
      this.#asked.delete(key);
      this.#asked.set(key, { request, at: this.now() });
      if (this.#asked.size > 64) this.#asked.delete(this.#asked.keys().next().value as string);
    }
    return { report: value, json, gzip, version };
  }
}
