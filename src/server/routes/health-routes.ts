/**
 * Liveness and readiness, for load balancers and orchestrators: /healthz answers while the
 * process runs; /readyz also proves the database answers, and says 503 while shutting down.
 * Neither shows any data.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeCause } from '../describe-cause.js';
import { zodApp, type RouteDeps } from './route-deps.js';

const ready = z.object({ status: z.enum(['ready', 'unavailable']), database: z.string() });

/** Registers /healthz and /readyz. `isClosing` says whether shutdown has begun. */
export function healthRoutes(
  app: FastifyInstance,
  { store }: RouteDeps,
  isClosing: () => boolean,
): void {
  const r = zodApp(app);
  r.get('/healthz', {
    config: { access: 'public', rateLimit: false },
    schema: {
      summary: 'The process is up',
      tags: ['health'],
      response: { 200: z.object({ status: z.literal('ok') }) },
    },
    handler: async () => ({ status: 'ok' as const }),
  });
  r.get('/readyz', {
    config: { access: 'public', rateLimit: false },
    schema: {
      summary: 'The server can answer: its database responds',
      tags: ['health'],
      response: { 200: ready, 503: ready },
    },
    handler: async (request, reply) => {
      if (isClosing())
        return reply.status(503).send({ status: 'unavailable', database: 'shutting down' });
      try {
        await store.getDataVersion('');
        return { status: 'ready' as const, database: store.kind };
      } catch (error) {
        // Handled here: readiness reports the failure (and the log keeps the cause).
        request.log.warn({ err: error }, 'readiness check: the database does not answer');
        return reply
          .status(503)
          .send({ status: 'unavailable', database: `${store.kind}: ${describeCause(error)}` });
      }
    },
  });
}
