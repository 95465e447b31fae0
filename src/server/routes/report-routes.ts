/**
 * The report of METRICS.md section 7 for an organisation (or one of its services) and a
 * window: the object `panorama report --format json` prints. Its per-record evidence lists run
 * to tens of MB for a large organisation (118,750 changes, 34 MB of JSON over 90 days of the
 * benchmark's 1M commits), so they come on request (`evidence=true`) or a page at a time from
 * `/metrics/evidence`, both from the same cached report.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Report } from '../../metrics/index.js';
import type { ReportRequest } from '../report-cache.js';
import { errorSchema, orgParams, requireOrg, zodApp, type RouteDeps } from './route-deps.js';
import { queryWindow, sendCachedJson, windowQuery } from './window-query.js';

const reportQuery = windowQuery.extend({
  service: z
    .string()
    .min(1)
    .optional()
    .describe('one service (default: the organisation, every service pooled)'),
  evidence: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      'true adds the per-record evidence lists (deployment_ids, per_change, per_incident); ' +
        'for a large organisation prefer /metrics/evidence, a page at a time',
    ),
});

/** The report's evidence lists that `/metrics/evidence` pages through: `<metric>.<list>`. */
export const EVIDENCE_LISTS = [
  'deployment_frequency.deployment_ids',
  'change_lead_time.per_change',
  'change_lead_time.excluded',
  'change_failure_rate.failed_deployments',
  'deployment_rework_rate.rework_deployments',
  'failed_deployment_recovery_time.per_failed_deployment',
  'failed_deployment_recovery_time.unrecovered',
  'time_to_restore_service.per_incident',
] as const;

const evidenceQuery = reportQuery.omit({ evidence: true }).extend({
  list: z.enum(EVIDENCE_LISTS).describe('which list: `<metric>.<list>` of the report'),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('items per page (at most 1000)'),
});

const evidencePage = z.object({
  list: z.enum(EVIDENCE_LISTS),
  total: z.number().int().describe('items in the whole list'),
  offset: z.number().int(),
  limit: z.number().int(),
  items: z.array(z.unknown()).describe('the list items, in the report\'s order'),
});

type ReportQuery = Omit<z.output<typeof reportQuery>, 'evidence'>;

/** What the report cache is asked for a query. */
function reportRequest(org: string, q: ReportQuery, includeEvidence: boolean, options: RouteDeps['options']): ReportRequest {
  const { window, timezone } = queryWindow(q, options);
  return { org, service: q.service ?? null, window, timezone, includeEvidence };
}

/** The list `<metric>.<list>` of a report (an empty list when the report has none). */
function evidenceList(report: Report, list: (typeof EVIDENCE_LISTS)[number]): readonly unknown[] {
  const [metric, key] = list.split('.') as [keyof Report['dora'], string];
  const value = (report.dora[metric] as unknown as Record<string, unknown>)[key];
  return Array.isArray(value) ? value : [];
}

/** Registers GET /api/v1/orgs/:org/metrics and /metrics/evidence. */
export function reportRoutes(app: FastifyInstance, { store, reports, options }: RouteDeps): void {
  zodApp(app).get('/api/v1/orgs/:org/metrics', {
    config: { access: 'org' },
    schema: {
      summary:
        'The DORA and flow report (panorama.report/v1): every number, its level and its evidence',
      description:
        'The JSON object of `panorama report --format json`, without the per-record evidence lists unless ' +
        '`evidence=true`. Cached per organisation, service, window and time zone, ' +
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
      const cached = await reports.get(reportRequest(org, q, q.evidence === 'true', options));
      // The JSON text is cached with the report: sent as is, never serialised again.
      return sendCachedJson(request, reply as FastifyReply, cached);
    },
  });

  zodApp(app).get('/api/v1/orgs/:org/metrics/evidence', {
    config: { access: 'org' },
    schema: {
      summary: 'One page of an evidence list of the report: the records behind a number',
      description:
        'The items of one list of the report with `evidence=true` (the same cached report), `limit` at a time ' +
        'from `offset`: the deployments, changes and incidents a metric counted or excluded.',
      tags: ['metrics'],
      params: orgParams,
      querystring: evidenceQuery,
      response: { 200: evidencePage, 400: errorSchema, 401: errorSchema, 404: errorSchema },
    },
    handler: async (request) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      const { report } = await reports.get(reportRequest(org, q, true, options));
      const items = evidenceList(report, q.list);
      return {
        list: q.list,
        total: items.length,
        offset: q.offset,
        limit: q.limit,
        items: items.slice(q.offset, q.offset + q.limit),
      };
    },
  });
}
