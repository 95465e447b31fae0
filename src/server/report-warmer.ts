/**
 * Keeps the reports the dashboard opens with computed ahead of the first visit: every
 * organisation's report of the dashboard's default window (the 90 days up to tomorrow's date,
 * as src/web/app/view-state.ts `windows` asks for them) and of the 90 days before, without the
 * evidence lists. A large organisation's report takes seconds to compute (3 s for the
 * benchmark's 1M commits); served from the cache it takes milliseconds.
 *
 * `panorama serve` runs that pass before it listens; then, every 30 s, it recomputes after new
 * data the reports clients asked for in the last 10 minutes (a dashboard in use stays fast; a
 * report nobody looks at is not recomputed). The cache is checked against the data version, so
 * a pass where nothing changed costs one version read per report, and a request that comes
 * before a pass computes the report itself: never stale. Passes never overlap, and a failure is
 * logged, never thrown: warming is an optimisation, not a duty.
 */
import type { Logger } from 'pino';
import { resolveWindow } from '../reporting/window.js';
import type { ReportCache } from './report-cache.js';
import type { Store } from './server-store.js';

const DAY_MS = 86_400_000;
/** The dashboard's default window, in days. */
export const DASHBOARD_DEFAULT_DAYS = 90;
/** Reports asked for within this long are kept warm after new data. */
export const RECENT_MS = 10 * 60_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The dashboard's default windows at `now`, as the browser asks for them: the current one
 * (until tomorrow's UTC date) and the previous one of equal length.
 */
export function dashboardDefaultWindows(
  now: number,
  days = DASHBOARD_DEFAULT_DAYS,
): Array<{ since: string; until: string }> {
  const until = Date.parse(`${isoDate(now + DAY_MS)}T00:00:00Z`);
  const since = until - days * DAY_MS;
  return [
    { since: isoDate(since), until: isoDate(until) },
    { since: isoDate(since - days * DAY_MS), until: isoDate(since) },
  ];
}

export interface ReportWarmerOptions {
  now: () => number;
  /** The server's default time zone (the dashboard sends none by default). */
  timezone: string;
  /** How often to look for new data. */
  intervalMs: number;
  logger: Logger;
}

export class ReportWarmer {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly reports: ReportCache,
    private readonly options: ReportWarmerOptions,
  ) {}

  /**
   * Looks for new data every `intervalMs` until `stop` (the first pass is `run`, which `serve`
   * awaits before it listens: a report takes seconds of CPU for a large organisation, and no
   * request should wait behind the first ones).
   */
  start(): void {
    if (this.#timer !== null || this.#stopped) return;
    this.#timer = setInterval(
      () => void this.#pass(() => this.#refresh()),
      this.options.intervalMs,
    );
    this.#timer.unref();
  }

  /** One pass over every organisation's dashboard windows (skipped while a pass still runs). */
  run(): Promise<void> {
    return this.#pass(() => this.#warmAll());
  }

  #pass(work: () => Promise<void>): Promise<void> {
    this.#running ??= work().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /**
   * Recomputes, after new data, the reports clients asked for in the last RECENT_MS: what is
   * being looked at stays warm, and a server taking writes that nobody reads never spends a
   * core recomputing reports for no one (a 300,000-deployment organisation under a webhook
   * load did, every 30 s, and grew by hundreds of MB).
   */
  async #refresh(): Promise<void> {
    for (const request of this.reports.askedSince(this.options.now() - RECENT_MS)) {
      if (this.#stopped) return;
      try {
        await this.reports.get(request, { warming: true });
      } catch (error) {
        // One report failing (its organisation deleted, say) never stops the others.
        this.options.logger.warn(
          { err: error, org: request.org },
          'refreshing a cached report failed; it is computed on request',
        );
      }
    }
  }


  /** Stops the timer and waits for a pass in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #warmAll(): Promise<void> {
    const { now, timezone, logger } = this.options;
    try {
      for (const org of await this.store.listOrganizations()) {
        for (const w of dashboardDefaultWindows(now())) {
          if (this.#stopped) return;
          const window = resolveWindow({ since: w.since, until: w.until, timezone, now: now() });
          await this.reports.get(
            {
              org: org.id,
              service: null,
              window,
              timezone,
              includeEvidence: false,
            },
            { warming: true },
          );
        }
      }
    } catch (error) {
      logger.warn(
        { err: error },
        'warming the dashboard reports failed; they are computed on request',
      );
    }
  }
}
