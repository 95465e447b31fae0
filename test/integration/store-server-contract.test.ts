/**
 * The store contract of the team server's storage, on SQLite and PostgreSQL alike (the DATABASES
 * loop of store-contract.test.ts): API tokens, webhook deliveries, the data version that
 * invalidates cached reports, records by id and keyset pages.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  openStore,
  type ApiToken,
  type Store,
  type WebhookDelivery,
} from '../../src/storage/index.js';
import {
  bareCommit,
  commit,
  deployment,
  HOUR,
  incident,
  pullRequest,
  T0,
} from './store-fixtures.js';
import { DATABASES } from './test-databases.js';

const SERVER_TABLES = ['api_tokens', 'webhook_deliveries', 'raw_webhook_payloads', 'data_versions'];

/** Empties the server's tables (test-databases.ts clears the record tables). */
async function clearServerTables(spec: string): Promise<void> {
  if (/^postgres/.test(spec)) {
    const client = new pg.Client({ connectionString: spec });
    await client.connect();
    try {
      await client.query(`TRUNCATE ${SERVER_TABLES.join(', ')}`);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(spec);
  try {
    db.pragma('busy_timeout = 5000');
    db.transaction(() => SERVER_TABLES.forEach((t) => db.exec(`DELETE FROM ${t}`)))();
  } finally {
    db.close();
  }
}

function token(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: 'tok_000000000001',
    tokenHash: 'f'.repeat(64),
    kind: 'api',
    org: 'acme',
    role: 'viewer',
    name: 'ci',
    createdAt: T0,
    expiresAt: null,
    usedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    org: 'acme',
    source: 'github',
    deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    event: 'deployment_status',
    receivedAt: T0,
    records: 1,
    headers: { 'x-github-event': 'deployment_status' },
    payload: '{"action":"created", "deployment_status":{"state":"success"}}',
    ...overrides,
  };
}

for (const db of DATABASES) {
  describe.skipIf(db.skipReason !== undefined)(`server store contract on ${db.name}`, () => {
    let store: Store;
    let spec: string;

    beforeAll(async () => {
      spec = await db.setUp();
      store = await openStore(spec);
    });
    afterAll(async () => {
      await store?.close();
      await db.tearDown();
    });
    beforeEach(async () => {
      await db.clear();
      await clearServerTables(spec);
    });

    it('stores tokens by hash, lists them per organisation and revokes them once', async () => {
      const a = token();
      const b = token({
        id: 'tok_000000000002',
        tokenHash: 'e'.repeat(64),
        org: null,
        role: 'admin',
        kind: 'session',
        expiresAt: T0 + HOUR,
        name: null,
      });
      await store.createApiToken(a);
      await store.createApiToken(b);
      expect(await store.findApiToken(a.tokenHash)).toStrictEqual(a);
      expect(await store.findApiToken('0'.repeat(64))).toBeNull();
      expect(await store.listApiTokens('acme')).toStrictEqual([a]);
      expect(await store.listApiTokens()).toStrictEqual([a, b]);
      expect(await store.revokeApiToken(a.id, T0 + 5)).toBe(true);
      expect(await store.revokeApiToken(a.id, T0 + 6)).toBe(false);
      expect((await store.findApiToken(a.tokenHash))?.revokedAt).toBe(T0 + 5);
    });

    it('gives a single-use token to exactly one caller, and never once expired or revoked', async () => {
      const login = token({ kind: 'login', org: null, role: 'admin', expiresAt: T0 + HOUR });
      await store.createApiToken(login);
      const results = await Promise.all([
        store.consumeApiToken(login.tokenHash, T0 + 1),
        store.consumeApiToken(login.tokenHash, T0 + 1),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(results.find((r) => r !== null)).toStrictEqual({ ...login, usedAt: T0 + 1 });

      const expired = token({
        id: 'tok_000000000003',
        tokenHash: 'd'.repeat(64),
        kind: 'login',
        expiresAt: T0 + HOUR,
      });
      await store.createApiToken(expired);
      expect(await store.consumeApiToken(expired.tokenHash, T0 + HOUR)).toBeNull();
      const revoked = token({ id: 'tok_000000000004', tokenHash: 'c'.repeat(64), kind: 'login' });
      await store.createApiToken(revoked);
      await store.revokeApiToken(revoked.id, T0);
      expect(await store.consumeApiToken(revoked.tokenHash, T0 + 1)).toBeNull();
    });

    it('records a webhook delivery once per organisation, source and delivery id', async () => {
      expect(await store.recordWebhookDelivery(delivery())).toBe(true);
      expect(await store.recordWebhookDelivery(delivery({ payload: '{}' }))).toBe(false);
      expect(await store.recordWebhookDelivery(delivery({ source: 'gitlab' }))).toBe(true);
      expect(await store.recordWebhookDelivery(delivery({ org: 'zeta' }))).toBe(true);
      expect(await store.countWebhookDeliveries()).toBe(3);
      expect(await store.countWebhookDeliveries({ org: 'acme' })).toBe(2);
      expect(await store.countWebhookDeliveries({ org: 'acme', source: 'github' })).toBe(1);
    });

    it('records deliveries in bulk: stored now, stored before, or repeated in the list', async () => {
      await store.recordWebhookDelivery(delivery({ deliveryId: 'old' }));
      const fresh = await store.recordWebhookDeliveries([
        delivery({ deliveryId: 'a' }),
        delivery({ deliveryId: 'old' }),
        delivery({ deliveryId: 'a', payload: '{"again":true}' }),
        delivery({ deliveryId: 'b', org: 'zeta' }),
      ]);
      expect(fresh).toEqual([true, false, false, true]);
      expect(await store.recordWebhookDeliveries([])).toEqual([]);
      expect(await store.countWebhookDeliveries()).toBe(3);
    });

    it('stores a delivery with its records, or (on rollback) neither', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.recordWebhookDelivery(delivery());
          await tx.upsertDeployments([deployment()]);
          throw new Error('mapping failed');
        }),
      ).rejects.toThrow('mapping failed');
      expect(await store.countWebhookDeliveries()).toBe(0);
      expect(await store.listDeployments({ org: 'acme' })).toEqual([]);
      expect(await store.getDataVersion('acme')).toBe(0);
    });

    it("bumps an organisation's data version with every write of its records, and only its own", async () => {
      expect(await store.getDataVersion('acme')).toBe(0);
      await store.upsertDeployments([deployment()]);
      const v1 = await store.getDataVersion('acme');
      expect(v1).toBeGreaterThan(0);
      await store.upsertCommits([commit()]);
      const v2 = await store.getDataVersion('acme');
      expect(v2).toBeGreaterThan(v1);
      await store.transaction(async (tx) => {
        await tx.upsertIncidents([incident()]);
        await tx.upsertPullRequests([pullRequest()]);
        // Inside the transaction the bump is still to come: it lands with the commit.
      });
      const v3 = await store.getDataVersion('acme');
      expect(v3).toBeGreaterThan(v2);
      await store.upsertDeployments([deployment({ org: 'zeta' })]);
      expect(await store.getDataVersion('acme')).toBe(v3);
      expect(await store.getDataVersion('zeta')).toBeGreaterThan(0);
    });

    it('reads records by id within one organisation', async () => {
      const d1 = deployment({ id: 'd1' });
      const d2 = deployment({ id: 'd2', finishedAt: T0 + 1 });
      await store.upsertDeployments([d1, d2, deployment({ id: 'd3', org: 'zeta' })]);
      await store.upsertPullRequests([pullRequest()]);
      await store.upsertIncidents([incident()]);
      const byId = (list: Array<{ id: string }>) => list.map((r) => r.id).sort();
      expect(byId(await store.getDeployments('acme', ['d2', 'd1', 'd3', 'nope']))).toEqual([
        'd1',
        'd2',
      ]);
      expect(await store.getDeployments('acme', [])).toEqual([]);
      expect(await store.getPullRequests('acme', [pullRequest().id])).toStrictEqual([
        pullRequest(),
      ]);
      expect(await store.getIncidents('acme', [incident().id])).toStrictEqual([incident()]);
      expect(await store.getIncidents('zeta', [incident().id])).toEqual([]);
    });

    it('pages deployments by (finished_at, id) with filters, never skipping or repeating', async () => {
      const all = [
        deployment({ id: 'a', finishedAt: T0 }),
        deployment({ id: 'b', finishedAt: T0 }),
        deployment({ id: 'c', finishedAt: T0 + 1, environment: 'staging' }),
        deployment({ id: 'd', finishedAt: T0 + 2, status: 'failure', service: 'web' }),
        deployment({ id: 'e', finishedAt: T0 + 3 }),
      ];
      await store.upsertDeployments([...all].reverse());
      const ids = async (q: Partial<Parameters<Store['pageDeployments']>[0]>) =>
        (await store.pageDeployments({ org: 'acme', limit: 10, ...q })).map((d) => d.id);
      expect(await ids({})).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await ids({ limit: 2 })).toEqual(['a', 'b']);
      expect(await ids({ limit: 2, after: { at: T0, id: 'b' } })).toEqual(['c', 'd']);
      expect(await ids({ after: { at: T0, id: 'a' } })).toEqual(['b', 'c', 'd', 'e']);
      expect(await ids({ environment: 'staging' })).toEqual(['c']);
      expect(await ids({ status: 'failure' })).toEqual(['d']);
      expect(await ids({ service: 'web' })).toEqual(['d']);
      expect(await ids({ range: { from: T0 + 1, to: T0 + 3 } })).toEqual(['c', 'd']);
      expect(await ids({ org: 'zeta' })).toEqual([]);
      expect(await store.pageDeployments({ org: 'acme', limit: 1 })).toStrictEqual([all[0]]);
    });

    it('pages pull requests by state and incidents by open or resolved', async () => {
      await store.upsertPullRequests([
        pullRequest({ id: 'p1', createdAt: T0, state: 'open', mergedAt: null }),
        pullRequest({ id: 'p2', createdAt: T0 + 1 }),
      ]);
      await store.upsertIncidents([
        incident({ id: 'i1', resolvedAt: null }),
        incident({ id: 'i2', startedAt: T0 + 5 }),
      ]);
      const prIds = async (status?: string) =>
        (
          await store.pagePullRequests({ org: 'acme', limit: 10, ...(status ? { status } : {}) })
        ).map((p) => p.id);
      expect(await prIds()).toEqual(['p1', 'p2']);
      expect(await prIds('open')).toEqual(['p1']);
      expect(await prIds('merged')).toEqual(['p2']);
      const incidentIds = async (status: string) =>
        (await store.pageIncidents({ org: 'acme', limit: 10, status })).map((i) => i.id);
      expect(await incidentIds('open')).toEqual(['i1']);
      expect(await incidentIds('resolved')).toEqual(['i2']);
    });

    it('pages changes (never merge commits) by (committed_at, repository, sha)', async () => {
      const merge = commit({ sha: '9'.repeat(40) });
      const c1 = bareCommit({ sha: '1'.repeat(40), committedAt: T0 });
      const c2 = bareCommit({ sha: '2'.repeat(40), committedAt: T0 });
      const c3 = bareCommit({ sha: '3'.repeat(40), committedAt: T0, repository: 'acme/web' });
      const c4 = bareCommit({
        sha: '4'.repeat(40),
        committedAt: T0 + 1,
        parents: ['1'.repeat(40)],
      });
      await store.upsertCommits([merge, c4, c3, c2, c1]);
      const shas = async (q: Partial<Parameters<Store['pageChanges']>[0]>) =>
        (await store.pageChanges({ org: 'acme', limit: 10, ...q })).map((c) => c.sha[0]);
      expect(await shas({})).toEqual(['1', '2', '3', '4']);
      expect(
        await shas({ limit: 2, after: { at: T0, repository: 'acme/api', sha: '2'.repeat(40) } }),
      ).toEqual(['3', '4']);
      expect(await shas({ repositories: ['acme/web'] })).toEqual(['3']);
      expect(await shas({ repositories: [] })).toEqual([]);
      expect(await shas({ range: { from: T0 + 1 } })).toEqual(['4']);
      expect(await store.pageChanges({ org: 'acme', limit: 1 })).toStrictEqual([c1]);
    });
  });
}
