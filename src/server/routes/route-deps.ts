/**
 * What route modules receive: the store, the frozen options and the shared helpers. Passed
 * explicitly, never imported as singletons.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Organization } from '../../domain/index.js';
import { notFound } from '../http-errors.js';
import type { ReportCache } from '../report-cache.js';
import type { ServerMetrics } from '../metrics-endpoint.js';
import type { ServerOptions } from '../options.js';
import type { Store } from '../server-store.js';

/** The dependencies of every route module. */
export interface RouteDeps {
  store: Store;
  options: ServerOptions;
  reports: ReportCache;
  metrics: ServerMetrics;
}

/** `app` with the zod type provider. */
export function zodApp(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** The `:org` path parameter. */
export const orgParams = z.object({ org: z.string().min(1).describe('organisation id (slug)') });

/** The organisation, or the same 404 an invisible one gets. */
export async function requireOrg(store: Store, org: string): Promise<Organization> {
  const found = await store.getOrganization(org);
  if (found === null) throw notFound(`organisation "${org}" not found`);
  return found;
}

/** The `{ error: { code, message } }` body, for the OpenAPI document. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
    problems: z.unknown().optional(),
  }),
});
