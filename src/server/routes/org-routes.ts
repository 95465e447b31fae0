/**
 * Organisations and what they hold: the organisations a token may see, one organisation with
 * its record counts, its services and its repositories, and (admins) its API tokens.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canSee } from '../auth/principal.js';
import { errorSchema, orgParams, requireOrg, zodApp, type RouteDeps } from './route-deps.js';
import { repositoryView, viewRepository } from './record-views.js';

const organizationView = z.object({ id: z.string(), name: z.string() });
const countsView = z.object({
  repositories: z.number(),
  commits: z.number(),
  pull_requests: z.number(),
  deployments: z.number(),
  incidents: z.number(),
});
const serviceView = z.object({
  name: z.string(),
  repositories: z.array(z.string()),
  deployments: z.number(),
  incidents: z.number(),
});
const tokenView = z.object({
  id: z.string(),
  kind: z.enum(['api', 'login', 'session']),
  role: z.enum(['viewer', 'admin']),
  name: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

const errors = { 401: errorSchema, 404: errorSchema };

/** Registers the organisation routes under /api/v1. */
export function orgRoutes(app: FastifyInstance, { store }: RouteDeps): void {
  const r = zodApp(app);

  r.get('/api/v1/orgs', {
    config: { access: 'token' },
    schema: {
      summary: 'The organisations this token may see',
      tags: ['organizations'],
      response: { 200: z.object({ items: z.array(organizationView) }), 401: errorSchema },
    },
    handler: async (request) => {
      const principal = request.principal!;
      const all = await store.listOrganizations();
      return {
        items: all.filter((o) => canSee(principal, o.id)).map((o) => ({ id: o.id, name: o.name })),
      };
    },
  });

  r.get('/api/v1/orgs/:org', {
    config: { access: 'org' },
    schema: {
      summary: 'One organisation and how many records it holds',
      tags: ['organizations'],
      params: orgParams,
      response: { 200: organizationView.extend({ counts: countsView }), ...errors },
    },
    handler: async (request) => {
      const org = await requireOrg(store, request.params.org);
      const c = await store.countRecords(org.id);
      return {
        id: org.id,
        name: org.name,
        counts: {
          repositories: c.repositories,
          commits: c.commits,
          pull_requests: c.pullRequests,
          deployments: c.deployments,
          incidents: c.incidents,
        },
      };
    },
  });

  r.get('/api/v1/orgs/:org/services', {
    config: { access: 'org' },
    schema: {
      summary: "The organisation's services (named by deployments, pull requests and incidents)",
      tags: ['organizations'],
      params: orgParams,
      response: { 200: z.object({ items: z.array(serviceView) }), ...errors },
    },
    handler: async (request) => {
      await requireOrg(store, request.params.org);
      return { items: await store.listServices(request.params.org) };
    },
  });

  r.get('/api/v1/orgs/:org/repositories', {
    config: { access: 'org' },
    schema: {
      summary: "The organisation's repositories",
      tags: ['organizations'],
      params: orgParams,
      response: { 200: z.object({ items: z.array(repositoryView) }), ...errors },
    },
    handler: async (request) => {
      await requireOrg(store, request.params.org);
      return { items: (await store.listRepositories(request.params.org)).map(viewRepository) };
    },
  });

  r.get('/api/v1/orgs/:org/tokens', {
    config: { access: 'org', role: 'admin' },
    schema: {
      summary: "The organisation's API tokens (ids and roles, never the tokens); admin only",
      tags: ['organizations'],
      params: orgParams,
      response: { 200: z.object({ items: z.array(tokenView) }), 403: errorSchema, ...errors },
    },
    handler: async (request) => {
      await requireOrg(store, request.params.org);
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const tokens = await store.listApiTokens(request.params.org);
      return {
        items: tokens.map((t) => ({
          id: t.id,
          kind: t.kind,
          role: t.role,
          name: t.name,
          created_at: new Date(t.createdAt).toISOString(),
          expires_at: iso(t.expiresAt),
          revoked_at: iso(t.revokedAt),
        })),
      };
    },
  });
}
