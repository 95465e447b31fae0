/**
 * The server's options, resolved once and frozen: `panorama serve` builds them from flags,
 * tests pass their own. Nothing in the server reads `process.env`.
 */
import type { Logger } from 'pino';
import type { BusinessConfig } from '../config/business-schema.js';
import { DEFAULT_GITHUB_WEBHOOK_SETTINGS, type GithubWebhookSettings } from './webhooks/github-webhook.js';

/** Everything `buildApp` needs besides the store. */
export interface ServerOptions {
  /** Time zone of reports when a request names none (IANA). */
  timezone: string;
  /** The server key webhook secrets derive from (HMAC-SHA256 key, at least 32 bytes). */
  secretKey: Buffer;
  /** Largest request body accepted, in bytes (webhooks; the API takes none). */
  bodyLimitBytes: number;
  /** Requests per minute per token (per client address without a token). */
  rateLimitPerMinute: number;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Reports kept in the cache. */
  reportCacheEntries: number;
  /** The clock. */
  now: () => number;
  /** Where logs go; built by `createLogger` so secrets are redacted. */
  logger: Logger;
  /**
   * The `business` section of the config file (revenue, engineering cost, SLOs) that the
   * business page prices with; null: none configured. Only this section: the rest of the file
   * may hold source tokens.
   */
  business: BusinessConfig | null;
  /**
   * The config's own organisation: the `business` section's top-level revenue and services are
   * its alone; other organisations get only the shared settings (null: every organisation not
   * listed under `business.organizations` gets the top-level block).
   */
  businessOrg: string | null;
  /** GitHub webhook mapping: deployment workflows, incident labels, production environments. */
  github: GithubWebhookSettings;
  /**
   * Compute the dashboard's default reports ahead of visits, then look for new data this
   * often (ms); 0: never (tests, which count cache hits). `panorama serve` warms every 30 s.
   */
  warmReportsEveryMs: number;
}

/** GitHub's own cap on webhook payloads: 25 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 25 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
export const DEFAULT_PORT = 4317;
export const DEFAULT_HOST = '127.0.0.1';

/** Fills defaults and freezes. */
export function resolveServerOptions(
  input: Partial<ServerOptions> & Pick<ServerOptions, 'secretKey' | 'logger'>,
): Readonly<ServerOptions> {
  return Object.freeze({
    timezone: input.timezone ?? 'UTC',
    secretKey: input.secretKey,
    bodyLimitBytes: input.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    rateLimitPerMinute: input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    secureCookies: input.secureCookies ?? false,
    reportCacheEntries: input.reportCacheEntries ?? 32,
    now: input.now ?? (() => Date.now()),
    logger: input.logger,
    business: input.business ?? null,
    businessOrg: input.businessOrg ?? null,
    github: input.github ?? DEFAULT_GITHUB_WEBHOOK_SETTINGS,
    warmReportsEveryMs: input.warmReportsEveryMs ?? 0,
  });
}
