/**
 * A local PagerDuty REST API v2 (node:http on 127.0.0.1) that answers like the documented one
 * for what the connector reads: `GET /incidents` (since/until on the creation time, at most
 * 6 months apart; `statuses[]`, `service_ids[]`, `sort_by`, offset pagination with `limit`,
 * `offset` and `more`, offset + limit capped at 10,000), `GET /incidents/{id}`,
 * `GET /incidents/{id}/log_entries` (newest first, paginated) and `GET /incidents/{id}/notes`.
 *
 * Authentication is `Authorization: Token token=<token>` (401 otherwise, with PagerDuty's error
 * body); every response carries `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset`.
 * Tests script failures (a 429 with its headers, a 502 HTML page) with `failNext`, and read
 * every request in `requests`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PdIncident, PdLogEntry, PdNote } from '../../src/connectors/pagerduty/pagerduty-api-types.js';

export interface FakeRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  accept: string | undefined;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface ScriptedFailure {
  /** Which request path it applies to (`/incidents`, `/incidents/P1/log_entries`). */
  path: string;
  status: 429 | 500 | 502 | 503;
  /** How many consecutive matching requests fail. */
  times: number;
  /** For 429: the `ratelimit-reset` seconds sent. */
  resetSeconds?: number;
}

export interface PagerdutyFakeData {
  incidents: PdIncident[];
  logEntries: Record<string, PdLogEntry[]>;
  notes: Record<string, PdNote[]>;
}

export interface PagerdutyFake {
  readonly url: string;
  readonly requests: FakeRequest[];
  /** The fake's data; tests change it between syncs. */
  readonly data: PagerdutyFakeData;
  /** Largest `limit` honoured for log entries (PagerDuty: 100); tests lower it to force pages. */
  logEntriesMaxLimit: number;
  /** `ratelimit-remaining` of the next response, counted down to 0 then reset (null: 900, static). */
  remaining: number | null;
  /** `ratelimit-reset` seconds sent on normal responses. */
  resetSeconds: number;
  failNext(failure: ScriptedFailure): void;
  /** Requests whose path is `path` (exactly). */
  count(path: string): number;
  close(): Promise<void>;
}

const MAX_RANGE_MS = 183 * 86_400_000;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function pdError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string>, errors?: string[]): void {
  json(res, status, { error: { code, message, ...(errors ? { errors } : {}) } }, headers);
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name);
  return text === null ? fallback : Number.parseInt(text, 10);
}

export async function startPagerdutyFake(token: string, data: PagerdutyFakeData): Promise<PagerdutyFake> {
  const requests: FakeRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const fake = {
    url: '',
    requests,
    data,
    logEntriesMaxLimit: 100,
    remaining: null as number | null,
    resetSeconds: 1,
    failNext(failure: ScriptedFailure) {
      failures.push({ ...failure });
    },
    count(path: string) {
      return requests.filter((r) => r.path === path).length;
    },
    close: async () => {},
  };

  const rateHeaders = (): Record<string, string> => {
    const remaining = fake.remaining ?? 900;
    // Counts down to 0; after the response that says 0, the window resets.
    if (fake.remaining !== null) fake.remaining = fake.remaining > 0 ? fake.remaining - 1 : null;
    return { 'ratelimit-limit': '960', 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(fake.resetSeconds) };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FakeRequest = {
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      at: Date.now(),
    };
    requests.push(request);
    const failure = failures.find((f) => f.path === url.pathname && f.times > 0);
    if (failure) {
      failure.times -= 1;
      if (failure.status === 429) {
        const reset = String(failure.resetSeconds ?? 1);
        pdError(res, 429, 2020, 'Rate Limit Exceeded', { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': reset });
        return;
      }
      res.writeHead(failure.status, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    const headers = rateHeaders();
    if (req.headers.authorization !== `Token token=${token}`) {
      pdError(res, 401, 2006, 'Authentication failed', headers);
      return;
    }
    if (req.method !== 'GET') {
      pdError(res, 405, 2000, 'Method not allowed', headers);
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts.length === 1 && parts[0] === 'incidents') {
      listIncidents(url.searchParams, res, headers);
      return;
    }
    const incident = parts[0] === 'incidents' && parts[1] ? data.incidents.find((i) => i.id === parts[1]) : undefined;
    if (!incident) {
      pdError(res, 404, 2100, 'Not Found', headers);
      return;
    }
    if (parts.length === 2) {
      json(res, 200, { incident }, headers);
    } else if (parts.length === 3 && parts[2] === 'log_entries') {
      const entries = [...(data.logEntries[incident.id] ?? [])].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
      const limit = Math.min(intParam(url.searchParams, 'limit', 25), fake.logEntriesMaxLimit);
      const offset = intParam(url.searchParams, 'offset', 0);
      const slice = entries.slice(offset, offset + limit);
      json(res, 200, { log_entries: slice, limit, offset, more: offset + limit < entries.length, total: null }, headers);
    } else if (parts.length === 3 && parts[2] === 'notes') {
      json(res, 200, { notes: data.notes[incident.id] ?? [] }, headers);
    } else {
      pdError(res, 404, 2100, 'Not Found', headers);
    }
  };

  const listIncidents = (query: URLSearchParams, res: ServerResponse, headers: Record<string, string>): void => {
    const since = query.get('since');
    const until = query.get('until');
    const sinceMs = since === null ? Date.now() - 30 * 86_400_000 : Date.parse(since);
    const untilMs = until === null ? Date.now() : Date.parse(until);
    if (Number.isNaN(sinceMs) || Number.isNaN(untilMs) || untilMs - sinceMs > MAX_RANGE_MS) {
      pdError(res, 400, 2001, 'Invalid Input Provided', headers, ['Date Range must be less than 6 months.']);
      return;
    }
    const limit = Math.min(intParam(query, 'limit', 25), 100);
    const offset = intParam(query, 'offset', 0);
    if (offset + limit > 10_000) {
      pdError(res, 400, 2001, 'Invalid Input Provided', headers, ['Offset must be less than 10000.']);
      return;
    }
    const statuses = query.getAll('statuses[]');
    const services = query.getAll('service_ids[]');
    const descending = query.get('sort_by') === 'created_at:desc';
    const matching = data.incidents
      .filter((i) => {
        const at = Date.parse(i.created_at);
        return at >= sinceMs && at < untilMs;
      })
      .filter((i) => statuses.length === 0 || statuses.includes(i.status))
      .filter((i) => services.length === 0 || services.includes(i.service.id))
      .sort((a, b) => (Date.parse(a.created_at) - Date.parse(b.created_at)) * (descending ? -1 : 1) || a.incident_number - b.incident_number);
    const slice = matching.slice(offset, offset + limit);
    json(res, 200, { incidents: slice, limit, offset, more: offset + limit < matching.length, total: null }, headers);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return fake;
}
