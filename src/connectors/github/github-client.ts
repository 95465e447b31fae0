/**
 * The HTTP side of the GitHub connector: Octokit with the throttling and retry plugins, a
 * request counter, proactive waits on an exhausted quota, ETags, and errors that name the
 * repository but never the token.
 *
 * - Primary rate limit (403/429 with `x-ratelimit-remaining: 0`) and secondary limits (403/429
 *   "secondary rate limit", `retry-after`): the throttling plugin waits and retries; each wait is
 *   reported through `onRateLimitWait` (the CLI shows a countdown). After a successful answer
 *   that leaves `x-ratelimit-remaining: 0`, the next request waits for the reset instead of
 *   spending a request on a certain 403 (never hammer).
 * - 5xx and network errors: retried by the retry plugin with quadratic backoff (1 s, 4 s, 9 s).
 * - GraphQL reads get their own limiter: the throttling plugin spaces GraphQL like mutations
 *   (one a second), but GitHub's guidance asks that only for writes; reads go serially, no gap
 *   (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api).
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { AppError, ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export interface GithubClientOptions {
  token: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise. */
  apiUrl?: string;
  /** What the requests are for, in messages and waits (`acme/api`). */
  scope: string;
  signal?: AbortSignal;
  onRateLimitWait?: (wait: { scope: string; resumeAt: number; reason: string }) => void;
  /** Called after each HTTP request (304s included) with the count so far. */
  onRequest?: (requests: number) => void;
  /** Base of the 5xx backoff in ms (default 1000: waits 1 s, 4 s, 9 s). */
  retryBaseMs?: number;
  /** Retries of a 5xx or network error (default 3). */
  retries?: number;
  /** Rate-limit waits per request before giving up (default 3). */
  rateLimitRetries?: number;
}

/** A REST answer: the data and its ETag, or `notModified` (a 304 for the ETag sent). */
export type RestAnswer<T> =
  | { notModified: false; data: T; etag: string | null; next: string | null }
  | { notModified: true };

type RequestErrorLike = Error & {
  status?: number;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  errors?: Array<{ type?: string; message?: string }>;
};

const SILENT_LOG = { debug() {}, info() {}, warn() {}, error() {} };

/** The `rel="next"` URL of a Link header, or null. */
export function nextLink(link: string | undefined | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m?.[1]) return m[1];
  }
  return null;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): AppError {
  return new AppError(ERROR_CODES.SYNC_CANCELLED, 'the sync was interrupted; what was stored stays, run it again to resume');
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);

export class GithubClient {
  /** HTTP requests made (each retry and each 304 counts). */
  requests = 0;
  private readonly octokit: InstanceType<typeof ThrottledOctokit>;
  /** By quota (`core`, `graphql`): when an answer said it was used up, until its reset. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly scope: string;

  constructor(private readonly options: GithubClientOptions) {
    this.scope = options.scope;
    const rateLimitRetries = options.rateLimitRetries ?? 3;
    const onLimit = (kind: string) => (retryAfter: number, _opts: unknown, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount >= rateLimitRetries || options.signal?.aborted) return false;
      options.onRateLimitWait?.({ scope: this.scope, resumeAt: Date.now() + retryAfter * 1000, reason: `GitHub ${kind} rate limit` });
      return true;
    };
    const countingFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      // REST and GraphQL have separate quotas (x-ratelimit-resource core / graphql).
      const resource = /\/graphql$/.test(new URL(url instanceof Request ? url.url : url).pathname) ? 'graphql' : 'core';
      await this.waitForQuota(resource);
      this.requests++;
      const response = await fetch(url, init);
      this.options.onRequest?.(this.requests);
      const remaining = response.headers.get('x-ratelimit-remaining');
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      if (response.ok && remaining === '0' && reset > 0) {
        this.pausedUntil.set(response.headers.get('x-ratelimit-resource') ?? resource, reset * 1000 + 1000);
      }
      return response;
    };
    this.octokit = new ThrottledOctokit({
      auth: options.token,
      baseUrl: (options.apiUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
      userAgent: 'panorama-sync/0.1.0',
      log: SILENT_LOG,
      request: { fetch: countingFetch, ...(options.signal ? { signal: options.signal } : {}) },
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      },
    });
  }

  /** Waits out an exhausted quota before the next request on it, with the wait reported. */
  private async waitForQuota(resource: string): Promise<void> {
    const until = this.pausedUntil.get(resource) ?? 0;
    if (until <= Date.now()) return;
    this.options.onRateLimitWait?.({ scope: this.scope, resumeAt: until, reason: `GitHub ${resource === 'graphql' ? 'GraphQL' : 'REST'} quota used up` });
    await sleep(until - Date.now(), this.options.signal);
  }

  /** Runs a GraphQL query; `what` names it in errors (`pull requests page`). */
  async graphql<T>(query: string, variables: Record<string, unknown>, what: string): Promise<T> {
    this.checkAborted();
    try {
      return await this.octokit.graphql<T>(query, variables);
    } catch (error) {
      throw this.asConnectorError(error, what);
    }
  }

  /** GET a REST route or a full URL (a Link `next`), sending `If-None-Match` when `etag` is given. */
  async get<T>(route: string, params: Record<string, unknown>, etag: string | null, what: string): Promise<RestAnswer<T>> {
    this.checkAborted();
    try {
      const headers = etag ? { 'if-none-match': etag } : {};
      const response = /^https?:\/\//.test(route)
        ? await this.octokit.request({ method: 'GET', url: route, headers })
        : await this.octokit.request(`GET ${route}`, { ...params, headers });
      return {
        notModified: false,
        data: response.data as T,
        etag: response.headers.etag ?? null,
        next: nextLink(response.headers.link),
      };
    } catch (error) {
      if ((error as RequestErrorLike).status === 304) return { notModified: true };
      throw this.asConnectorError(error, what);
    }
  }

  private checkAborted(): void {
    if (this.options.signal?.aborted) throw cancelled();
  }

  /** Turns an Octokit error into a ConnectorError naming the repository (never the token). */
  private asConnectorError(error: unknown, what: string): AppError {
    if (error instanceof AppError) return error;
    const e = error as RequestErrorLike;
    if (e?.name === 'AbortError' || this.options.signal?.aborted) return cancelled();
    const scope = this.scope;
    const status = e?.status;
    const headers = e?.response?.headers ?? {};
    const gqlErrors = e?.errors ?? (e?.response?.data as { errors?: RequestErrorLike['errors'] } | undefined)?.errors ?? [];
    const upstream = { source: 'github', status: status ?? null, what };
    if (status === 401) {
      return new ConnectorError(
        ERROR_CODES.CONNECTOR_AUTH_FAILED,
        `GitHub returned 401 for ${scope} (${what}): the token is invalid or expired; set GITHUB_TOKEN to a valid token`,
        { cause: error, details: upstream },
      );
    }
    const rateLimited =
      headers['x-ratelimit-remaining'] === '0' ||
      /secondary rate|rate limit/i.test(e?.message ?? '') ||
      gqlErrors.some((g) => g.type === 'RATE_LIMITED');
    if ((status === 403 || status === 429 || gqlErrors.length > 0) && rateLimited) {
      const secondary = /secondary rate/i.test(e?.message ?? '');
      const reset = Number(headers['x-ratelimit-reset']);
      const retryAfter = Number(headers['retry-after']);
      const when = secondary
        ? retryAfter > 0 ? `; GitHub asks to wait another ${retryAfter} s` : ''
        : reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : '';
      return new ConnectorError(
        ERROR_CODES.CONNECTOR_RATE_LIMITED,
        `GitHub's ${secondary ? 'secondary ' : ''}rate limit for ${scope} (${what}) stayed in force after ${this.options.rateLimitRetries ?? 3} waits${when}; run the sync again later, it resumes where it stopped`,
        { cause: error, details: upstream },
      );
    }
    if (status === 403) {
      return new ConnectorError(
        ERROR_CODES.CONNECTOR_AUTH_FAILED,
        `GitHub returned 403 for ${scope} (${what}): the token cannot read it; give it the repo scope (or read access to contents, pull requests, deployments, issues and actions)`,
        { cause: error, details: upstream },
      );
    }
    if (status === 404 || gqlErrors.some((g) => g.type === 'NOT_FOUND')) {
      return new ConnectorError(
        ERROR_CODES.CONNECTOR_NOT_FOUND,
        `GitHub returned 404 for ${scope} (${what}): no such repository, or the token cannot see it; check OWNER/NAME and --api-url`,
        { cause: error, details: upstream },
      );
    }
    if (gqlErrors.length > 0) {
      return new ConnectorError(
        ERROR_CODES.CONNECTOR_BAD_RESPONSE,
        `GitHub's GraphQL API refused the ${what} query for ${scope}: ${gqlErrors.map((g) => g.message ?? g.type).join('; ')}`,
        { cause: error, details: upstream },
      );
    }
    const how = status && status >= 500 ? `answered ${status}` : `could not be reached (${e?.message ?? String(error)})`;
    return new ConnectorError(
      ERROR_CODES.CONNECTOR_REQUEST_FAILED,
      `GitHub ${how} for ${scope} (${what}) after ${this.options.retries ?? 3} retries; check --api-url and the network, then run the sync again`,
      { cause: error, details: { ...upstream, retryable: true } },
    );
  }
}
