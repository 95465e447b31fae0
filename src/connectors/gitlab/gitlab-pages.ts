/**
 * Paging through one GitLab list in `updated_at` order from the cursor's mark, one batch per
 * page (see gitlab-cursor.ts for why each next page is asked for again from the new mark), and
 * through the sub-lists of one object (a merge request's notes and commits) by x-next-page.
 */
import type { Instant, RawPayload } from '../../domain/index.js';
import type { RecordSink } from '../connector.js';
import type { SyncBatch, SyncOptions, SyncRecords, SyncScope } from '../sync-connector.js';
import type { GitlabClient, GitlabPage } from './gitlab-client.js';
import { phaseCursor, type GitlabCursor, type GitlabPhase, type GitlabPhaseCursor } from './gitlab-cursor.js';
import { parseGitlabTime, type GitlabMapContext } from './gitlab-mapper.js';

/** Everything one collect shares. */
export interface Run {
  client: GitlabClient;
  ctx: GitlabMapContext;
  endpoint: string;
  options: SyncOptions;
  scope: SyncScope;
  sink: RecordSink<SyncBatch>;
  cursor: GitlabCursor;
  perPage: number;
  fetchedAt: Instant;
  isProduction: (environment: string) => boolean;
  /** Successful production deployments by commit SHA (the earliest finished one kept). */
  productionBySha: Map<string, { id: string; finishedAt: Instant }>;
  /** Whether every successful deployment of the project was read into `productionBySha`. */
  allDeploymentsLoaded: boolean;
}

interface HasUpdate {
  id: number;
  updated_at: string;
}

function instantOf(text: string): number {
  const parsed = parseGitlabTime(text);
  return parsed.ok ? parsed.value : Number.NaN;
}

export function raw(run: Run, entity: string, key: string, payload: unknown): RawPayload {
  return { org: run.options.org, source: 'gitlab', entity, key, payload, fetchedAt: run.fetchedAt };
}

/** The page's new mark and the ids at it, given the previous ones. */
function advance(previous: GitlabPhaseCursor, items: readonly HasUpdate[]): GitlabPhaseCursor {
  let mark = previous.updatedAfter;
  let ids = new Set(previous.idsAtMark);
  for (const item of items) {
    const at = instantOf(item.updated_at);
    const current = mark === null ? Number.NEGATIVE_INFINITY : instantOf(mark);
    if (at > current) {
      mark = item.updated_at;
      ids = new Set([item.id]);
    } else if (at === current) {
      ids.add(item.id);
    }
  }
  return { updatedAfter: mark, idsAtMark: [...ids].sort((a, b) => a - b) };
}

function requestKey(params: Record<string, string | number>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}

/** The query of a `Link: <...>; rel="next"` URL, or null when there is no next page. */
function nextLink(headers: Record<string, string>): Record<string, string> | null {
  const link = headers.link;
  if (!link) return null;
  const next = /<([^>]+)>;\s*rel="next"/.exec(link);
  if (!next?.[1]) return null;
  return Object.fromEntries(new URL(next[1]).searchParams.entries());
}

/**
 * Reads one entity from the phase's mark in `updated_at` order, page by page, and hands each
 * page's new items to `handle`, which turns them into a batch (stored with the advanced cursor).
 * `keyset`: GitLab's keyset pagination (Link header) where the endpoint has it; otherwise each
 * page is asked for again from the new mark, and x-next-page steps only through ties.
 */
export async function readPhase<T extends HasUpdate>(
  run: Run,
  phase: GitlabPhase,
  label: string,
  path: string,
  filters: Record<string, string | number>,
  parseItems: (body: unknown) => T[],
  handle: (items: T[]) => Promise<{ records: SyncRecords; raw: RawPayload[] }>,
  keyset = false,
): Promise<void> {
  let state = phaseCursor(run.cursor, phase);
  const endpoint = `${run.endpoint}/${path}`;
  let done = 0;
  let total: number | undefined;
  let page = 1;
  let linkParams: Record<string, string> | null = null;
  let firstKey: string | null = null;
  let firstEtag: string | undefined;
  let requestsInPhase = 0;
  let useKeyset = keyset;
  for (;;) {
    const params: Record<string, string | number> =
      linkParams ??
      {
        ...filters,
        order_by: 'updated_at',
        sort: 'asc',
        per_page: run.perPage,
        ...(useKeyset ? { pagination: 'keyset' } : { page }),
        ...(state.updatedAfter === null ? {} : { updated_after: state.updatedAfter }),
      };
    const key = requestKey(params);
    const etag = requestsInPhase === 0 && state.etag?.url === key ? state.etag.value : undefined;
    const response: GitlabPage = await run.client.get(endpoint, params, etag);
    requestsInPhase += 1;
    if (response.status === 304) {
      run.options.onProgress?.({ scope: run.scope.name, phase: label, done, total: 0, requests: run.client.requests });
      return; // Unchanged since the last run: the cursor (and its ETag) stay.
    }
    if (requestsInPhase === 1) {
      firstKey = key;
      firstEtag = response.headers.etag;
    }
    const items = parseItems(response.body);
    const xTotal = Number(response.headers['x-total']);
    if (total === undefined && response.headers['x-total'] !== undefined && Number.isFinite(xTotal)) total = xTotal;
    const markAt = state.updatedAfter === null ? Number.NaN : instantOf(state.updatedAfter);
    const seen = new Set(state.idsAtMark);
    const fresh = items.filter((i) => !(instantOf(i.updated_at) === markAt && seen.has(i.id)));
    const next = advance(state, items);
    const link = nextLink(response.headers);
    // A GitLab without keyset pagination on this endpoint ignores the parameter and answers
    // offset pages; following their page=N links from a fixed mark could skip items that move
    // while the sync reads. Ask again from the mark instead, as for the other entities.
    if (useKeyset && link !== null && link['cursor'] === undefined) useKeyset = false;
    const full = useKeyset ? link !== null : items.length >= run.perPage;
    const finished = !full;
    // The ETag is worth keeping only if the next run will send this very request: it was the
    // first of the phase, it was the last page, and the mark did not move.
    const keepEtag = finished && requestsInPhase === 1 && next.updatedAfter === state.updatedAfter && firstEtag !== undefined;
    const nextState: GitlabPhaseCursor = {
      ...next,
      ...(keepEtag && firstKey !== null && firstEtag !== undefined ? { etag: { url: firstKey, value: firstEtag } } : {}),
    };
    if (fresh.length > 0 || JSON.stringify(nextState) !== JSON.stringify(state)) {
      const batch = fresh.length > 0 ? await handle(fresh) : { records: {}, raw: [] };
      run.cursor = { ...run.cursor, phases: { ...run.cursor.phases, [phase]: nextState } };
      await run.sink.onRecords({ ...batch, cursor: structuredClone(run.cursor) });
    }
    done += fresh.length;
    run.options.onProgress?.({ scope: run.scope.name, phase: label, done, ...(total === undefined ? {} : { total }), requests: run.client.requests });
    if (finished) return;
    const moved = next.updatedAfter !== state.updatedAfter;
    state = nextState;
    if (useKeyset) {
      linkParams = link;
    } else if (moved) {
      page = 1; // Ask again from the new mark (see gitlab-cursor.ts).
    } else {
      // Every item of a full page shares the mark's instant: step past them by offset, as far
      // as GitLab announces a next page (never further: no endless loop on a proxy that drops it).
      const nextPage = Number(response.headers['x-next-page']);
      if (!nextPage) return;
      page = nextPage;
    }
  }
}

/** Every page of a sub-list (commits of a merge request), by x-next-page. */
export async function readAll<T>(run: Run, path: string, params: Record<string, string | number>, parse: (body: unknown) => T[], stop?: (items: T[]) => boolean): Promise<{ items: T[]; bodies: unknown[] }> {
  const items: T[] = [];
  const bodies: unknown[] = [];
  let page = 1;
  for (;;) {
    const response = await run.client.get(`${run.endpoint}/${path}`, { ...params, per_page: 100, page });
    bodies.push(response.body);
    const pageItems = parse(response.body);
    items.push(...pageItems);
    const next = Number(response.headers['x-next-page']);
    if (!next || pageItems.length === 0 || stop?.(pageItems)) return { items, bodies };
    page = next;
  }
}
