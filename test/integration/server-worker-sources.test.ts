/**
 * The workers also sync the remote sources of the config (`sources:`): each scope is a job like
 * a git repository, run with the worker's own `<SOURCE>_TOKEN`, retried when it fails and
 * listed with its source. Against the local GitHub fake; pg-boss on PostgreSQL. Required in
 * CI; skipped with the reason printed when no PostgreSQL answers elsewhere.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load-config.js';
import { SyncJobs, type SyncJobView } from '../../src/server/jobs/sync-jobs.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { smallRepository } from '../fakes/github-fake-data.js';
import { startGithubFake, type GithubFake } from '../fakes/github-fake.js';
import { tempDir } from '../helpers/cli.js';
import { DATABASES, PG_URL } from './test-databases.js';

const postgres = DATABASES.find((d) => d.name === 'postgres')!;
const BOSS_SCHEMA = `pgboss_sources_${process.pid}`;
const TOKEN = 'ghp_worker_token_never_logged';

describe.skipIf(postgres.skipReason !== undefined)('panorama worker with remote sources', () => {
  let store: Store;
  let jobs: SyncJobs;
  let fake: GithubFake;
  let config: ResolvedConfig;

  beforeAll(async () => {
    fake = await startGithubFake({ token: TOKEN });
    fake.addRepository(smallRepository());
    const url = await postgres.setUp();
    store = await openStore(url);
    const dir = tempDir('panorama-worker-sources-');
    // acme/api exists; acme/gone does not (the fake answers 404): one job fails, the other not.
    writeFileSync(
      join(dir, 'panorama.config.yaml'),
      `organization: Acme\nsources:\n  github:\n    repos: [acme/api, acme/gone]\n    api_url: ${fake.url}\n`,
    );
    config = loadConfig({ flags: { db: url }, env: {}, cwd: dir });
    jobs = await SyncJobs.open(PG_URL, {
      schema: BOSS_SCHEMA,
      retry: { retryLimit: 1, retryDelay: 1 },
    });
    await jobs.work(store, config, {
      cron: '0 0 1 1 *',
      pollingIntervalSeconds: 0.5,
      env: { GITHUB_TOKEN: TOKEN },
    });
  });
  afterAll(async () => {
    await jobs?.stop(1_000);
    await store?.close();
    await fake?.close();
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
    for (let i = 0; i < 160; i++) {
      const found = await jobs.list(states);
      if (found.length >= count) return found;
      await delay(250);
    }
    throw new Error(
      `no ${count} jobs in ${states.join('/')}: ${JSON.stringify(await jobs.list(['created', 'retry', 'active', 'completed', 'failed']))}`,
    );
  }

  it('syncs each configured repository as a job, and keeps the failing one for a retry', async () => {
    expect(await jobs.enqueueAll(config)).toBe(2);
    const [done] = await until(['completed'], 1);
    expect(done).toMatchObject({ org: 'acme', source: 'github', path: 'acme/api' });
    expect(await store.getPullRequests('acme', ['github:pull_request:acme/api:1'])).toHaveLength(1);
    expect((await store.countRecords('acme')).deployments).toBeGreaterThan(0);

    const [failed] = await until(['failed'], 1);
    expect(failed).toMatchObject({ org: 'acme', source: 'github', path: 'acme/gone', retries: 1 });
    const statuses = await store.listSyncStatuses('acme');
    // A scope of another GitHub than github.com is keyed with its host.
    const host = new URL(fake.url).host;
    expect(statuses.map((s) => [s.scope, s.status])).toStrictEqual([
      [`github:${host}/acme/api`, 'ok'],
      [`github:${host}/acme/gone`, 'failed'],
    ]);
    expect(statuses[1]!.consecutiveFailures).toBe(2);
    expect(JSON.stringify([failed, statuses])).not.toContain(TOKEN);
  });
});
