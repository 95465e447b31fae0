/**
 * The technical-debt register of an organisation: `GET` lists it (viewers), `POST` adds an item
 * (admins). A POST of an item that is already there, identical, answers 200 with it and
 * changes nothing, so a retried request is harmless; the same id with other values is 409.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { debtItemId, type DebtItem } from '../../domain/index.js';
import { addDebtItem, debtItemView as itemView, debtTotals } from '../../ingest/debt-register.js';
import { errorSchema, orgParams, requireOrg, zodApp, type RouteDeps } from './route-deps.js';

const debtItemView = z.object({
  id: z.string(),
  service: z.string(),
  title: z.string(),
  interest_hours_per_month: z.number().describe('engineering hours lost per month while it stays'),
  principal_hours: z.number().describe('engineering hours to remove it'),
  created_at: z.string(),
  resolved_at: z.string().nullable(),
  incident_ids: z.array(z.string()),
  pull_request_ids: z.array(z.string()),
  url: z.string().nullable(),
  source: z.string().describe('where it was recorded: api, cli, import'),
});

const hours = z.number().finite().nonnegative('must be a number of hours, 0 or more');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** The body of `POST .../debt`: the import format's `debt_items` fields, less the times. */
const newDebtItemBody = z.strictObject({
  id: nonEmpty.optional().describe('default debt:<slug of the title>'),
  service: nonEmpty,
  title: nonEmpty,
  interest_hours_per_month: hours,
  principal_hours: hours,
  incident_ids: z.array(nonEmpty).default([]).describe('ids of stored incidents, e.g. pagerduty:incident:P1A'),
  pull_request_ids: z.array(nonEmpty).default([]).describe('ids of stored pull requests'),
  url: z.url().nullish(),
});

const view = (d: DebtItem): z.output<typeof debtItemView> => itemView(d);

/** Registers the debt register routes under /api/v1/orgs/:org. */
export function debtRoutes(app: FastifyInstance, { store, options }: RouteDeps): void {
  const r = zodApp(app);

  r.get('/api/v1/orgs/:org/debt', {
    config: { access: 'org' },
    schema: {
      summary: 'The technical-debt register, by created_at then id, with the open items\' totals',
      tags: ['debt'],
      params: orgParams,
      querystring: z.object({
        service: z.string().min(1).optional(),
        status: z.enum(['open', 'resolved', 'all']).default('all'),
      }),
      response: {
        200: z.object({
          items: z.array(debtItemView),
          totals: z.object({ open_items: z.number(), interest_hours_per_month: z.number(), principal_hours: z.number() }),
        }),
        400: errorSchema,
        401: errorSchema,
        404: errorSchema,
      },
    },
    handler: async (request) => {
      const { org } = request.params;
      await requireOrg(store, org);
      const { service, status } = request.query;
      const all = await store.listDebtItems({ org, ...(service === undefined ? {} : { service }) });
      const items = all.filter((d) => status === 'all' || (status === 'open') === (d.resolvedAt === null));
      const totals = debtTotals(items);
      return {
        items: items.map(view),
        totals: { open_items: totals.openItems, interest_hours_per_month: totals.interestHoursPerMonth, principal_hours: totals.principalHours },
      };
    },
  });

  r.post('/api/v1/orgs/:org/debt', {
    config: { access: 'org', role: 'admin' },
    schema: {
      summary: 'Add an item to the technical-debt register; admin only',
      tags: ['debt'],
      params: orgParams,
      body: newDebtItemBody,
      response: { 200: debtItemView, 201: debtItemView, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
    },
    handler: async (request, reply) => {
      const { org } = request.params;
      await requireOrg(store, org);
      const b = request.body;
      const item: DebtItem = {
        org,
        id: b.id ?? debtItemId(b.title),
        service: b.service,
        title: b.title,
        interestHoursPerMonth: b.interest_hours_per_month,
        principalHours: b.principal_hours,
        createdAt: options.now(),
        resolvedAt: null,
        incidentIds: b.incident_ids,
        pullRequestIds: b.pull_request_ids,
        url: b.url ?? null,
        origin: { source: 'api', rawId: null },
        extra: null,
      };
      const { item: stored, created } = await addDebtItem(store, item);
      return reply.code(created ? 201 : 200).send(view(stored));
    },
  });
}
