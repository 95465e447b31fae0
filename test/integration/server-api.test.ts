/**
 * The read API, in process (`app.inject`), on a seeded SQLite store and on PostgreSQL (required
 * in CI, skipped with the reason printed elsewhere): organisations, services, repositories,
 * paged and filtered records, the report, health, errors and the OpenAPI document.
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../src/metrics/index.js';
import { loadReportInput } from '../../src/reporting/load-report-input.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { bearer, makeToken, NOW, seed, testApp } from './server-fixtures.js';
import { DATABASES } from './test-databases.js';

for (const db of DATABASES) {
  describe.skipIf(db.skipReason !== undefined)(`read API on ${db.name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    let alpha: Record<string, string>;
    let admin: Record<string, string>;

    beforeAll(async () => {
      store = await openStore(await db.setUp());
      await seed(store);
      alpha = bearer(await makeToken(store, 'alpha'));
      admin = bearer(await makeToken(store, 'alpha', 'admin'));
      ({ app } = await testApp(store));
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
      await db.tearDown();
    });

    const get = (url: string, headers: Record<string, string> = alpha) =>
      app.inject({ method: 'GET', url, headers });

    it('answers /healthz and /readyz without a token', async () => {
      expect((await get('/healthz', {})).json()).toEqual({ status: 'ok' });
      const ready = await get('/readyz', {});
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: db.name });
    });

    it('refuses /api/v1 without a token, or with an unknown one, as AUTH_REQUIRED', async () => {
      for (const headers of [{}, bearer('pan_not-a-token'), { authorization: 'Basic abc' }]) {
        const r = await get('/api/v1/orgs', headers);
        expect(r.statusCode).toBe(401);
        expect(r.json().error.code).toBe('AUTH_REQUIRED');
      }
    });

    it('lists only the organisations the token may see', async () => {
      expect((await get('/api/v1/orgs')).json()).toEqual({
        items: [{ id: 'alpha', name: 'Alpha' }],
      });
      const all = bearer(await makeToken(store, null));
      expect(
        (await get('/api/v1/orgs', all)).json().items.map((o: { id: string }) => o.id),
      ).toEqual(['alpha', 'bravo']);
    });

    it('shows an organisation with its counts, services and repositories', async () => {
      expect((await get('/api/v1/orgs/alpha')).json()).toEqual({
        id: 'alpha',
        name: 'Alpha',
        counts: { repositories: 1, commits: 3, pull_requests: 2, deployments: 3, incidents: 2 },
      });
      expect((await get('/api/v1/orgs/alpha/services')).json()).toEqual({
        items: [{ name: 'api', repositories: ['alpha/api'], deployments: 3, incidents: 2 }],
      });
      expect((await get('/api/v1/orgs/alpha/repositories')).json().items).toEqual([
        {
          name: 'alpha/api',
          default_branch: 'main',
          baseline_production_sha: null,
          url: null,
          source: 'import',
        },
      ]);
    });

    it('pages deployments with an opaque cursor until next_cursor is null', async () => {
      const first = (await get('/api/v1/orgs/alpha/deployments?limit=2')).json();
      expect(first.items.map((d: { id: string }) => d.id)).toEqual(['deploy-0', 'deploy-1']);
      expect(first.items[0]).toMatchObject({
        finished_at: '2026-03-02T14:00:00Z',
        environment: 'production',
        status: 'success',
        source: 'import',
      });
      expect(typeof first.next_cursor).toBe('string');
      const second = (
        await get(`/api/v1/orgs/alpha/deployments?limit=2&cursor=${first.next_cursor}`)
      ).json();
      expect(second).toMatchObject({ items: [{ id: 'deploy-2' }], next_cursor: null });
    });

    it('filters records by environment, status, service and time', async () => {
      const ids = async (url: string) =>
        (await get(url)).json().items.map((r: { id?: string; sha?: string }) => r.id ?? r.sha);
      expect(await ids('/api/v1/orgs/alpha/deployments?environment=staging')).toEqual(['deploy-1']);
      expect(
        await ids('/api/v1/orgs/alpha/deployments?from=2026-03-03&to=2026-03-04T15:00:00%2B01:00'),
      ).toEqual(['deploy-1']);
      expect(await ids('/api/v1/orgs/alpha/deployments?service=web')).toEqual([]);
      expect(await ids('/api/v1/orgs/alpha/pull-requests?status=open')).toEqual(['pr-1']);
      expect(await ids('/api/v1/orgs/alpha/incidents?status=open')).toEqual(['inc-1']);
      expect(await ids('/api/v1/orgs/alpha/incidents?service=api&status=resolved')).toEqual([
        'inc-0',
      ]);
      expect((await ids('/api/v1/orgs/alpha/changes?service=api')).length).toBe(3);
      expect(await ids('/api/v1/orgs/alpha/changes?service=nope')).toEqual([]);
      const change = (await get('/api/v1/orgs/alpha/changes?limit=1')).json().items[0];
      expect(change).toMatchObject({
        repository: 'alpha/api',
        committed_at: '2026-03-02T10:00:00Z',
        parents: [],
      });
    });

    it('rejects a bad parameter or cursor with its code and the parameter named', async () => {
      const limit = await get('/api/v1/orgs/alpha/deployments?limit=0');
      expect(limit.statusCode).toBe(400);
      expect(limit.json().error.code).toBe('API_INVALID_REQUEST');
      expect(limit.json().error.message).toMatch(/^querystring\.limit: /);
      const from = await get('/api/v1/orgs/alpha/deployments?from=2026-03-03T10:00:00');
      expect(from.json().error.message).toMatch(/querystring\.from: timestamp has no offset/);
      const cursor = await get('/api/v1/orgs/alpha/deployments?cursor=bm9wZQ');
      expect(cursor.statusCode).toBe(400);
      expect(cursor.json().error.code).toBe('API_BAD_CURSOR');
      const incidentsCursor = (await get('/api/v1/orgs/alpha/incidents?limit=1')).json()
        .next_cursor;
      expect(
        (await get(`/api/v1/orgs/alpha/deployments?cursor=${incidentsCursor}`)).json().error.code,
      ).toBe('API_BAD_CURSOR');
    });

    it('serves the report exactly as computeReport makes it, evidence included on request', async () => {
      const r = await get('/api/v1/orgs/alpha/metrics?since=2026-03-01&until=2026-03-15&evidence=true');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const window = {
        start: Date.parse('2026-03-01T00:00:00Z'),
        end: Date.parse('2026-03-15T00:00:00Z'),
      };
      const input = await loadReportInput(store, 'alpha', null);
      const expected = computeReport(input, { window, timezone: 'UTC', service: null, now: NOW });
      expect(r.json()).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(r.json().dora.deployment_frequency.count).toBe(2);
      expect(r.json().dora.deployment_frequency.deployment_ids).toEqual(['deploy-0', 'deploy-2']);
    });

    it('sends the cached report gzipped to a client that accepts gzip', async () => {
      const url = '/api/v1/orgs/alpha/metrics?since=2026-03-01&until=2026-03-15';
      const plain = await get(url);
      const zipped = await app.inject({
        method: 'GET',
        url,
        headers: { ...alpha, 'accept-encoding': 'gzip, br' },
      });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
    });

    it('pages through an evidence list of the same report', async () => {
      const window = 'since=2026-03-01&until=2026-03-15';
      const full = (await get(`/api/v1/orgs/alpha/metrics?${window}&evidence=true`)).json();
      const first = await get(`/api/v1/orgs/alpha/metrics/evidence?${window}&list=deployment_frequency.deployment_ids&limit=1`);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({
        list: 'deployment_frequency.deployment_ids',
        total: 2,
        offset: 0,
        limit: 1,
        items: ['deploy-0'],
      });
      const second = (
        await get(`/api/v1/orgs/alpha/metrics/evidence?${window}&list=deployment_frequency.deployment_ids&limit=1&offset=1`)
      ).json();
      expect(second.items).toEqual(['deploy-2']);
      const changes = (await get(`/api/v1/orgs/alpha/metrics/evidence?${window}&list=change_lead_time.per_change`)).json();
      expect(changes.items).toEqual(full.dora.change_lead_time.per_change);
      expect(changes.total).toBe(full.dora.change_lead_time.per_change.length);
      const past = (
        await get(`/api/v1/orgs/alpha/metrics/evidence?${window}&list=change_lead_time.per_change&offset=1000`)
      ).json();
      expect(past.items).toEqual([]);
      const bad = await get(`/api/v1/orgs/alpha/metrics/evidence?${window}&list=dora.secrets`);
      expect(bad.statusCode).toBe(400);
      const tooMany = await get(`/api/v1/orgs/alpha/metrics/evidence?${window}&list=change_lead_time.per_change&limit=5000`);
      expect(tooMany.statusCode).toBe(400);
    });

    it('computes the report of one service, in a time zone, without evidence by default', async () => {
      const r = (
        await get(
          '/api/v1/orgs/alpha/metrics?service=api&since=2026-03-01&until=2026-03-15&timezone=Europe/Paris',
        )
      ).json();
      expect(r).toMatchObject({
        service: 'api',
        timezone: 'Europe/Paris',
        window: { start: '2026-02-28T23:00:00Z' },
      });
      expect(r.dora.deployment_frequency.deployment_ids).toBeUndefined();
      const unknown = await get('/api/v1/orgs/alpha/metrics?service=web');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('REPORT_UNKNOWN_SERVICE');
      const badZone = await get('/api/v1/orgs/alpha/metrics?timezone=Mars/Olympus');
      expect(badZone.statusCode).toBe(400);
      expect(badZone.json().error.code).toBe('REPORT_BAD_TIMEZONE');
      const badWindow = await get('/api/v1/orgs/alpha/metrics?since=2026-03-15&until=2026-03-01');
      expect(badWindow.json().error.code).toBe('REPORT_BAD_WINDOW');
    });

    it('recomputes a cached report as soon as new data lands (never stale)', async () => {
      const url = '/api/v1/orgs/alpha/metrics?since=2026-03-01&until=2026-03-15&evidence=false';
      const before = (await get(url)).json().dora.deployment_frequency.count;
      expect((await get(url)).json().dora.deployment_frequency.count).toBe(before);
      const extra = {
        ...(await store.listDeployments({ org: 'alpha' }))[0]!,
        id: 'deploy-late',
        finishedAt: Date.parse('2026-03-10T10:00:00Z'),
      };
      await store.upsertDeployments([extra]);
      expect((await get(url)).json().dora.deployment_frequency.count).toBe(before + 1);
    });

    it('keeps admin routes for admin tokens', async () => {
      const viewer = await get('/api/v1/orgs/alpha/tokens');
      expect(viewer.statusCode).toBe(403);
      expect(viewer.json().error.code).toBe('AUTH_FORBIDDEN');
      const listed = (await get('/api/v1/orgs/alpha/tokens', admin)).json().items;
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(listed)).not.toMatch(/pan_|[0-9a-f]{64}/);
    });

    it('describes every /api/v1 route in the OpenAPI document', async () => {
      const doc = (await get('/api/v1/openapi.json', {})).json();
      expect(doc.openapi).toBe('3.1.0');
      for (const path of [
        '/api/v1/orgs',
        '/api/v1/orgs/{org}/deployments',
        '/api/v1/orgs/{org}/metrics',
        '/api/v1/orgs/{org}/changes',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(
        doc.paths['/api/v1/orgs/{org}/deployments'].get.parameters.map(
          (p: { name: string }) => p.name,
        ),
      ).toContain('cursor');
    });

    it('answers an unknown route with API_NOT_FOUND', async () => {
      const r = await get('/api/v1/nothing');
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('API_NOT_FOUND');
    });

    it('sends an unexpected error as a bare 500 naming the request id', async () => {
      const broken = await testApp(store, { now: () => NOW });
      broken.app.routeCatalogue.length = 0;
      const original = store.getOrganization.bind(store);
      store.getOrganization = () => Promise.reject(new TypeError('boom: internal detail'));
      try {
        const r = await broken.app.inject({
          method: 'GET',
          url: '/api/v1/orgs/alpha',
          headers: alpha,
        });
        expect(r.statusCode).toBe(500);
        expect(r.json().error.code).toBe('INTERNAL');
        expect(r.body).not.toContain('boom');
        expect(broken.log.text).toContain('boom: internal detail');
        expect(broken.log.text).toContain(r.json().error.request_id);
      } finally {
        store.getOrganization = original;
        await broken.app.close();
      }
    });
  });
}
