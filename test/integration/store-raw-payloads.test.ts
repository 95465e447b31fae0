/**
 * The raw payload store of the API connectors, on SQLite and PostgreSQL alike: payloads come
 * back exactly as written (JSON values of every kind), a refetch replaces the earlier payload,
 * lists are scoped to an organisation and source, and a failed transaction keeps none.
 */
import { expect, it } from 'vitest';
import type { RawPayload } from '../../src/domain/index.js';
import { T0 } from './store-fixtures.js';
import { describeOnDatabases } from './test-databases.js';

function raw(overrides: Partial<RawPayload> = {}): RawPayload {
  return {
    org: 'acme',
    source: 'github',
    entity: 'pull_requests',
    key: 'acme/api#1',
    payload: {
      number: 1,
      title: 'Add the cart',
      labels: [{ name: 'feature' }],
      merged: true,
      body: null,
    },
    fetchedAt: T0,
    ...overrides,
  };
}

describeOnDatabases('raw payload store', (store) => {
  it('returns payloads as written, by entity then key, scoped to organisation and source', async () => {
    const rows = [
      raw({
        key: 'acme/api#2',
        payload: { number: 2, unicode: 'café ✓', nested: { deep: [1, 2.5, 'x'] } },
      }),
      raw(),
      raw({ entity: 'deployments', key: 'acme/api:9', payload: [1, 'two', false] }),
      raw({ source: 'gitlab', key: 'acme/api!1' }),
      raw({ org: 'globex', key: 'globex/web#1' }),
    ];
    expect(await store().upsertRawPayloads(rows)).toBe(5);

    const github = await store().listRawPayloads({ org: 'acme', source: 'github' });
    expect(github.map((r) => `${r.entity}/${r.key}`)).toStrictEqual([
      'deployments/acme/api:9',
      'pull_requests/acme/api#1',
      'pull_requests/acme/api#2',
    ]);
    expect(github[0]).toStrictEqual(rows[2]);
    expect(github[2]).toStrictEqual(rows[0]);
    expect(
      await store().listRawPayloads({ org: 'acme', source: 'github', entity: 'deployments' }),
    ).toStrictEqual([rows[2]]);
    expect(await store().listRawPayloads({ org: 'acme', source: 'pagerduty' })).toStrictEqual([]);
  });

  it('replaces a payload fetched again, and keeps nothing of a failed transaction', async () => {
    await store().upsertRawPayloads([raw()]);
    const refetched = raw({
      payload: { number: 1, title: 'Add the cart (v2)' },
      fetchedAt: T0 + 60_000,
    });
    await store().upsertRawPayloads([refetched]);
    await expect(
      store().transaction(async (tx) => {
        await tx.upsertRawPayloads([raw({ key: 'acme/api#3' })]);
        throw new Error('the sync died here');
      }),
    ).rejects.toThrow('the sync died here');
    expect(await store().listRawPayloads({ org: 'acme', source: 'github' })).toStrictEqual([
      refetched,
    ]);
  });
});
