/**
 * The sync workers on PostgreSQL (pg-boss 10): configured repositories become jobs (one queued
 * per repository at most), a worker ingests them, a failing one is retried with backoff and then
 * listed as failed, and `retry` queues it again. Required in CI; skipped with the reason printed
 * when no PostgreSQL answers elsewhere.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load-config.js';
import { SyncJobs, type SyncJobView } from '../../src/server/jobs/sync-jobs.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { TestRepo } from './git-test-repo.js';
import { DATABASES, PG_URL } from './test-databases.js';

const postgres = DATABASES.find((d) => d.name === 'postgres')!;
const BOSS_SCHEMA = `pgboss_test_${process.pid}`;

describe.skipIf(postgres.skipReason !== undefined)('panorama worker on PostgreSQL', () => {
  let store: Store;
  let jobs: SyncJobs;
  let repo: TestRepo;
  let config: ResolvedConfig;

  beforeAll(async () => {
    const url = await postgres.setUp();
    store = await openStore(url);
    repo = await TestRepo.create('api');
    await repo.commit('first', { at: '2026-03-01T10:00:00Z' });
    await repo.commit('second', { at: '2026-03-02T10:00:00Z' });
    await repo.commit('third', { at: '2026-03-03T10:00:00Z' });
    const dir = tempDir('panorama-worker-');
    writeFileSync(
      join(dir, 'panorama.config.yaml'),
      `organization: Acme\nrepositories:\n  - path: ${repo.dir}\n    service: api\n  - path: ${join(dir, 'gone')}\n    service: gone\n`,
    );
    config = loadConfig({ flags: { db: url }, env: {}, cwd: dir });
    jobs = await SyncJobs.open(PG_URL, {
      schema: BOSS_SCHEMA,
      retry: { retryLimit: 1, retryDelay: 1 },
    });
    await jobs.work(store, config, {
      cron: '0 0 1 1 *',
      concurrency: 2,
      pollingIntervalSeconds: 0.5,
    });
  });
  afterAll(async () => {
    await jobs?.stop(1_000);
    await store?.close();
    await repo?.remove();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${BOSS_SCHEMA}" CASCADE`);
    } finally {
      await admin.end();
    }
    await postgres.tearDown();
  });

  async function until(states: string[], count: number): Promise<SyncJobView[]> {
    for (let i = 0; i < 120; i++) {
      const found = await jobs.list(states);
      if (found.length >= count) return found;
      await delay(250);
    }
    throw new Error(
      `no ${count} jobs in ${states.join('/')}: ${JSON.stringify(await jobs.list(['created', 'retry', 'active', 'completed', 'failed']))}`,
    );
  }

  it('syncs every configured repository once, retries a failing one, then lists it as failed', async () => {
    expect(await jobs.enqueueAll(config)).toBe(2);
    // Already queued: not queued twice.
    expect(await jobs.enqueueAll(config)).toBeLessThan(2);
    const [done] = await until(['completed'], 1);
    expect(done).toMatchObject({ org: 'acme', path: repo.dir });
    expect(await store.listCommits({ org: 'acme' })).toHaveLength(3);

    const [failed] = await until(['failed'], 1);
    expect(failed).toMatchObject({ org: 'acme', retries: 1, retryLimit: 1 });
    expect(JSON.stringify(failed!.output)).toMatch(/GIT_PATH_UNREADABLE|gone/);

    await jobs.retry(failed!.id);
    expect((await jobs.list(['failed'])).some((j) => j.id === failed!.id)).toBe(false);
  });
});
