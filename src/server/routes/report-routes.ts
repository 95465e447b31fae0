/**
 * The report of METRICS.md section 7 for an organisation (or one of its services) and a
 * window: exactly the object `panorama report --format json` prints, with its evidence.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { resolveWindow } from '../../reporting/window.js';
import { errorSchema, orgParams, requireOrg, zodApp, type RouteDeps } from './route-deps.js';

const MINUTE_MS = 60_000;

const reportQuery = z.object({
  service: z
    .string()
    .min(1)
    .optional()
    .describe('one service (default: the organisation, every service pooled)'),
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
    .describe('IANA time zone for day and week buckets (default UTC)'),
  evidence: z
    .enum(['true', 'false'])
    .default('true')
    .describe('false drops the per-record evidence lists'),
});

/** Registers GET /api/v1/orgs/:org/metrics. */
export function reportRoutes(app: FastifyInstance, { store, reports, options }: RouteDeps): void {
  zodApp(app).get('/api/v1/orgs/:org/metrics', {
    config: { access: 'org' },
    schema: {
      summary:
        'The DORA and flow report (panorama.report/v1) with the evidence behind every number',
      description:
        'The same JSON object as `panorama report --format json`. Cached per organisation, service, window and time zone, ' +
        'and recomputed after any new data. Without `until` the window ends at the current minute. ' +
        'Sent gzipped when the request accepts gzip.',
      tags: ['metrics'],
      params: orgParams,
      querystring: reportQuery,
      response: {
        200: z.record(z.string(), z.unknown()).describe('panorama.report/v1: see docs/metrics.md'),
        400: errorSchema,
        401: errorSchema,
        404: errorSchema,
      },
    },
    handler: async (request, reply) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      const timezone = q.timezone ?? options.timezone;
      // The current minute, not the current millisecond: a default window stays cacheable.
      const now = Math.floor(options.now() / MINUTE_MS) * MINUTE_MS;
      const window = resolveWindow({ since: q.since, until: q.until, timezone, now });
      const cached = await reports.get({
        org,
        service: q.service ?? null,
        window,
        timezone,
        includeEvidence: q.evidence === 'true',
      });
      // The JSON text is cached with the report: sent as is, never serialised again.
      const raw = reply as FastifyReply;
      void raw.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        return raw.header('content-encoding', 'gzip').send(cached.gzip);
      }
      return raw.send(cached.json);
    },
  });
}
