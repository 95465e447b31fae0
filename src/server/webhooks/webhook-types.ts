/**
 * What every webhook source provides: a check of the sender's credential and a pure parse of
 * the payload into domain records. The route (webhook-routes.ts) does the rest the same way for
 * every source: verify, parse, store idempotently with the raw payload, count.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type {
  Commit,
  Deployment,
  Incident,
  Instant,
  PullRequest,
  Repository,
} from '../../domain/index.js';
import { ValidationError, type Problem } from '../../shared/errors.js';
import type { WebhookSource } from './webhook-sources.js';

/** The records one delivery maps to. */
export interface WebhookRecords {
  repositories: Repository[];
  commits: Commit[];
  pullRequests: PullRequest[];
  deployments: Deployment[];
  incidents: Incident[];
}

/** No records (events kept raw only, pings). */
export function noRecords(): WebhookRecords {
  return { repositories: [], commits: [], pullRequests: [], deployments: [], incidents: [] };
}

/** How many records a delivery holds. */
export function countRecords(r: WebhookRecords): number {
  return (
    r.repositories.length +
    r.commits.length +
    r.pullRequests.length +
    r.deployments.length +
    r.incidents.length
  );
}

/** A delivery as its route received it. */
export interface WebhookInput {
  org: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  rawBody: string;
  /** The body parsed as JSON. */
  body: unknown;
  receivedAt: Instant;
}

/** A verified, parsed delivery. */
export interface ParsedDelivery {
  /** The idempotency key: the sender's delivery id. */
  deliveryId: string;
  /** The sender's event type. */
  event: string;
  /** When the event happened, as the payload says (for the ingest lag); null if unknown. */
  occurredAt: Instant | null;
  records: WebhookRecords;
  /**
   * `merge`: the payload describes part of a record (a review, a resolution), merged into what
   * is stored; `replace`: whole records, as in an import.
   */
  policy: 'merge' | 'replace';
  /** Why nothing was mapped, when nothing was (kept raw only). */
  note?: string;
  /** Non-secret headers kept with the raw payload (what a re-mapping needs). */
  headers: Record<string, string>;
}

/** One webhook source. */
export interface WebhookAdapter {
  source: WebhookSource;
  /** A one-line description for the OpenAPI document. */
  summary: string;
  /** Whether the request carries a valid credential for `secret`. */
  verify(input: WebhookInput, secret: string): Promise<boolean>;
  /** Maps the payload. @throws ValidationError WEBHOOK_MISSING_HEADER, WEBHOOK_INVALID_PAYLOAD, WEBHOOK_UNSUPPORTED_EVENT */
  parse(input: WebhookInput): ParsedDelivery;
}

/** The header `name` as one string, or undefined. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The header `name`, or WEBHOOK_MISSING_HEADER. */
export function requireHeader(headers: IncomingHttpHeaders, name: string, sender: string): string {
  const value = header(headers, name);
  if (value === undefined || value === '') {
    throw new ValidationError(
      'WEBHOOK_MISSING_HEADER',
      `the ${name} header is missing: ${sender} always sends it; post the webhook from ${sender} itself, or add it.`,
    );
  }
  return value;
}

/** Zod issues → WEBHOOK_INVALID_PAYLOAD listing every field path. */
export function invalidPayload(
  issues: readonly z.core.$ZodIssue[],
  what: string,
  base = '',
): ValidationError {
  const problems: Problem[] = issues.map((i) => ({
    path:
      (
        base + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
      ).replace(/^\./, '') || '(body)',
    message: i.message,
  }));
  return invalidProblems(problems, what);
}

/** Problems → WEBHOOK_INVALID_PAYLOAD. */
export function invalidProblems(problems: Problem[], what: string): ValidationError {
  const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new ValidationError(
    'WEBHOOK_INVALID_PAYLOAD',
    `${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was stored: ${list}`,
    {
      details: { problems },
    },
  );
}

/**
 * Parses `body` with `schema`, or throws WEBHOOK_INVALID_PAYLOAD naming every bad field
 * (prefixed with `base`, the path of `body` in the payload).
 */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
  base = '',
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidPayload(parsed.error.issues, what, base);
  return parsed.data;
}
