/**
 * The webhook receivers, one per source, each at `/webhooks/<source>/:org`.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { RouteDeps } from '../routes/route-deps.js';

/** Registers the webhook routes in their own scope (they read bodies as raw text). */
export function webhookRoutes(app: FastifyInstance, _deps: RouteDeps): void {
  app.post('/webhooks/:source', {
    config: { access: 'webhook', rateLimit: false },
    schema: { hide: true },
    handler: async (request) => {
      const source = (request.params as { source: string }).source;
      throw new AppError(
        'WEBHOOK_ORG_MISSING',
        `webhook URLs name the organisation: POST /webhooks/${source}/<org> (panorama webhook secret --org ORG --source ${source} prints the URL and secret).`,
      );
    },
  });
}
