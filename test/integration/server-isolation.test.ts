/**
 * Tenant isolation on every route, enumerated from the router (app.routeCatalogue, filled by an
 * onRoute hook), never listed by hand: a new route is tested the moment it exists, and a route
 * that declares no access cannot even be registered.
 *
 * The caller holds tokens for `alpha`; `bravo` exists and every one of its records carries the
 * marker SECRET. Asking for bravo must answer exactly as asking for an organisation that does
 * not exist (404, same body), and no answer to an alpha token may ever contain the marker.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logging.js';
import { resolveServerOptions } from '../../src/server/options.js';
import { webhookSecret } from '../../src/server/webhooks/webhook-secrets.js';
import { openStore } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, SECRET, SECRET_KEY, seed, testApp } from './server-fixtures.js';
import { signFor } from './server-webhook-helpers.js';

const store = await openStore(join(tempDir('panorama-isolation-'), 'p.db'));
await seed(store);
const alphaViewer = bearer(await makeToken(store, 'alpha', 'viewer'));
const alphaAdmin = bearer(await makeToken(store, 'alpha', 'admin'));
const everyOrg = bearer(await makeToken(store, null, 'admin'));
const { app } = await testApp(store);

afterAll(async () => {
  await app.close();
  await store.close();
});

/** Required query parameters of routes that have some, with a plausible value. */
const REQUIRED_QUERY: Readonly<Record<string, string>> = {
  '/api/v1/orgs/:org/metrics/evidence': 'list=change_lead_time.per_change',
};

/** Bodies of routes that create something, with a plausible value (a POST needs its fields). */
const REQUIRED_BODY: Readonly<Record<string, object>> = {
  '/api/v1/orgs/:org/debt': { service: 'api', title: 'Isolation probe', interest_hours_per_month: 1, principal_hours: 2 },
};

/** The URL of `route` for organisation `org` (other parameters get a plausible value). */
function urlFor(url: string, org: string): string {
  const path = url.replace(':org', org).replace(':source', 'github');
  const query = REQUIRED_QUERY[url];
  return query === undefined ? path : `${path}?${query}`;
}

describe('tenant isolation on every route', () => {
  it('enumerates the routes from the router, and they include the API, webhooks and health', () => {
    const urls = app.routeCatalogue.map((r) => r.url);
    expect(urls).toContain('/api/v1/orgs/:org/deployments');
    expect(urls).toContain('/api/v1/orgs/:org/metrics');
    expect(urls).toContain('/metrics');
    expect(urls).toContain('/webhooks/github/:org');
    expect(urls).toContain('/webhooks/cdevents/:org');
    expect(urls.length).toBeGreaterThan(15);
  });

  it('refuses to register a route that declares no access', async () => {
    const other = await buildApp(
      store,
      resolveServerOptions({ secretKey: SECRET_KEY, logger: createLogger({ level: 'silent' }) }),
    );
    try {
      expect(() => other.get('/api/v1/forgotten', async () => ({ leak: true }))).toThrow(
        /declares no config\.access/,
      );
    } finally {
      await other.close();
    }
  });

  for (const route of app.routeCatalogue) {
    const method = route.method as 'GET' | 'POST';
    const label = `${route.method} ${route.url} (${route.access})`;

    it(`${label}: never shows bravo's data to an alpha token`, async () => {
      for (const headers of [alphaViewer, alphaAdmin]) {
        for (const org of ['bravo', 'alpha']) {
          const r = await app.inject({
            method,
            url: urlFor(route.url, org),
            headers,
            payload: method === 'POST' ? (REQUIRED_BODY[route.url] ?? '{}') : undefined,
          });
          expect(r.body).not.toContain(SECRET);
        }
      }
    });

    if (route.access === 'org') {
      it(`${label}: answers bravo exactly as an organisation that does not exist`, async () => {
        const bravo = await app.inject({
          method,
          url: urlFor(route.url, 'bravo'),
          headers: alphaAdmin,
        });
        const nobody = await app.inject({
          method,
          url: urlFor(route.url, 'nobody'),
          headers: alphaAdmin,
        });
        expect(bravo.statusCode).toBe(404);
        expect(bravo.json().error.code).toBe('API_NOT_FOUND');
        expect(bravo.body.replaceAll('bravo', 'X')).toBe(nobody.body.replaceAll('nobody', 'X'));
      });
      it(`${label}: answers alpha, and bravo to a token for every organisation`, async () => {
        const own = await app.inject({
          method,
          url: urlFor(route.url, 'alpha'),
          headers: alphaAdmin,
          payload: REQUIRED_BODY[route.url],
        });
        expect(own.statusCode).toBeLessThan(400);
        const all = await app.inject({
          method,
          url: urlFor(route.url, 'bravo'),
          headers: everyOrg,
          payload: REQUIRED_BODY[route.url],
        });
        expect(all.statusCode).toBeLessThan(400);
      });
    }

    if (route.access === 'all-orgs') {
      it(`${label}: is forbidden to a token for one organisation`, async () => {
        const r = await app.inject({ method, url: route.url, headers: alphaAdmin });
        expect(r.statusCode).toBe(403);
        expect((await app.inject({ method, url: route.url, headers: everyOrg })).statusCode).toBe(
          200,
        );
      });
    }

    if (route.access === 'webhook' && route.url.includes(':org')) {
      it(`${label}: refuses a delivery to bravo signed with alpha's secret, storing nothing`, async () => {
        const source = route.url.split('/')[2]!;
        const body = JSON.stringify({ zen: 'isolation' });
        const headers = signFor(source, webhookSecret(SECRET_KEY, 'alpha', source), body);
        const before = await store.countWebhookDeliveries({ org: 'bravo' });
        const r = await app.inject({
          method,
          url: urlFor(route.url, 'bravo'),
          headers,
          payload: body,
        });
        expect(r.statusCode).toBe(401);
        expect(r.json().error.code).toBe('WEBHOOK_BAD_SIGNATURE');
        expect(await store.countWebhookDeliveries({ org: 'bravo' })).toBe(before);
      });
    }

    if (route.access !== 'public' && route.access !== 'webhook') {
      it(`${label}: needs a token`, async () => {
        const r = await app.inject({ method, url: urlFor(route.url, 'alpha') });
        expect(r.statusCode).toBe(401);
        expect(r.json().error.code).toBe('AUTH_REQUIRED');
      });
    }
  }
});
