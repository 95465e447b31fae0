/**
 * The business-record store (uptime samples, the debt register) on SQLite and PostgreSQL alike:
 * records come back exactly as written (fractional hours, big request counts, JSON id lists),
 * a second write of the same key replaces the first, lists are ordered and filtered as the
 * contract says, a failed transaction keeps nothing, and every write bumps the data version.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebtItem, UptimeSample } from '../../src/domain/index.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { T0 } from './store-fixtures.js';
import { DATABASES } from './test-databases.js';

const HOUR = 3_600_000;

function sample(overrides: Partial<UptimeSample> = {}): UptimeSample {
  return { org: 'acme', service: 'api', at: T0, good: 999_500, total: 1_000_000, origin: { source: 'import', rawId: null }, ...overrides };
}

function debt(overrides: Partial<DebtItem> = {}): DebtItem {
  return {
    org: 'acme',
    id: 'debt:flaky-checkout-tests',
    service: 'api',
    title: 'Flaky checkout tests',
    interestHoursPerMonth: 12.5,
    principalHours: 40.25,
    createdAt: T0,
    resolvedAt: null,
    incidentIds: ['pagerduty:incident:P1A', 'import:INC-7'],
    pullRequestIds: ['github:pull_request:acme/api:12'],
    url: 'https://wiki.acme.test/debt/1',
    origin: { source: 'cli', rawId: null },
    extra: { owner: 'payments', tags: ['tests'] },
    ...overrides,
  };
}

for (const db of DATABASES) {
  describe.skipIf(db.skipReason !== undefined)(`business record store on ${db.name}`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await openStore(await db.setUp());
      await store.migrate();
    });
    afterAll(async () => {
      await store?.close();
      await db.tearDown();
    });
    beforeEach(() => db.clear());

    it('lists uptime samples by time then service, filtered by service and half-open range', async () => {
      const rows = [
        sample({ at: T0 + 2 * HOUR }),
        sample({ service: 'web', at: T0 + HOUR, good: 10, total: 10 }),
        sample({ at: T0 + HOUR, good: 3_000_000_000, total: 3_000_000_123 }), // past 2^31
        sample({ service: 'web', at: T0 }),
        sample({ org: 'globex', at: T0 + HOUR }),
      ];
      expect(await store.upsertUptimeSamples(rows)).toBe(5);
      expect(await store.listUptimeSamples({ org: 'acme' })).toStrictEqual([rows[3], rows[2], rows[1], rows[0]].map((r) => r));
      expect(await store.listUptimeSamples({ org: 'acme', service: 'api' })).toStrictEqual([rows[2], rows[0]]);
      expect(await store.listUptimeSamples({ org: 'acme', range: { from: T0 + HOUR, to: T0 + 2 * HOUR } })).toStrictEqual([rows[2], rows[1]]);
      expect(await store.listUptimeSamples({ org: 'initech' })).toStrictEqual([]);
    });

    it('replaces an uptime sample of the same service and instant', async () => {
      await store.upsertUptimeSamples([sample()]);
      await store.upsertUptimeSamples([sample({ good: 1, total: 2, origin: { source: 'webhook', rawId: null } })]);
      expect(await store.listUptimeSamples({ org: 'acme' })).toStrictEqual([sample({ good: 1, total: 2, origin: { source: 'webhook', rawId: null } })]);
    });

    it('returns debt items exactly as written, by createdAt then id, and resolves one by writing it again', async () => {
      const rows = [
        debt({ id: 'debt:b', createdAt: T0 + HOUR }),
        debt({ id: 'debt:c', service: 'web', createdAt: T0, incidentIds: [], pullRequestIds: [], url: null, extra: null }),
        debt({ id: 'debt:a', createdAt: T0 + HOUR }),
        debt({ org: 'globex', id: 'debt:a' }),
      ];
      expect(await store.upsertDebtItems(rows)).toBe(4);
      expect(await store.listDebtItems({ org: 'acme' })).toStrictEqual([rows[1], rows[2], rows[0]]);
      expect(await store.listDebtItems({ org: 'acme', service: 'web' })).toStrictEqual([rows[1]]);

      const resolved = debt({ id: 'debt:a', createdAt: T0 + HOUR, resolvedAt: T0 + 30 * 24 * HOUR });
      await store.upsertDebtItems([resolved]);
      expect((await store.listDebtItems({ org: 'acme' })).map((d) => [d.id, d.resolvedAt])).toStrictEqual([
        ['debt:c', null],
        ['debt:a', T0 + 30 * 24 * HOUR],
        ['debt:b', null],
      ]);
    });

    it('keeps nothing of a failed transaction, and bumps the data version on each write', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.upsertDebtItems([debt()]);
          await tx.upsertUptimeSamples([sample()]);
          throw new Error('the import died here');
        }),
      ).rejects.toThrow('the import died here');
      expect(await store.listDebtItems({ org: 'acme' })).toStrictEqual([]);
      expect(await store.listUptimeSamples({ org: 'acme' })).toStrictEqual([]);

      const v0 = await store.getDataVersion('acme');
      const other = await store.getDataVersion('globex');
      await store.upsertDebtItems([debt()]);
      const v1 = await store.getDataVersion('acme');
      await store.upsertUptimeSamples([sample()]);
      const v2 = await store.getDataVersion('acme');
      expect(v1).toBe(v0 + 1);
      expect(v2).toBe(v1 + 1);
      expect(await store.getDataVersion('globex')).toBe(other);
    });
  });
}
