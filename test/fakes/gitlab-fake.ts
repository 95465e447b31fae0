/**
 * A local GitLab REST v4 API (node:http on 127.0.0.1) that answers like the documented one
 * (https://docs.gitlab.com/api/rest/) for what the GitLab connector reads:
 * `GET /api/v4/projects/:id` (id = number or URL-encoded path), `.../merge_requests` (+ `/:iid`,
 * `/:iid/approvals`, `/:iid/notes`, `/:iid/commits`), `.../deployments`, `.../pipelines`,
 * `.../issues` (`issue_type`) and `.../issues/:iid/links`.
 *
 * - Filters `updated_after` (inclusive, like GitLab), `status`, `state`, `issue_type`; order by
 *   `order_by` (`updated_at`, `id`, `created_at`) and `sort`, ties broken by id.
 * - Offset pagination with `page`/`per_page` (default 20, at most 100): x-page, x-per-page,
 *   x-total, x-total-pages, x-next-page, x-prev-page and a Link header (first/prev/next/last).
 * - Keyset pagination (`pagination=keyset`) on issues only, as GitLab: a Link rel="next" with an
 *   opaque `cursor`, none of the x-* headers; elsewhere it answers 405 like GitLab.
 * - `PRIVATE-TOKEN` must be the token (401 `{"message":"401 Unauthorized"}` otherwise).
 * - Every 200 carries an ETag; `If-None-Match` with it answers 304 without a body.
 * - Every answer carries RateLimit-Limit/-Observed/-Remaining/-Reset/-ResetTime for a fixed
 *   window (`windowMs`, 60 s) of `limit` requests; past the limit GitLab answers 429 until the window ends.
 *   `exhaust()` makes the next answer say 0 remaining until a reset 1 s later. A request before
 *   an announced reset gets 429 with Retry-After (and counts in `hammered`). `failNext` scripts 429s (Retry-After)
 *   and 5xx (an HTML 502 page, as GitLab's proxy sends).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

/** One project's data, in the documented REST shapes. */
export interface GitlabFakeProject {
  project: Json & { id: number; path_with_namespace: string };
  mergeRequests: Array<Json & { iid: number; id: number; updated_at: string }>;
  approvals: Record<number, Json>;
  notes: Record<number, Array<Json & { id: number; created_at: string }>>;
  commits: Record<number, Array<Json & { id: string }>>;
  deployments: Array<Json & { id: number; updated_at: string; status: string }>;
  pipelines: Array<Json & { id: number; updated_at: string }>;
  issues: Array<Json & { id: number; iid: number; updated_at: string }>;
  links: Record<number, Json[]>;
}

export interface FakeRequest {
  /** The path after /api/v4, decoded (`/projects/acme/api/merge_requests`). */
  path: string;
  query: URLSearchParams;
  status: number;
  token: string | undefined;
  at: number;
}

export interface ScriptedFailure {
  /** The request path (after /api/v4, decoded) it applies to; a prefix match. */
  path: string;
  status: 429 | 500 | 502 | 503;
  times: number;
  /** Retry-After seconds of a 429 (default 1). */
  retryAfter?: number;
}

export interface GitlabFake {
  readonly url: string;
  readonly requests: FakeRequest[];
  readonly projects: Record<string, GitlabFakeProject>;
  /** Requests answered 429 because they came before a reset the fake had announced. */
  hammered: number;
  /** Requests allowed per window (GitLab.com's authenticated API: 2,000 a minute). */
  limit: number;
  /** The rate-limit window (60 s; tests shorten it). */
  windowMs: number;
  latencyMs: number;
  /**
   * Whether issues answer keyset pagination (true) or, like a GitLab from before it existed
   * there, ignore the parameter and answer offset pages (false).
   */
  issuesKeyset: boolean;
  failNext(failure: ScriptedFailure): void;
  /** The next answer says RateLimit-Remaining: 0 with a reset `seconds` later. */
  exhaust(seconds?: number): void;
  /** Requests whose path starts with `prefix` (and, if given, answered `status`). */
  count(prefix: string, status?: number): number;
  close(): Promise<void>;
}


function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

function compare(orderBy: string, sort: string) {
  const dir = sort === 'desc' ? -1 : 1;
  return (a: Json, b: Json): number => {
    const ka = orderBy === 'id' ? Number(a.id) : Date.parse(String(a[orderBy]));
    const kb = orderBy === 'id' ? Number(b.id) : Date.parse(String(b[orderBy]));
    if (ka !== kb) return (ka - kb) * dir;
    return (Number(a.id) - Number(b.id)) * dir;
  };
}

/**
 * Starts the fake. `prefix` serves it under a path (`/gitlab`, as a self-managed instance behind
 * a relative URL root); `url` is then the instance's base URL, prefix included.
 */
export async function startGitlabFake(
  token: string,
  projects: Record<string, GitlabFakeProject>,
  options: { prefix?: string } = {},
): Promise<GitlabFake> {
  const api = `${options.prefix ?? ''}/api/v4`;
  const requests: FakeRequest[] = [];
  const failures: ScriptedFailure[] = [];
  let blockedUntil = 0;
  let exhaustNext: number | null = null;
  let observed = 0;
  let windowEnd = 0;

  const fake: GitlabFake = {
    url: '',
    requests,
    projects,
    hammered: 0,
    limit: 2000,
    windowMs: 60_000,
    latencyMs: 0,
    issuesKeyset: true,
    failNext(failure) {
      failures.push({ ...failure });
    },
    exhaust(seconds = 1) {
      exhaustNext = seconds;
    },
    count(prefix, status) {
      return requests.filter((r) => r.path.startsWith(prefix) && (status === undefined || r.status === status)).length;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function rateHeaders(remaining: number, resetAtMs: number): Record<string, string> {
    return {
      'ratelimit-limit': String(fake.limit),
      'ratelimit-observed': String(observed),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(Math.ceil(resetAtMs / 1000)),
      'ratelimit-resettime': new Date(Math.ceil(resetAtMs / 1000) * 1000).toUTCString(),
    };
  }

  function send(req: IncomingMessage, res: ServerResponse, record: FakeRequest, status: number, body: unknown, extra: Record<string, string> = {}): void {
    record.status = status;
    const now = Date.now();
    let headers = rateHeaders(Math.max(0, fake.limit - observed), windowEnd);
    if (exhaustNext !== null) {
      blockedUntil = now + exhaustNext * 1000;
      headers = rateHeaders(0, blockedUntil);
      exhaustNext = null;
    }
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json', ...headers, ...extra });
      res.end(JSON.stringify(body));
      return;
    }
    const text = JSON.stringify(body);
    const etag = etagOf(text);
    if (req.headers['if-none-match'] === etag) {
      record.status = 304;
      res.writeHead(304, { etag, ...headers, ...extra });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag, ...headers, ...extra });
    res.end(text);
  }

  /** Offset pagination with GitLab's headers. */
  function offsetPage(url: URL, items: Json[]): { body: Json[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    const body = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number): string => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return u.toString();
    };
    const links = [`<${link(1)}>; rel="first"`, `<${link(totalPages)}>; rel="last"`];
    if (page > 1) links.unshift(`<${link(page - 1)}>; rel="prev"`);
    if (page < totalPages) links.unshift(`<${link(page + 1)}>; rel="next"`);
    return {
      body,
      headers: {
        'x-page': String(page),
        'x-per-page': String(perPage),
        'x-total': String(items.length),
        'x-total-pages': String(totalPages),
        'x-next-page': page < totalPages ? String(page + 1) : '',
        'x-prev-page': page > 1 ? String(page - 1) : '',
        link: links.join(', '),
      },
    };
  }

  /** Keyset pagination: items after the cursor's (order key, id), a Link to the next page. */
  function keysetPage(url: URL, items: Json[], orderBy: string): { body: Json[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20)));
    const cursor = url.searchParams.get('cursor');
    let start = 0;
    if (cursor) {
      const after = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { key: string; id: number };
      start = items.findIndex((i) => i.id === after.id) + 1;
    }
    const body = items.slice(start, start + perPage);
    const headers: Record<string, string> = {};
    const last = body.at(-1);
    if (last && start + perPage < items.length) {
      const next = new URL(url);
      next.searchParams.set('cursor', Buffer.from(JSON.stringify({ key: last[orderBy], id: last.id })).toString('base64url'));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return { body, headers };
  }

  /** `keyset`: answered (true), refused with 405 (false), or ignored for offset pages ('ignored'). */
  function list(url: URL, items: Json[], keysetAllowed: boolean | 'ignored'): { status: number; body: unknown; headers: Record<string, string> } {
    const q = url.searchParams;
    let rows = items;
    const after = q.get('updated_after');
    if (after) rows = rows.filter((r) => Date.parse(String(r.updated_at)) >= Date.parse(after));
    const status = q.get('status');
    if (status) rows = rows.filter((r) => r.status === status);
    const state = q.get('state');
    if (state && state !== 'all') rows = rows.filter((r) => r.state === state);
    const type = q.get('issue_type');
    if (type) rows = rows.filter((r) => r.issue_type === type);
    const orderBy = q.get('order_by') ?? 'created_at';
    rows = [...rows].sort(compare(orderBy, q.get('sort') ?? 'desc'));
    if (q.get('pagination') === 'keyset' && keysetAllowed !== 'ignored') {
      if (!keysetAllowed) return { status: 405, body: { message: '405 Method Not Allowed' }, headers: {} };
      const page = keysetPage(url, rows, orderBy);
      return { status: 200, ...page };
    }
    return { status: 200, ...offsetPage(url, rows) };
  }

  function route(url: URL, path: string): { status: number; body: unknown; headers: Record<string, string> } {
    const m = /^\/projects\/(.+?)(?:\/(merge_requests|deployments|pipelines|issues)(?:\/(\d+)(?:\/(approvals|notes|commits|links))?)?)?$/.exec(path);
    const notFound = { status: 404, body: { message: '404 Project Not Found' }, headers: {} };
    if (!m?.[1]) return { status: 404, body: { error: '404 Not Found' }, headers: {} };
    const data = Object.values(projects).find((p) => p.project.path_with_namespace === m[1] || String(p.project.id) === m[1]);
    if (!data) return notFound;
    const [, , collection, id, sub] = m;
    if (!collection) return { status: 200, body: data.project, headers: {} };
    const iid = Number(id);
    if (collection === 'merge_requests') {
      if (!id) return list(url, data.mergeRequests, false);
      const mr = data.mergeRequests.find((r) => r.iid === iid);
      if (!mr) return { status: 404, body: { message: '404 Not found' }, headers: {} };
      if (!sub) return { status: 200, body: mr, headers: {} };
      if (sub === 'approvals') return { status: 200, body: data.approvals[iid] ?? { id: mr.id, iid, approved: false, approved_by: [] }, headers: {} };
      if (sub === 'notes') return list(url, data.notes[iid] ?? [], false);
      if (sub === 'commits') return { status: 200, ...offsetPage(url, data.commits[iid] ?? []) };
    }
    if (collection === 'deployments' && !id) return list(url, data.deployments, false);
    if (collection === 'pipelines' && !id) return list(url, data.pipelines, false);
    if (collection === 'issues') {
      if (!id) return list(url, data.issues, fake.issuesKeyset ? true : 'ignored');
      if (sub === 'links') return { status: 200, body: data.links[iid] ?? [], headers: {} };
    }
    return { status: 404, body: { error: '404 Not Found' }, headers: {} };
  }

  const server = createServer((req, res) => {
    const handle = (): void => {
      const url = new URL(req.url ?? '/', fake.url);
      const path = decodeURIComponent(url.pathname.startsWith(`${api}/`) ? url.pathname.slice(api.length) : url.pathname);
      const given = req.headers['private-token'];
      const record: FakeRequest = { path, query: url.searchParams, status: 0, token: typeof given === 'string' ? given : undefined, at: Date.now() };
      requests.push(record);
      // A fixed window, like GitLab's throttles: the count starts over at its end.
      if (record.at >= windowEnd) {
        observed = 0;
        windowEnd = record.at + fake.windowMs;
      }
      observed += 1;
      if (!url.pathname.startsWith(`${api}/`)) {
        send(req, res, record, 404, { error: '404 Not Found' });
        return;
      }
      if (record.token !== token) {
        send(req, res, record, 401, { message: '401 Unauthorized' });
        return;
      }
      if (observed > fake.limit) blockedUntil = Math.max(blockedUntil, windowEnd);
      if (Date.now() < blockedUntil) {
        fake.hammered += 1;
        send(req, res, record, 429, { message: 'Retry later' }, { 'retry-after': String(Math.ceil((blockedUntil - Date.now()) / 1000)) });
        return;
      }
      const failure = failures.find((f) => path.startsWith(f.path) && f.times > 0);
      if (failure) {
        failure.times -= 1;
        if (failure.status === 429) {
          record.status = 429;
          const retryAfter = failure.retryAfter ?? 1;
          res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(retryAfter), ...rateHeaders(0, Date.now() + retryAfter * 1000) });
          res.end('Retry later\n');
          blockedUntil = Date.now() + retryAfter * 1000;
          return;
        }
        record.status = failure.status;
        res.writeHead(failure.status, { 'content-type': 'text/html' });
        res.end(`<html><body><h1>${failure.status}</h1>GitLab is not responding</body></html>`);
        return;
      }
      const answer = route(url, path);
      send(req, res, record, answer.status, answer.body, answer.headers);
    };
    if (fake.latencyMs > 0) setTimeout(handle, fake.latencyMs);
    else handle();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.prefix ?? ''}`;
  return fake;
}
