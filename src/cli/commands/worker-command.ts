/**
 * `panorama worker`: runs the scheduled syncs of the configured repositories (pg-boss jobs in
 * the PostgreSQL database) until SIGINT or SIGTERM; `panorama jobs list|retry|sync` looks at
 * and steers the queue. Several workers, on one host or many, share the jobs.
 */
import { SyncJobs, DEFAULT_CRON } from '../../server/jobs/sync-jobs.js';
import { AppError } from '../../shared/errors.js';
import { isPostgresUrl } from '../../storage/index.js';
import { EXIT } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { openFromFlags } from '../open-store.js';
import { loadConfig } from '../../config/load-config.js';
import { configuredSources } from '../../ingest/sync-plan.js';
import { untilSignal } from '../signals.js';

/** Flags of `worker`. */
export interface WorkerFlags extends GlobalOptions {
  every?: string;
  concurrency?: string;
}

const STATES: Readonly<Record<string, readonly string[]>> = {
  failed: ['failed'],
  active: ['active'],
  queued: ['created', 'retry'],
  completed: ['completed'],
  all: ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'],
};

function requirePostgres(db: string): void {
  if (!isPostgresUrl(db)) {
    throw new AppError(
      'CLI_USAGE',
      'workers and jobs need PostgreSQL: pass --db postgres://user@host/database (SQLite has no job queue; use panorama analyze instead).',
    );
  }
}

async function openJobs(flags: GlobalOptions, io: CliIo): Promise<SyncJobs> {
  const config = loadConfig({ flags, env: io.env, cwd: io.cwd });
  requirePostgres(config.db);
  return SyncJobs.open(config.db, {
    onError: (error) => writeLine(io.stderr, `job queue: ${error.message}`),
  });
}

/** `panorama worker`. */
export async function runWorker(flags: WorkerFlags, io: CliIo): Promise<number> {
  const concurrency = flags.concurrency === undefined ? 1 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new AppError('CLI_USAGE', `--concurrency ${flags.concurrency}: expected 1 to 16.`);
  const { config, store } = await openFromFlags(flags, io);
  try {
    requirePostgres(config.db);
    if (config.file.repositories.length === 0 && configuredSources(config).length === 0) {
      throw new AppError(
        'CONFIG_INVALID',
        'nothing to sync: list repositories under `repositories:` or remote sources under `sources:` in panorama.config.yaml.',
      );
    }
    const jobs = await SyncJobs.open(config.db, {
      onError: (error) => writeLine(io.stderr, `job queue: ${error.message}`),
    });
    await jobs.work(store, config, { cron: flags.every ?? DEFAULT_CRON, concurrency, env: io.env });
    const c = colors(io, 'stderr');
    writeLine(
      io.stderr,
      `${c.green('panorama worker')} syncing ${config.file.repositories.length} repositories of ${config.org.id} on "${flags.every ?? DEFAULT_CRON}" (UTC), ${concurrency} at a time`,
    );
    const signal = await untilSignal();
    writeLine(io.stderr, `${signal}: letting syncs in flight finish (30 s at most), then stopping`);
    await jobs.stop();
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `panorama jobs list`. */
export async function runJobsList(
  flags: GlobalOptions & { state?: string },
  io: CliIo,
): Promise<number> {
  const states = STATES[flags.state ?? 'failed'];
  if (states === undefined)
    throw new AppError(
      'CLI_USAGE',
      `--state ${flags.state}: use ${Object.keys(STATES).join(', ')}.`,
    );
  const jobs = await openJobs(flags, io);
  try {
    for (const j of await jobs.list(states)) {
      const error = j.state === 'failed' ? JSON.stringify(j.output) : '';
      writeLine(
        io.stdout,
        [
          j.id,
          j.state,
          j.org,
          j.source === 'git' ? j.path : `${j.source}:${j.path}`,
          `${j.retries}/${j.retryLimit}`,
          j.createdOn.toISOString(),
          error,
        ].join('\t'),
      );
    }
    return EXIT.ok;
  } finally {
    await jobs.stop(0);
  }
}

/** `panorama jobs retry ID`. */
export async function runJobsRetry(id: string, flags: GlobalOptions, io: CliIo): Promise<number> {
  const jobs = await openJobs(flags, io);
  try {
    await jobs.retry(id);
    writeLine(io.stderr, `job ${id} is queued again.`);
    return EXIT.ok;
  } finally {
    await jobs.stop(0);
  }
}

/** `panorama jobs sync`: enqueues a sync of every configured repository now. */
export async function runJobsSync(flags: GlobalOptions, io: CliIo): Promise<number> {
  const config = loadConfig({ flags, env: io.env, cwd: io.cwd });
  const jobs = await openJobs(flags, io);
  try {
    const queued = await jobs.enqueueAll(config);
    writeLine(
      io.stderr,
      `${queued} sync job${queued === 1 ? '' : 's'} queued (a repository already queued is not queued twice).`,
    );
    return EXIT.ok;
  } finally {
    await jobs.stop(0);
  }
}
