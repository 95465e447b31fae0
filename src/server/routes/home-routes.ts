/**
 * GET /: a small page saying where things are, where a login link lands. It shows no data
 * (the dashboard, when it comes, takes this place).
 */
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Panorama</title></head>
<body>
<h1>Panorama</h1>
<p>The API is under <a href="/api/v1/orgs">/api/v1</a>, described by <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body></html>
`;

/** Registers GET /. */
export function homeRoutes(app: FastifyInstance): void {
  app.get('/', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
    handler: async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE),
  });
}
