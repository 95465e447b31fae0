/**
 * The board page of an organisation over the API, for the dashboard's Business page: the
 * headline KPIs with their levels and trends, incident cost, availability against each SLO,
 * unplanned work, debt interest and the rule-based narrative with its evidence, exactly what
 * `panorama report --format board` prints. Money is priced with the `business` section of the
 * config file the server started with; every money figure carries its formula and inputs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { BoardCache } from '../board-cache.js';
import { errorSchema, orgParams, requireOrg, zodApp, type RouteDeps } from './route-deps.js';
import { queryWindow, sendCachedJson, windowQuery } from './window-query.js';


/** Registers GET /api/v1/orgs/:org/business. */
export function businessRoutes(app: FastifyInstance, { store, options }: RouteDeps): void {
  const boards = new BoardCache(store, options.business, options.now, options.reportCacheEntries, options.businessOrg ?? undefined);

  zodApp(app).get('/api/v1/orgs/:org/business', {
    config: { access: 'org' },
    schema: {
      summary:
        'The board page (panorama.board/v1): KPIs, incident cost, availability against the SLO, unplanned work, debt interest and the narrative',
      description:
        'The page of `panorama report --format board` for one organisation and window, as `page` (every figure; ' +
        'money as `{ value, currency, formula, calculation, inputs, reason }`), `view` (the same laid out as the ' +
        'report shows it: tiles, claims with evidence anchors, sections, evidence) and `configured` (which business ' +
        'parameters the server\'s config file gives this organisation; without them money figures are null with a ' +
        'reason). Cached per organisation, window and time zone, recomputed after any new data. Without `until` the ' +
        'window ends at the current minute. Sent gzipped when the request accepts gzip.',
      tags: ['metrics'],
      params: orgParams,
      querystring: windowQuery,
      response: {
        200: z.record(z.string(), z.unknown()).describe('panorama.business-page/v1: see docs/api.md'),
        400: errorSchema,
        401: errorSchema,
        404: errorSchema,
      },
    },
    handler: async (request, reply) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      const { window, timezone } = queryWindow(q, options);
      const cached = await boards.get({ org, window, timezone });
      return sendCachedJson(request, reply as FastifyReply, cached);
    },
  });
}
