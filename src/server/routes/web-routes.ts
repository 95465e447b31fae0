/**
 * The dashboard: the Vite build in dist/web served at `/`, with a fallback to index.html for
 * any other GET that is not an API path, so a reloaded or shared dashboard link still loads.
 * API routes keep priority: the router prefers static and parametric routes to this wildcard,
 * and an unknown `/api/...` path still answers the API's JSON 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../http-errors.js';

/** dist/web of the package: the same path from src/server/routes (tsx) and dist/server/routes. */
export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** Paths that belong to the API and never fall back to the dashboard. */
const API_PREFIXES = ['/api/', '/webhooks/', '/metrics', '/healthz', '/readyz', '/login', '/logout'];

/** Whether the dashboard has been built (`npm run build`). */
export function hasWebBuild(root: string = WEB_ROOT): boolean {
  return existsSync(join(root, 'index.html'));
}

/** Registers GET / and the SPA fallback over the built dashboard in `root`. */
export async function webRoutes(app: FastifyInstance, root: string = WEB_ROOT): Promise<void> {
  // serve: false: @fastify/static's own routes would carry no config.access, which the
  // route catalogue refuses; we declare the two public routes ourselves and use sendFile.
  await app.register(fastifyStatic, { root, serve: false });
  // index.html names the current hashed assets: always revalidate it.
  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  app.get('/', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
    handler: async (_request, reply) => sendIndex(reply),
  });
  app.get('/*', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
    handler: async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (API_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) {
        throw notFound(`no route ${request.method} ${path}`);
      }
      const last = path.slice(path.lastIndexOf('/') + 1);
      if (last.includes('.')) {
        // Hashed file names under assets/ never change: cache them for a year.
        const immutable = path.startsWith('/assets/');
        return reply.sendFile(decodeURIComponent(path.slice(1)), { maxAge: immutable ? 31_536_000_000 : 0, immutable });
      }
      return sendIndex(reply);
    },
  });
}
