/**
 * The GitLab sync on every database of the store contract (SQLite and PostgreSQL): the same rows
 * as a clean SQLite run, after a crash mid-sync and a second run, and a cursor that survives the
 * database's JSON round trip (the third run is all 304s).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitlabConnector } from '../../src/connectors/gitlab/index.js';
import { syncScopes } from '../../src/ingest/sync-ingest.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { startGitlabFake, type GitlabFake } from '../fakes/gitlab-fake.js';
import { tempDir } from '../helpers/cli.js';
import { PROJECT_PATH, acmeApi, snapshot } from './gitlab-fixtures.js';
import { DATABASES } from './test-databases.js';

const TOKEN = 'glpat-Secret-Token-9xQ7';

for (const db of DATABASES) {
  describe.skipIf(db.skipReason !== undefined)(`GitLab sync on ${db.name}`, () => {
    let fake: GitlabFake;
    let spec: string;
    let reference: unknown;
    const stores: Store[] = [];
    const dir = tempDir('panorama-gitlab-db-');

    const sync = async (store: Store) =>
      syncScopes(store, createGitlabConnector({ perPage: 2, retryBaseMs: 10 }), [{ name: PROJECT_PATH, apiUrl: fake.url }], {
        org: 'acme',
        token: TOKEN,
        productionEnvironments: ['production', 'prod-*'],
      });

    beforeAll(async () => {
      spec = await db.setUp();
      fake = await startGitlabFake(TOKEN, { [PROJECT_PATH]: acmeApi() });
      const clean = await openStore(join(dir, 'reference.db'));
      await sync(clean);
      reference = await snapshot(clean);
      await clean.close();
    });

    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await db.clear();
    });

    afterAll(async () => {
      await fake.close();
      await db.tearDown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a crash at the fifth batch, then a second run, stores what a clean run stores', async () => {
      const store = await openStore(spec);
      stores.push(store);
      let writes = 0;
      const dying = new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === 'transaction') {
            return async (fn: Parameters<Store['transaction']>[0]) => {
              writes += 1;
              if (writes === 5) throw new Error('killed');
              return target.transaction(fn);
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      expect((await sync(dying))[0]?.status).toBe('failed');
      const [resumed] = await sync(store);
      expect(resumed).toMatchObject({ status: 'ok', incremental: true });
      expect(await snapshot(store)).toEqual(reference);
    });

    it('keeps the cursor through the database: unchanged data is read again only as 304s', async () => {
      const store = await openStore(spec);
      stores.push(store);
      await sync(store);
      await sync(store);
      const before = fake.requests.length;
      const [third] = await sync(store);
      expect(third?.counts.pullRequests).toBe(0);
      expect(fake.requests.slice(before).map((r) => r.status)).toEqual([200, 304, 304, 304, 304]);
    });
  });
}
