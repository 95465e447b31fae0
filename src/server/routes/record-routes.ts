/**
 * The record lists of an organisation: deployments, changes (commits that are not merges),
 * pull requests and incidents, each paged (limit + opaque cursor) in time order and filtered
 * by service, time range and the list's own fields.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TimeRange } from '../../storage/index.js';
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
      const after = q.cursor === undefined ? undefined : decodeCursor('deployments', q.cursor);
      const rows = await store.pageDeployments(
        defined({
          org,
          service: q.service,
          environment: q.environment,
          status: q.status,
          range: rangeOf(q),
          after: after && { at: after.at, id: after.key },
          limit: q.limit + 1,
        }),
      );
      return toPage(
        'deployments',
        rows,
        q.limit,
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
      const after = q.cursor === undefined ? undefined : decodeCursor('pull-requests', q.cursor);
      const rows = await store.pagePullRequests(
        defined({
          org,
          service: q.service,
          status: q.status,
          range: rangeOf(q),
          after: after && { at: after.at, id: after.key },
          limit: q.limit + 1,
        }),
      );
      return toPage(
        'pull-requests',
        rows,
        q.limit,
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
      const after = q.cursor === undefined ? undefined : decodeCursor('incidents', q.cursor);
      const rows = await store.pageIncidents(
        defined({
          org,
          service: q.service,
          status: q.status,
          range: rangeOf(q),
          after: after && { at: after.at, id: after.key },
          limit: q.limit + 1,
        }),
      );
      return toPage(
        'incidents',
        rows,
        q.limit,
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
