/**
 * The record lists of an organisation: deployments, changes (commits that are not merges),
 * pull requests and incidents, each paged (limit + opaque cursor) in time order and filtered
 * by service, time range and the list's own fields.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PageQuery, TimeRange } from '../../storage/index.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from './paging.js';
import {
  changeView,
  deploymentView,
  incidentView,
  pullRequestView,
  viewChange,
  viewDeployment,
  viewIncident,
  viewPullRequest,
} from './record-views.js';
import { errorSchema, orgParams, requireOrg, zodApp, type RouteDeps } from './route-deps.js';

const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

function rangeOf(q: { from?: number | undefined; to?: number | undefined }): TimeRange | undefined {
  if (q.from === undefined && q.to === undefined) return undefined;
  return {
    ...(q.from === undefined ? {} : { from: q.from }),
    ...(q.to === undefined ? {} : { to: q.to }),
  };
}

/** Drops undefined values so optional filters stay absent rather than `undefined`. */
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * One page of a time-ordered list (deployments, pull requests, incidents): the store's `read`
 * asked for `limit + 1` records after the cursor, so the page knows whether another follows.
 */
async function timePage<R, V>(
  list: string,
  q: { cursor?: string | undefined; limit: number; from?: number | undefined; to?: number | undefined },
  filters: Omit<PageQuery, 'range' | 'after' | 'limit'>,
  read: (query: PageQuery) => Promise<R[]>,
  position: (r: R) => { at: number; key: string },
  view: (r: R) => V,
) {
  const after = q.cursor === undefined ? undefined : decodeCursor(list, q.cursor);
  const rows = await read(
    defined({ ...filters, range: rangeOf(q), after: after && { at: after.at, id: after.key }, limit: q.limit + 1 }),
  );
  return toPage(list, rows, q.limit, position, view);
}

/** Registers the record lists under /api/v1/orgs/:org. */
export function recordRoutes(app: FastifyInstance, { store }: RouteDeps): void {
  const r = zodApp(app);

  r.get('/api/v1/orgs/:org/deployments', {
    config: { access: 'org' },
    schema: {
      summary: 'Deployments, by finished_at then id',
      tags: ['records'],
      params: orgParams,
      querystring: pageQuerySchema.extend({
        environment: z
          .string()
          .min(1)
          .optional()
          .describe('environment after mapping, e.g. production'),
        status: z.enum(['success', 'failure', 'cancelled']).optional(),
      }),
      response: { 200: pageSchema(deploymentView), ...errors },
    },
    handler: async (request) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      return timePage(
        'deployments',
        q,
        { org, service: q.service, environment: q.environment, status: q.status },
        (query) => store.pageDeployments(query),
        (d) => ({ at: d.finishedAt, key: d.id }),
        viewDeployment,
      );
    },
  });

  r.get('/api/v1/orgs/:org/pull-requests', {
    config: { access: 'org' },
    schema: {
      summary: 'Pull requests, by created_at then id',
      tags: ['records'],
      params: orgParams,
      querystring: pageQuerySchema.extend({
        status: z.enum(['open', 'closed', 'merged']).optional().describe('the pull request state'),
      }),
      response: { 200: pageSchema(pullRequestView), ...errors },
    },
    handler: async (request) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      return timePage(
        'pull-requests',
        q,
        { org, service: q.service, status: q.status },
        (query) => store.pagePullRequests(query),
        (p) => ({ at: p.createdAt, key: p.id }),
        viewPullRequest,
      );
    },
  });

  r.get('/api/v1/orgs/:org/incidents', {
    config: { access: 'org' },
    schema: {
      summary: 'Incidents, by started_at then id',
      tags: ['records'],
      params: orgParams,
      querystring: pageQuerySchema.extend({
        status: z.enum(['open', 'resolved']).optional().describe('open: resolved_at is null'),
      }),
      response: { 200: pageSchema(incidentView), ...errors },
    },
    handler: async (request) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      return timePage(
        'incidents',
        q,
        { org, service: q.service, status: q.status },
        (query) => store.pageIncidents(query),
        (i) => ({ at: i.startedAt, key: i.id }),
        viewIncident,
      );
    },
  });

  r.get('/api/v1/orgs/:org/changes', {
    config: { access: 'org' },
    schema: {
      summary: 'Changes (commits with fewer than two parents), by committed_at, repository, sha',
      tags: ['records'],
      params: orgParams,
      querystring: pageQuerySchema
        .extend({ repository: z.string().min(1).optional() })
        .describe('service: the repositories the service deploys from'),
      response: { 200: pageSchema(changeView), ...errors },
    },
    handler: async (request) => {
      const { org } = request.params;
      const q = request.query;
      await requireOrg(store, org);
      let repositories: string[] | undefined =
        q.repository === undefined ? undefined : [q.repository];
      if (q.service !== undefined) {
        const service = (await store.listServices(org)).find((s) => s.name === q.service);
        const ofService = service?.repositories ?? [];
        repositories =
          repositories === undefined
            ? ofService
            : repositories.filter((x) => ofService.includes(x));
      }
      const after = q.cursor === undefined ? undefined : decodeCursor('changes', q.cursor);
      const [repository, sha] = after === undefined ? [] : after.key.split('\u0000');
      const rows = await store.pageChanges(
        defined({
          org,
          repositories,
          range: rangeOf(q),
          after:
            after && repository !== undefined && sha !== undefined
              ? { at: after.at, repository, sha }
              : undefined,
          limit: q.limit + 1,
        }),
      );
      return toPage(
        'changes',
        rows,
        q.limit,
        (c) => ({ at: c.committedAt, key: `${c.repository}\u0000${c.sha}` }),
        viewChange,
      );
    },
  });
}
