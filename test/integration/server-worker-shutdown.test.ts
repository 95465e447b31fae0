/**
 * A worker stopping with a sync in flight (pg-boss 10 on PostgreSQL): the sync gets the grace
 * period, and when it does not finish within it, the job is failed with the shutdown as its
 * reason, so it goes back to the queue (`retry`) and the next worker runs it to completion.
 * The sync is made slow for real: `git` on the PATH is a script that sleeps, then runs git.
 * Required in CI; skipped with the reason printed when no PostgreSQL answers elsewhere.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load-config.js';
import { SyncJobs, type SyncJobView } from '../../src/server/jobs/sync-jobs.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { TestRepo } from './git-test-repo.js';
import { DATABASES, PG_URL } from './test-databases.js';

const postgres = DATABASES.find((d) => d.name === 'postgres')!;
const BOSS_SCHEMA = `pgboss_shutdown_${process.pid}`;
/** How long each git command of the first worker takes. */
const SLOW_GIT_SECONDS = 2;

/** Whether a process runs the slow git script of `bin` (still sleeping in it). */
function slowGitRunning(bin: string): boolean {
  try {
    execFileSync('pgrep', ['-f', join(bin, 'git')]);
    return true;
  } catch (error) {
    // pgrep exits 1 when nothing matches; anything else is a real failure.
    if ((error as { status?: number }).status === 1) return false;
    throw error;
  }
}

describe.skipIf(postgres.skipReason !== undefined)(
  'a worker stopping with a sync in flight',
  () => {
    let store: Store;
    let repo: TestRepo;
    let config: ResolvedConfig;
    const workers: SyncJobs[] = [];
    const realPath = process.env['PATH'] ?? '';

    beforeAll(async () => {
      const url = await postgres.setUp();
      store = await openStore(url);
      repo = await TestRepo.create('api');
      await repo.commit('first', { at: '2026-03-01T10:00:00Z' });
      await repo.commit('second', { at: '2026-03-02T10:00:00Z' });
      const dir = tempDir('panorama-worker-stop-');
      writeFileSync(
        join(dir, 'panorama.config.yaml'),
        `organization: Acme\nrepositories:\n  - path: ${repo.dir}\n    service: api\n`,
      );
      config = loadConfig({ flags: { db: url }, env: {}, cwd: dir });
    });
    afterAll(async () => {
      process.env['PATH'] = realPath;
      for (const w of workers) await w.stop(1_000);
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

    async function startWorker(): Promise<SyncJobs> {
      const jobs = await SyncJobs.open(PG_URL, {
        schema: BOSS_SCHEMA,
        retry: { retryLimit: 2, retryDelay: 1 },
      });
      workers.push(jobs);
      await jobs.work(store, config, { cron: '0 0 1 1 *', pollingIntervalSeconds: 0.5 });
      return jobs;
    }

    async function until(jobs: SyncJobs, states: string[]): Promise<SyncJobView> {
      for (let i = 0; i < 120; i++) {
        const [found] = await jobs.list(states);
        if (found !== undefined) return found;
        await delay(250);
      }
      throw new Error(
        `no job in ${states.join('/')}: ${JSON.stringify(await jobs.list(['created', 'retry', 'active', 'completed', 'failed']))}`,
      );
    }

    it('fails the job after the grace period, and the next worker completes it', async () => {
      const bin = tempDir('panorama-slow-git-');
      const git = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      writeFileSync(join(bin, 'git'), `#!/bin/sh\nsleep ${SLOW_GIT_SECONDS}\nexec ${git} "$@"\n`);
      chmodSync(join(bin, 'git'), 0o755);
      process.env['PATH'] = `${bin}:${realPath}`;

      const first = await startWorker();
      expect(await first.enqueueAll(config)).toBe(1);
      const active = await until(first, ['active']);
      const stopping = Date.now();
      await first.stop(1_000);
      // Stopped after the grace period, without waiting for the sync (it needs several slow git calls).
      expect(Date.now() - stopping).toBeLessThan(SLOW_GIT_SECONDS * 1000);
      // A stopped worker has closed its connection: look from another process's point of view.
      const observer = await SyncJobs.open(PG_URL, {
        schema: BOSS_SCHEMA,
        retry: { retryLimit: 2, retryDelay: 1 },
      });
      workers.push(observer);
      const requeued = await until(observer, ['retry']);
      expect(requeued.id).toBe(active.id);
      expect(JSON.stringify(requeued.output)).toContain('shut down while active');
      expect(await store.listCommits({ org: 'acme' })).toHaveLength(0);

      process.env['PATH'] = realPath;
      const second = await startWorker();
      const done = await until(second, ['completed']);
      expect(done.id).toBe(active.id);
      expect(await store.listCommits({ org: 'acme' })).toHaveLength(2);
      // The first worker's abandoned sync may still finish in the background: it rewrites the
      // same records (idempotent upserts), so nothing is stored twice. Let it end before closing:
      // no slow git for longer than one slow call means it has no more git to run.
      let quietSince = Date.now();
      while (Date.now() - quietSince < (SLOW_GIT_SECONDS + 1) * 1000) {
        if (slowGitRunning(bin)) quietSince = Date.now();
        await delay(200);
      }
      expect(await store.listCommits({ org: 'acme' })).toHaveLength(2);
    }, 60_000);
  },
);
