/**
 * The dashboard's serving, in process: `/` and any non-API path answer the built index.html
 * (a reloaded /portfolio link still loads), assets are served with a long cache, and API
 * paths keep their JSON 404 instead of falling back to the dashboard.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasWebBuild } from '../../src/server/routes/web-routes.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { seed, testApp } from './server-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the dashboard served by panorama serve', () => {
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    if (!hasWebBuild()) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    store = await openStore(':memory:');
    await seed(store);
    ({ app } = await testApp(store));
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('answers / and client-side routes with the dashboard, without a token', async () => {
    for (const url of ['/', '/portfolio', '/portfolio?window=30&org=alpha']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).toContain('<div id="root">');
    }
  });

  it('serves the hashed assets the page names, cached for a year', async () => {
    const html = (await app.inject({ method: 'GET', url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const r = await app.inject({ method: 'GET', url: script! });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('javascript');
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it('keeps the JSON 404 for unknown API paths and missing files', async () => {
    for (const url of ['/api/v1/nothing', '/api/v2/orgs', '/webhooks', '/assets/missing.js']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json()).toMatchObject({ error: { code: 'API_NOT_FOUND' } });
    }
  });

  it('leaves the API routes in front of the fallback', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/orgs' });
    expect(r.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});
