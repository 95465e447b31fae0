/**
 * HTTP to one GitLab project through @gitbeaker/rest, with the waiting and retrying a sync needs.
 *
 * Why not gitbeaker's default request handler: it retries only 429 and 502, sleeps 2^i/4
 * *milliseconds* between tries and ignores Retry-After and RateLimit-Reset, so on a limit it
 * hammers the server ten times in about 250 ms; it throws on 304, so ETags are unusable; and its
 * `all()` reads every page into memory and drops the keyset `Link` cursor, so a sync could not
 * store page by page. So gitbeaker builds the requests (host + /api/v4, PRIVATE-TOKEN header,
 * query encoding) through its own requester (`createRequesterFn`) and this file's handler sends
 * them, and returns one page with its headers:
 * - a response with `RateLimit-Remaining: 0` makes the next request wait until `RateLimit-Reset`;
 * - 429 (and 403 with no remaining requests) waits `Retry-After` (or until the reset), reported
 *   through `onRateLimitWait` with the resume time, then retries;
 * - 5xx and network errors retry with exponential backoff (`retryBaseMs` × 2^n);
 * - a request may carry an ETag: a 304 answer means "unchanged since then".
 * The token travels only in the PRIVATE-TOKEN header; messages name the project, never the token.
 */
import { Projects } from '@gitbeaker/rest';
import { createRequesterFn, type FormattedResponse, type RequestHandlerFn, type ResponseBodyTypes } from '@gitbeaker/requester-utils';
import type { z } from 'zod';
import { AppError, ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';

export interface GitlabClientOptions {
  /** The instance: `https://gitlab.com`, `https://gitlab.example.com` (a trailing /api/v4 is fine). */
  baseUrl: string;
  token: string;
  /** The project path, for messages. */
  project: string;
  signal?: AbortSignal;
  onRateLimitWait?: (wait: { resumeAt: number; reason: string }) => void;
  /** First backoff after a 5xx or network error, doubled on each retry (default 1000 ms). */
  retryBaseMs?: number;
  /** Retries after 5xx or network errors (default 5). */
  maxRetries?: number;
  /** Rate-limit waits in a row for one request before giving up (default 10). */
  maxRateLimitWaits?: number;
  /** The longest single rate-limit wait accepted (default 15 minutes). */
  maxWaitMs?: number;
}

/** One answer: 200 with its JSON body, or 304 (unchanged, no body). */
export interface GitlabPage {
  status: 200 | 304;
  body: unknown;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

const DEFAULT_HOST = 'https://gitlab.com';

/** `https://host/api/v4/` → `https://host` (gitbeaker adds /api/v4 itself). */
export function gitlabHost(apiUrl: string | undefined): string {
  if (apiUrl === undefined || apiUrl === '') return DEFAULT_HOST;
  return apiUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds (`Retry-After: 2`) or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `RateLimit-Reset` is a Unix time in seconds. */
function resetAt(headers: Headers): number | undefined {
  const reset = Number(headers.get('ratelimit-reset'));
  return headers.get('ratelimit-reset') !== null && Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
}

/** GitLab's error body `{"message": ...}` or `{"error": ...}`, shortened; never echoes headers. */
async function upstreamMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    if (message !== undefined) return (typeof message === 'string' ? message : JSON.stringify(message)).slice(0, 200);
  } catch {
    // Not JSON (an HTML error page): fall through to the status text alone.
  }
  return response.statusText;
}

/** The HTTP side of a GitLab sync for one project. Requests are sequential. */
export class GitlabClient {
  /** HTTP requests sent (304s, 429s and retried 5xx included). */
  requests = 0;
  private readonly projects: InstanceType<typeof Projects<false>>;
  private readonly retryBaseMs: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitWaits: number;
  private readonly maxWaitMs: number;
  /** When the last response said no request is left: the reset time (epoch ms). */
  private exhaustedUntil: number | undefined;
  /**
   * The ETag of the request being sent. gitbeaker's requester passes no per-request headers
   * through to the handler, and requests are sequential, so the next request takes it here.
   */
  private pendingEtag: string | undefined;

  constructor(private readonly options: GitlabClientOptions) {
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.maxRetries = options.maxRetries ?? 5;
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 10;
    this.maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
    const handler: RequestHandlerFn = (endpoint, requestOptions) => this.send(endpoint, requestOptions ?? {});
    const requesterFn = createRequesterFn((_service, requestOptions) => Promise.resolve(requestOptions), handler);
    this.projects = new Projects({
      host: gitlabHost(options.baseUrl),
      token: options.token,
      requesterFn,
      // Waits come from the server's own headers, not from a guessed client-side quota.
      rateLimits: {},
    });
  }

  /** The project (`GET /projects/:id`), through gitbeaker's typed resource. */
  async project(): Promise<unknown> {
    return this.projects.show(this.options.project);
  }

  /**
   * One page of `endpoint` (relative to /api/v4, e.g. `projects/g%2Fp/merge_requests`), with its
   * headers. `etag` makes the request conditional: 304 then means nothing changed.
   */
  async get(endpoint: string, searchParams: Record<string, string | number>, etag?: string): Promise<GitlabPage> {
    this.pendingEtag = etag;
    const response = (await this.projects.requester.get(endpoint, {
      searchParams,
      signal: this.options.signal,
    })) as { status: number; body: unknown; headers: Record<string, string> };
    return { status: response.status === 304 ? 304 : 200, body: response.body, headers: response.headers };
  }

  /** Narrows a body by its schema, or fails naming the request. */
  parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
    throw new ConnectorError(
      ERROR_CODES.CONNECTOR_BAD_RESPONSE,
      `GitLab answered ${what} of ${this.options.project} with a body Panorama does not understand (${where}); check --api-url points at a GitLab instance`,
      { details: { source: 'gitlab', retryable: false } },
    );
  }

  private fail(code: string, message: string, status: number | null, retryable: boolean, cause?: unknown): never {
    throw new ConnectorError(code, message, { cause, details: { source: 'gitlab', status, retryable } });
  }

  private async wait(untilMs: number, reason: string): Promise<void> {
    const delay = untilMs - Date.now();
    if (delay <= 0) return;
    if (delay > this.maxWaitMs) {
      this.fail(
        ERROR_CODES.CONNECTOR_RATE_LIMITED,
        `GitLab rate limit for ${this.options.project}: the reset is at ${new Date(untilMs).toISOString()}, later than the longest wait allowed; run the sync again after it (it resumes where it stopped)`,
        429,
        true,
      );
    }
    this.options.onRateLimitWait?.({ resumeAt: untilMs, reason });
    await sleep(delay, this.options.signal);
  }

  private cancelled(cause: unknown): never {
    throw new AppError(ERROR_CODES.SYNC_CANCELLED, `gitlab ${this.options.project}: the sync was interrupted; run it again to resume`, { cause });
  }

  /** gitbeaker's request handler: one logical GET, with waits and retries. */
  private async send(endpoint: string, options: Record<string, unknown>): Promise<FormattedResponse> {
    const etag = this.pendingEtag;
    this.pendingEtag = undefined;
    const prefix = String(options.prefixUrl ?? '');
    const url = new URL(endpoint, prefix.endsWith('/') ? prefix : `${prefix}/`);
    url.search = typeof options.searchParams === 'string' ? options.searchParams : '';
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined), accept: 'application/json' };
    if (etag !== undefined) headers['if-none-match'] = etag;
    const signal = this.options.signal;
    const label = decodeURIComponent(url.pathname.replace(/^.*\/api\/v4\//, ''));
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      if (signal?.aborted) this.cancelled(signal.reason);
      if (this.exhaustedUntil !== undefined) {
        const until = this.exhaustedUntil;
        this.exhaustedUntil = undefined;
        try {
          await this.wait(until, 'RateLimit-Remaining is 0');
        } catch (error) {
          if (signal?.aborted) this.cancelled(error);
          throw error;
        }
      }
      this.requests += 1;
      let response: Response;
      try {
        response = await fetch(url, { method: String(options.method ?? 'GET'), headers, signal: signal ?? null });
      } catch (error) {
        if (signal?.aborted) this.cancelled(error);
        failures += 1;
        if (failures > this.maxRetries) {
          this.fail(
            ERROR_CODES.CONNECTOR_REQUEST_FAILED,
            `GitLab did not answer for ${this.options.project} (${url.host}) after ${this.maxRetries} retries: ${error instanceof Error ? error.message : String(error)}; check --api-url and the network`,
            null,
            true,
            error,
          );
        }
        await this.backoff(failures);
        continue;
      }
      const remaining = response.headers.get('ratelimit-remaining');
      const reset = resetAt(response.headers);
      if (remaining !== null && Number(remaining) <= 0 && reset !== undefined) this.exhaustedUntil = reset;
      const outOfQuota = response.status === 429 || (response.status === 403 && remaining !== null && Number(remaining) <= 0);
      if (outOfQuota) {
        await response.body?.cancel();
        this.exhaustedUntil = undefined;
        rateLimitWaits += 1;
        if (rateLimitWaits > this.maxRateLimitWaits) {
          this.fail(
            ERROR_CODES.CONNECTOR_RATE_LIMITED,
            `GitLab kept answering ${response.status} (rate limited) for ${this.options.project} after ${this.maxRateLimitWaits} waits; run the sync again later (it resumes where it stopped)`,
            response.status,
            true,
          );
        }
        const now = Date.now();
        const after = retryAfterMs(response.headers.get('retry-after') ?? undefined, now);
        const until = after !== undefined ? now + after : (reset ?? now + 60_000);
        try {
          await this.wait(until, `GitLab answered ${response.status}${after !== undefined ? ` with Retry-After ${response.headers.get('retry-after')}` : ''}`);
        } catch (error) {
          if (signal?.aborted) this.cancelled(error);
          throw error;
        }
        continue;
      }
      const responseHeaders = Object.fromEntries(response.headers.entries());
      if (response.status === 304) return { status: 304, body: null, headers: responseHeaders };
      if (response.ok) {
        const text = await response.text();
        try {
          return { status: response.status, body: text === '' ? null : (JSON.parse(text) as ResponseBodyTypes), headers: responseHeaders };
        } catch (error) {
          this.fail(
            ERROR_CODES.CONNECTOR_BAD_RESPONSE,
            `GitLab answered ${label} of ${this.options.project} with a body that is not JSON; check --api-url points at a GitLab instance`,
            response.status,
            false,
            error,
          );
        }
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        failures += 1;
        if (failures > this.maxRetries) {
          this.fail(
            ERROR_CODES.CONNECTOR_REQUEST_FAILED,
            `GitLab answered ${response.status} for ${this.options.project} (${label}) ${this.maxRetries + 1} times; run the sync again later (it resumes where it stopped)`,
            response.status,
            true,
          );
        }
        await this.backoff(failures);
        continue;
      }
      const upstream = await upstreamMessage(response);
      if (response.status === 401 || response.status === 403) {
        this.fail(
          ERROR_CODES.CONNECTOR_AUTH_FAILED,
          `GitLab returned ${response.status} for ${this.options.project}: the token was refused (${upstream}); set GITLAB_TOKEN to a token with the read_api scope that can see the project`,
          response.status,
          false,
        );
      }
      if (response.status === 404) {
        this.fail(
          ERROR_CODES.CONNECTOR_NOT_FOUND,
          `GitLab returned 404 for ${this.options.project} (${label}): no such project, or the token cannot see it; check the path (group/subgroup/project) and --api-url`,
          404,
          false,
        );
      }
      this.fail(
        ERROR_CODES.CONNECTOR_REQUEST_FAILED,
        `GitLab returned ${response.status} for ${this.options.project} (${label}): ${upstream}`,
        response.status,
        false,
      );
    }
  }

  private async backoff(failures: number): Promise<void> {
    try {
      await sleep(this.retryBaseMs * 2 ** (failures - 1), this.options.signal);
    } catch (error) {
      this.cancelled(error);
    }
  }
}
