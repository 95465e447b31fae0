/**
 * The debt register over HTTP, in process on a seeded SQLite store: admins add items (201; the
 * same item again is 200 and changes nothing; the same id with other values is 409), viewers
 * list them, bad bodies are 400 naming the field, unknown links are 400 naming each id.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, seed, testApp } from './server-fixtures.js';

const store = await openStore(join(tempDir('panorama-debt-api-'), 'p.db'));
await seed(store);
const viewer = bearer(await makeToken(store, 'alpha', 'viewer'));
const admin = bearer(await makeToken(store, 'alpha', 'admin'));
const { app } = await testApp(store);

afterAll(async () => {
  await app.close();
  await store.close();
});

const post = (payload: unknown, headers = admin) => app.inject({ method: 'POST', url: '/api/v1/orgs/alpha/debt', headers, payload: payload as object });
const list = (query = '', headers = viewer) => app.inject({ method: 'GET', url: `/api/v1/orgs/alpha/debt${query}`, headers });

const ITEM = {
  service: 'api',
  title: 'Flaky checkout tests',
  interest_hours_per_month: 12.5,
  principal_hours: 40,
  incident_ids: ['inc-0'],
  pull_request_ids: ['pr-1'],
  url: 'https://wiki.alpha.test/debt/1',
};

describe('debt register API', () => {
  it('adds an item (201), answers the same item again with 200, and lists it to viewers', async () => {
    const created = await post(ITEM);
    expect(created.statusCode).toBe(201);
    const view = {
      id: 'debt:flaky-checkout-tests',
      ...ITEM,
      created_at: '2026-03-20T12:00:00Z',
      resolved_at: null,
      source: 'api',
    };
    expect(created.json()).toEqual(view);
    const again = await post(ITEM);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(view);

    expect((await post({ ...ITEM, id: 'DEBT-2', service: 'web', title: 'Old queue', interest_hours_per_month: 2, principal_hours: 5.5, incident_ids: [], pull_request_ids: [], url: null })).statusCode).toBe(201);
    const r = await list();
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      // Same created_at: by id, in code-point order ('D' before 'd').
      items: [
        { id: 'DEBT-2', service: 'web', title: 'Old queue', interest_hours_per_month: 2, principal_hours: 5.5, created_at: '2026-03-20T12:00:00Z', resolved_at: null, incident_ids: [], pull_request_ids: [], url: null, source: 'api' },
        view,
      ],
      totals: { open_items: 2, interest_hours_per_month: 14.5, principal_hours: 45.5 },
    });
    expect((await list('?service=web')).json().items.map((i: { id: string }) => i.id)).toEqual(['DEBT-2']);
    expect((await list('?status=resolved')).json()).toEqual({ items: [], totals: { open_items: 0, interest_hours_per_month: 0, principal_hours: 0 } });
  });

  it('refuses the same id with other values with 409', async () => {
    const r = await post({ ...ITEM, principal_hours: 41 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('DEBT_DUPLICATE_ID');
  });

  it('answers 400 naming each invalid field, and each unknown link', async () => {
    const bad = await post({ service: '', title: 'X', interest_hours_per_month: -1, principal_hours: 'many', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('API_INVALID_REQUEST');
    expect(bad.json().error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'body',
      'body.interest_hours_per_month',
      'body.principal_hours',
      'body.service',
    ]);

    const links = await post({ ...ITEM, title: 'Links', incident_ids: ['inc-0', 'inc-404'], pull_request_ids: ['pr-404'] });
    expect(links.statusCode).toBe(400);
    expect(links.json().error).toEqual({
      code: 'DEBT_UNKNOWN_LINKS',
      message: 'debt item "debt:links" links to records alpha does not have: incidents inc-404; pull requests pr-404. Import or sync them first, or fix the ids.',
      problems: [
        { path: 'incident_ids', message: 'incident "inc-404" does not exist' },
        { path: 'pull_request_ids', message: 'pull request "pr-404" does not exist' },
      ],
    });
    expect((await list()).json().items.map((i: { id: string }) => i.id)).not.toContain('debt:links');
  });

  it('lets only admins add items', async () => {
    const r = await post({ ...ITEM, title: 'By a viewer' }, viewer);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('describes both routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const path = doc.paths['/api/v1/orgs/{org}/debt'];
    expect(Object.keys(path).sort()).toEqual(['get', 'post']);
    expect(path.post.requestBody.content['application/json'].schema.required).toEqual(['service', 'title', 'interest_hours_per_month', 'principal_hours']);
  });
});
