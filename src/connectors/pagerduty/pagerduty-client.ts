/**
 * HTTP access to the PagerDuty REST API v2 through @pagerduty/pdjs: the `Token token=` header,
 * the versioned Accept header and `key[]=` query arrays are pdjs's; paging, rate limits, retries
 * and errors are ours, because pdjs 2 leaves them to the caller or gets them wrong for a sync:
 *
 * - pdjs's `server` option only builds `https://SERVER/...` URLs, so the base URL (a proxy, the
 *   EU region, the local fake in tests) is passed as a full `url` per request.
 * - pdjs retries a 429 itself, 3 times, after a fixed `retryTimeout` (20 s by default), ignoring
 *   PagerDuty's `ratelimit-reset` header, and that cannot be switched off. So we read the
 *   `ratelimit-remaining` / `ratelimit-reset` headers PagerDuty sends on every response and,
 *   when the budget is spent, wait until the reset *before* the next request (reported through
 *   `onRateLimitWait`), which is what PagerDuty asks clients to do
 *   (https://support.pagerduty.com/docs/rest-api-rate-limits); a 429 caused by another client
 *   of the same key is then retried by pdjs after the last known reset delay, and if pdjs hands
 *   the 429 back we wait `ratelimit-reset` ourselves, a bounded number of times.
 * - pdjs resolves every status (and rejects with the Response when a body is not JSON): 5xx and
 *   network failures are retried here with exponential backoff, 4xx become ConnectorErrors.
 *
 * The token is only ever handed to pdjs: it is never logged and never part of an error.
 */
import { api } from '@pagerduty/pdjs';
import { z } from 'zod';
import { AppError, ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { PdIncident, PdIncidentsPage, PdLogEntry, PdNote } from './pagerduty-api-types.js';

export const PAGERDUTY_API_URL = 'https://api.pagerduty.com';

export interface PagerdutyClientOptions {
  token: string;
  /** Default https://api.pagerduty.com (https://api.eu.pagerduty.com for the EU region). */
  apiUrl?: string | undefined;
  /** The sync scope, for messages and rate-limit reports. */
  scope: string;
  signal?: AbortSignal | undefined;
  onRateLimitWait?: ((wait: { scope: string; resumeAt: number; reason: string }) => void) | undefined;
  /** pdjs's own 429 retry delay when no reset is known yet, ms (PagerDuty's window is a minute). */
  rateLimitFallbackMs?: number;
  /** 429s handed back by pdjs that we wait out before giving up. */
  maxRateLimitWaits?: number;
  /** 5xx / network retries, and the first backoff delay (doubled each time), ms. */
  maxRetries?: number;
  retryBaseMs?: number;
  now?: () => number;
}

type Query = Record<string, string | string[]>;

/** What pdjs resolves (or rejects) with: a fetch Response with the parsed body as `data`. */
interface PdjsResponse {
  status: number;
  headers: { get(name: string): string | null };
  data?: unknown;
}

const reference = z.looseObject({ id: z.string(), type: z.string(), summary: z.string().nullish() });
const incidentSchema = z.looseObject({
  id: z.string(),
  incident_number: z.number(),
  title: z.string(),
  created_at: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.enum(['high', 'low']),
  service: reference,
  priority: z.looseObject({ id: z.string(), type: z.string(), name: z.string().nullish() }).nullish(),
});
const page = { limit: z.number(), offset: z.number(), more: z.boolean() };
const incidentsPageSchema = z.looseObject({ ...page, incidents: z.array(incidentSchema) });
const logEntriesPageSchema = z.looseObject({
  ...page,
  log_entries: z.array(z.looseObject({ id: z.string(), type: z.string(), created_at: z.string() })),
});
const notesSchema = z.looseObject({ notes: z.array(z.looseObject({ id: z.string(), content: z.string(), created_at: z.string() })) });
const incidentBodySchema = z.looseObject({ incident: incidentSchema });

function isResponse(value: unknown): value is PdjsResponse {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number' && 'headers' in value;
}

function errorMessageOf(data: unknown): string {
  const error = (data as { error?: { message?: unknown; errors?: unknown } } | null | undefined)?.error;
  if (!error) return '';
  const more = Array.isArray(error.errors) ? ` (${error.errors.join('; ')})` : '';
  return typeof error.message === 'string' ? `: ${error.message}${more}` : '';
}

export class PagerdutyClient {
  /** HTTP requests sent so far (pdjs's own 429 retries included when we can know them). */
  requests = 0;
  private readonly baseUrl: string;
  private readonly now: () => number;
  /** When the rate-limit budget is spent, the instant it is back (0: not spent). */
  private budgetBackAt = 0;
  /** The last `ratelimit-reset` seen, ms: pdjs's delay for a 429 it retries itself. */
  private lastResetMs: number;

  constructor(private readonly options: PagerdutyClientOptions) {
    this.baseUrl = (options.apiUrl ?? PAGERDUTY_API_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.lastResetMs = options.rateLimitFallbackMs ?? 60_000;
  }

  /** One page of `GET /incidents`. */
  async listIncidents(query: Query): Promise<PdIncidentsPage> {
    return this.parse(incidentsPageSchema, await this.get('incidents', query), 'incidents') as unknown as PdIncidentsPage;
  }

  /** `GET /incidents/{id}`; null when PagerDuty no longer has it. */
  async getIncident(id: string): Promise<PdIncident | null> {
    const data = await this.get(`incidents/${encodeURIComponent(id)}`, {}, { notFoundIsNull: true });
    if (data === null) return null;
    return (this.parse(incidentBodySchema, data, `incident ${id}`) as unknown as { incident: PdIncident }).incident;
  }

  /** Every log entry of an incident, all pages, in PagerDuty's order. */
  async listLogEntries(id: string): Promise<PdLogEntry[]> {
    const entries: PdLogEntry[] = [];
    for (let offset = 0; ; ) {
      const data = await this.get(`incidents/${encodeURIComponent(id)}/log_entries`, { limit: '100', offset: String(offset) });
      const p = this.parse(logEntriesPageSchema, data, `log entries of incident ${id}`);
      entries.push(...(p.log_entries as unknown as PdLogEntry[]));
      if (!p.more || p.log_entries.length === 0) return entries;
      offset = p.offset + p.log_entries.length;
    }
  }

  /** The notes of an incident (not paginated by PagerDuty). */
  async listNotes(id: string): Promise<PdNote[]> {
    const data = await this.get(`incidents/${encodeURIComponent(id)}/notes`, {});
    return (this.parse(notesSchema, data, `notes of incident ${id}`) as unknown as { notes: PdNote[] }).notes;
  }

  private parse<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T> {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConnectorError(
        ERROR_CODES.CONNECTOR_BAD_RESPONSE,
        `PagerDuty sent unexpected ${what} for ${this.options.scope}: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid body'}`,
        { details: { source: 'pagerduty', scope: this.options.scope } },
      );
    }
    return parsed.data;
  }

  private fail(code: string, message: string, status: number | null, retryable: boolean, cause?: unknown): ConnectorError {
    return new ConnectorError(code, message, {
      ...(cause === undefined ? {} : { cause }),
      details: { source: 'pagerduty', scope: this.options.scope, status, retryable },
    });
  }

  private async sleep(ms: number): Promise<void> {
    const signal = this.options.signal;
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
    this.checkAborted();
  }

  private checkAborted(): void {
    if (this.options.signal?.aborted) {
      throw new AppError(ERROR_CODES.SYNC_CANCELLED, `pagerduty ${this.options.scope}: interrupted; the next sync resumes from the last stored batch`);
    }
  }

  private async waitForBudget(resumeAt: number, reason: string): Promise<void> {
    const wait = resumeAt - this.now();
    if (wait <= 0) return;
    this.options.onRateLimitWait?.({ scope: this.options.scope, resumeAt, reason });
    await this.sleep(wait);
  }

  /** Reads the rate-limit headers of a response: the budget left and when it comes back. */
  private noteRateLimit(response: PdjsResponse): number | null {
    const reset = Number(response.headers.get('ratelimit-reset'));
    const resetMs = Number.isFinite(reset) && reset >= 0 && response.headers.get('ratelimit-reset') !== null ? reset * 1000 : null;
    // A reset of 0 s still gets pdjs a short pause (1 s, or less when the fallback is shorter).
    if (resetMs !== null) this.lastResetMs = Math.max(Math.min(1000, this.options.rateLimitFallbackMs ?? 60_000), resetMs);
    const remaining = response.headers.get('ratelimit-remaining');
    if (remaining !== null && Number(remaining) <= 0 && resetMs !== null) this.budgetBackAt = this.now() + resetMs;
    return resetMs;
  }

  private async get(path: string, query: Query, how: { notFoundIsNull?: boolean } = {}): Promise<unknown> {
    const label = `GET /${path.replace(/\/[^/]+(?=\/|$)/, '/{id}')}`;
    let rateLimitWaits = 0;
    for (let attempt = 0; ; attempt++) {
      this.checkAborted();
      if (this.budgetBackAt > this.now()) {
        await this.waitForBudget(this.budgetBackAt, 'PagerDuty rate limit budget spent (ratelimit-remaining: 0)');
      }
      this.budgetBackAt = 0;
      let response: PdjsResponse;
      try {
        this.requests++;
        response = (await api({
          url: `${this.baseUrl}/${path}`,
          token: this.options.token,
          method: 'GET',
          queryParameters: query,
          // pdjs arms a no-op timer for this timeout that keeps the process alive; ours is the signal.
          requestTimeout: 0,
          retryTimeout: this.lastResetMs,
          ...(this.options.signal ? { signal: this.options.signal } : {}),
        })) as unknown as PdjsResponse;
      } catch (error) {
        if (isResponse(error)) {
          response = error; // a body that is not JSON (an HTML 502 page from a proxy)
        } else {
          this.checkAborted();
          if (attempt < (this.options.maxRetries ?? 3)) {
            await this.sleep((this.options.retryBaseMs ?? 1000) * 2 ** attempt);
            continue;
          }
          const reason = error instanceof Error ? error.message : String(error);
          throw this.fail(ERROR_CODES.CONNECTOR_REQUEST_FAILED, `PagerDuty ${label} for ${this.options.scope} failed: ${reason}; check the network or sources.pagerduty.api_url`, null, true, error);
        }
      }
      const resetMs = this.noteRateLimit(response);
      const status = response.status;
      if (status >= 200 && status < 300) {
        if (response.data === undefined) throw this.fail(ERROR_CODES.CONNECTOR_BAD_RESPONSE, `PagerDuty ${label} for ${this.options.scope} answered ${status} without a JSON body`, status, false);
        return response.data;
      }
      if (status === 429) {
        // pdjs already retried this 3 times: it made 4 requests.
        this.requests += 3;
        if (rateLimitWaits >= (this.options.maxRateLimitWaits ?? 5)) {
          throw this.fail(ERROR_CODES.CONNECTOR_RATE_LIMITED, `PagerDuty kept rate-limiting ${label} for ${this.options.scope} after ${rateLimitWaits} waits; another client may share the API key, try again later`, status, true);
        }
        rateLimitWaits++;
        this.budgetBackAt = 0; // this wait is the budget's wait
        await this.waitForBudget(this.now() + (resetMs ?? this.lastResetMs), 'PagerDuty rate limit (429)');
        attempt--; // a rate-limit wait is not a failed attempt
        continue;
      }
      if (status === 401 || status === 403) {
        throw this.fail(
          ERROR_CODES.CONNECTOR_AUTH_FAILED,
          `PagerDuty returned ${status} for ${label} (${this.options.scope})${errorMessageOf(response.data)}; set PAGERDUTY_TOKEN (or sources.pagerduty.token) to a REST API key that can read incidents`,
          status,
          false,
        );
      }
      if (status === 404 && how.notFoundIsNull) return null;
      if (status === 404) {
        throw this.fail(ERROR_CODES.CONNECTOR_NOT_FOUND, `PagerDuty ${label} for ${this.options.scope} returned 404${errorMessageOf(response.data)}; check the service id`, status, false);
      }
      if (status >= 500 && attempt < (this.options.maxRetries ?? 3)) {
        await this.sleep((this.options.retryBaseMs ?? 1000) * 2 ** attempt);
        continue;
      }
      throw this.fail(
        ERROR_CODES.CONNECTOR_REQUEST_FAILED,
        `PagerDuty ${label} for ${this.options.scope} returned ${status}${errorMessageOf(response.data)}${status >= 500 ? ` after ${attempt + 1} attempts; try again later` : ''}`,
        status,
        status >= 500,
      );
    }
  }
}
