/**
 * What the routes that compute over a window share: the `since`, `until` and `timezone` query
 * parameters, their resolution into a window (as `panorama report` resolves its flags), and
 * sending a cached JSON answer, gzipped when the client accepts it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { resolveWindow, type Window } from '../../reporting/window.js';
import type { ServerOptions } from '../options.js';

const MINUTE_MS = 60_000;

export const windowQuery = z.object({
  since: z
    .string()
    .min(1)
    .optional()
    .describe(
      'window start, inclusive: a date (local midnight) or a timestamp with offset; default 90 days before until',
    ),
  until: z.string().min(1).optional().describe('window end, exclusive; default the current minute'),
  timezone: z
    .string()
    .min(1)
    .optional()
    .describe("IANA time zone of the dates and of day and week buckets (default the server's, UTC)"),
});

/**
 * The window and time zone a query names.
 * @throws AppError REPORT_BAD_WINDOW, REPORT_BAD_TIMEZONE (400)
 */
export function queryWindow(
  q: z.output<typeof windowQuery>,
  options: Pick<ServerOptions, 'timezone' | 'now'>,
): { window: Window; timezone: string } {
  const timezone = q.timezone ?? options.timezone;
  // The current minute, not the current millisecond: a default window stays cacheable.
  const now = Math.floor(options.now() / MINUTE_MS) * MINUTE_MS;
  return { window: resolveWindow({ since: q.since, until: q.until, timezone, now }), timezone };
}

/** Sends JSON cached as bytes: gzipped when the request accepts gzip, never serialised again. */
export function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  cached: { json: Buffer; gzip: Buffer },
): FastifyReply {
  void reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    return reply.header('content-encoding', 'gzip').send(cached.gzip);
  }
  return reply.send(cached.json);
}
