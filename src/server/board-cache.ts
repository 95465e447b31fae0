/**
 * Board pages computed once and served many times (versioned-cache.ts, as reports are), keyed by
 * organisation, window and time zone; every write to an organisation (incidents, deployments,
 * uptime samples, debt items) bumps its data version, so an entry is served only while nothing
 * landed since.
 * A board page costs two DORA reports (this window, with evidence, and the previous one) and
 * the business report: 22 ms (median) on the e2e demo organisation over 90 days, 0.02 ms from
 * the cache; the reports grow with the organisation (seconds for the benchmark's million
 * commits), so a version read per request is the cheaper side.
 * Concurrent misses of one key share one computation. The business parameters are fixed for
 * the server's life (the config file it started with), so they are not part of the key.
 */
import type { BusinessConfig } from '../config/business-schema.js';
import { boardView, loadBoardPageWith, resolveBusinessParams } from '../reporting/board/index.js';
import type { BoardPage, BoardView } from '../reporting/board/index.js';
import type { Store } from './server-store.js';
import { VersionedJsonCache } from './versioned-cache.js';


/** What a board page is asked for. */
export interface BoardRequest {
  org: string;
  window: { start: number; end: number };
  timezone: string;
}

/** Which business parameters the organisation has: without them, money figures are null. */
export interface BusinessConfigured {
  /** Revenue per hour (`revenue_per_hour`, `annual_revenue` or a service's own). */
  revenue: boolean;
  engineering_cost: boolean;
  /** An SLO target (the default or a service's). */
  slo: boolean;
}

/** The answer of `GET /api/v1/orgs/:org/business`. */
export interface BusinessAnswer {
  schema: 'panorama.business-page/v1';
  configured: BusinessConfigured;
  /** The board page (`panorama.board/v1`): every figure, money with formula and inputs. */
  page: BoardPage;
  /** The same page laid out as the board report shows it (tiles, claims, sections, evidence). */
  view: BoardView;
}

export interface CachedBoard {
  answer: BusinessAnswer;
  json: Buffer;
  gzip: Buffer;
  version: number;
}

/** The parameters an organisation has, from the server's `business` config. */
export function businessConfigured(business: BusinessConfig | null, org: string, homeOrg?: string): BusinessConfigured {
  const p = resolveBusinessParams(business ?? undefined, org, homeOrg);
  const services = Object.values(p.services);
  return {
    revenue: p.revenuePerHour !== null || services.some((s) => s.revenuePerHour != null),
    engineering_cost: p.engineeringCostPerHour !== null,
    slo: p.defaultSlo !== null || services.some((s) => s.slo != null),
  };
}

/** A small LRU of board pages, checked against the data version on every hit. */
export class BoardCache {
  readonly #cache: VersionedJsonCache<BusinessAnswer>;

  constructor(
    private readonly store: Store,
    private readonly business: BusinessConfig | null,
    private readonly now: () => number,
    maxEntries = 32,
    /** The config's own organisation (the top-level revenue is its alone). */
    private readonly homeOrg?: string,
  ) {
    this.#cache = new VersionedJsonCache<BusinessAnswer>(store, maxEntries);
  }

  async get(request: BoardRequest): Promise<CachedBoard> {
    // A window that has not ended is measured up to now (open incidents, SLO windows, alerts):
    // its page is current for the minute it was computed in, so the minute is part of its key.
    const now = Math.floor(this.now() / 60_000) * 60_000;
    const live = request.window.end > now ? now : null;
    const key = JSON.stringify([request.org, request.window.start, request.window.end, request.timezone, live]);
    const { value, json, gzip, version } = await this.#cache.get(request.org, key, async () => {
      const page = await loadBoardPageWith(
        this.store,
        this.business ?? undefined,
        request.org,
        { window: request.window, timezone: request.timezone, now },
        this.homeOrg,
      );
      return {
        schema: 'panorama.business-page/v1' as const,
        configured: businessConfigured(this.business, request.org, this.homeOrg),
        page,
        view: boardView(page),
      };
    });
    return { answer: value, json, gzip, version };
  }
}
