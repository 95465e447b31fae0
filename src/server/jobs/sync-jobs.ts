/**
 * Scheduled syncs of the configured git repositories and remote sources (`sources:` of the
 * config: GitHub repositories, GitLab projects, PagerDuty services) as pg-boss 10 jobs, stored
 * in the same PostgreSQL as the data: several `panorama worker` processes, on one host or many,
 * share the work with no other system. A cron schedule enqueues one job per repository or
 * scope (at most one queued and one running each); a worker syncs it (ingest/git-ingest.ts,
 * ingest/sync-ingest.ts with the worker's `<SOURCE>_TOKEN`) and a
 * failure is retried with exponential backoff, then kept as `failed` for `panorama jobs list`
 * and `panorama jobs retry`. On stop, jobs in flight get a grace period to finish; those that
 * do not are failed and so retried by the next worker.
 */
import PgBoss from 'pg-boss';
import type { ResolvedConfig } from '../../config/load-config.js';
import { ingestGitRepositories, type GitIngestOptions } from '../../ingest/git-ingest.js';
import { syncScopes } from '../../ingest/sync-ingest.js';
import { configuredScopes, configuredSources, planRemoteSync, requireSyncSource } from '../../ingest/sync-plan.js';
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../storage/index.js';

/** The queue of repository syncs. */
export const SYNC_QUEUE = 'panorama-git-sync';
/** The queue the cron schedule fills; its job enqueues one sync per repository. */
export const TICK_QUEUE = 'panorama-sync-tick';
/** Default schedule: every 15 minutes. */
export const DEFAULT_CRON = '*/15 * * * *';

/** One sync job: a git repository of an organisation, or one scope of a remote source. */
export interface SyncJobData {
  org: string;
  /** `github`, `gitlab`, `pagerduty`; absent for a local git repository. */
  source?: string;
  /** A git repository's folder, or the remote scope's name (`acme/api`). */
  path: string;
  service?: string;
}

/** A job as `panorama jobs list` shows it. */
export interface SyncJobView {
  id: string;
  state: string;
  org: string;
  /** `git` for a local repository. */
  source: string;
  path: string;
  retries: number;
  retryLimit: number;
  createdOn: Date;
  completedOn: Date | null;
  /** The error of a failed run, or the counts of a completed one. */
  output: unknown;
}

/** Retry settings of the sync queue. */
export interface RetryPolicy {
  retryLimit: number;
  /** Seconds before the first retry; doubled each time (exponential backoff). */
  retryDelay: number;
}

/** The git ingest options the config file describes (as `panorama analyze` reads them). */
export function gitOptionsFrom(config: ResolvedConfig): GitIngestOptions {
  const file = config.file;
  return {
    org: config.org.id,
    orgName: config.org.name,
    deployOn: file.deployments.detect,
    tagPattern: file.deployments.tag_pattern,
    deploymentsFile: file.deployments.file,
    hotfixPatterns: file.hotfix.patterns,
    hotfixWindowHours: file.hotfix.window_hours,
    productionEnvironments: file.environments.production,
    services: file.services,
  };
}

/**
 * Syncs one scope of a remote source as the config and the worker's environment describe it.
 * A failure is thrown so pg-boss records it and retries with backoff.
 */
async function syncRemote(
  store: Store,
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
  data: SyncJobData,
): Promise<unknown> {
  const source = data.source as string;
  const plan = planRemoteSync(config, env, source, { scopes: [data.path] });
  const [result] = await syncScopes(store, await requireSyncSource(source)(), plan.scopes, { ...plan.options, org: data.org });
  if (result === undefined || result.status === 'failed')
    throw result?.error ?? new Error(`sync of ${source} ${data.path} returned no result`);
  return { status: result.status, counts: result.counts, requests: result.requests, durationMs: result.durationMs };
}

/** The job queue on a PostgreSQL database. */
export class SyncJobs {
  private constructor(
    readonly boss: PgBoss,
    private readonly schema: string,
  ) {}

  /**
   * Connects pg-boss to `url` (its tables in schema `schema`) and creates the queues.
   * @throws AppError STORAGE_CONNECTION_FAILED when PostgreSQL does not answer
   */
  static async open(
    url: string,
    options: { schema?: string; retry?: RetryPolicy; onError?: (error: Error) => void } = {},
  ): Promise<SyncJobs> {
    const schema = options.schema ?? 'pgboss';
    const boss = new PgBoss({ connectionString: url, schema, max: 4 });
    boss.on('error', (error) => options.onError?.(error));
    try {
      await boss.start();
    } catch (error) {
      throw new AppError(
        'STORAGE_CONNECTION_FAILED',
        `the job queue could not start on PostgreSQL (${(error as Error).message}).`,
        { cause: error },
      );
    }
    const retry = options.retry ?? { retryLimit: 5, retryDelay: 60 };
    await boss.createQueue(SYNC_QUEUE, {
      name: SYNC_QUEUE,
      policy: 'stately',
      ...retry,
      retryBackoff: true,
      // A first sync of a large repository may wait out several hourly rate-limit resets: a job
      // expired early is retried while its first run still goes on, two runs on one token.
      expireInMinutes: 360,
    });
    await boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: 'singleton', retryLimit: 0 });
    return new SyncJobs(boss, schema);
  }

  /**
   * Enqueues a sync of every configured repository and remote scope (one queued each at most).
   */
  async enqueueAll(config: ResolvedConfig): Promise<number> {
    const all: SyncJobData[] = config.file.repositories.map((repo) => ({
      org: config.org.id,
      path: repo.path,
      ...(repo.service === undefined ? {} : { service: repo.service }),
    }));
    for (const source of configuredSources(config)) {
      for (const path of configuredScopes(config, source)) all.push({ org: config.org.id, source, path });
    }
    let queued = 0;
    for (const data of all) {
      const key = data.source === undefined ? `${data.org}:${data.path}` : `${data.org}:${data.source}:${data.path}`;
      if ((await this.boss.send(SYNC_QUEUE, data, { singletonKey: key })) !== null) queued++;
    }
    return queued;
  }

  /** Runs the schedule and the workers until `stop`; `concurrency` syncs at once. */
  async work(
    store: Store,
    config: ResolvedConfig,
    options: {
      cron?: string;
      concurrency?: number;
      pollingIntervalSeconds?: number;
      /** Where remote sources' tokens come from (`GITHUB_TOKEN`, ...). */
      env?: Readonly<Record<string, string | undefined>>;
    },
  ): Promise<void> {
    await this.boss.schedule(
      TICK_QUEUE,
      options.cron ?? DEFAULT_CRON,
      { org: config.org.id },
      { tz: 'UTC' },
    );
    const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
    await this.boss.work(TICK_QUEUE, polling, async () => {
      await this.enqueueAll(config);
    });
    const gitOptions = gitOptionsFrom(config);
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      await this.boss.work<SyncJobData>(SYNC_QUEUE, { ...polling, batchSize: 1 }, async ([job]) => {
        if (job === undefined) return null;
        if (job.data.source !== undefined) return syncRemote(store, config, options.env ?? {}, job.data);
        const { org, path, service } = job.data;
        const [result] = await ingestGitRepositories(
          store,
          [{ path, ...(service === undefined ? {} : { service }) }],
          { ...gitOptions, org },
        );
        // A failure is thrown so pg-boss records it and retries with backoff.
        if (result === undefined || result.status === 'failed')
          throw result?.error ?? new Error(`sync of ${path} returned no result`);
        return { status: result.status, counts: result.counts, durationMs: result.durationMs };
      });
    }
  }

  /** Sync jobs in the given states, newest first. */
  async list(states: readonly string[], limit = 100): Promise<SyncJobView[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `select id, state, data, retry_count, retry_limit, created_on, completed_on, output from "${this.schema}".job
       where name = $1 and state::text = any($2::text[]) order by created_on desc limit $3`,
      [SYNC_QUEUE, [...states], limit],
    );
    return (rows as Array<Record<string, unknown>>).map((r) => {
      const data = r['data'] as SyncJobData;
      return {
        id: String(r['id']),
        state: String(r['state']),
        org: data.org,
        source: data.source ?? 'git',
        path: data.path,
        retries: Number(r['retry_count']),
        retryLimit: Number(r['retry_limit']),
        createdOn: r['created_on'] as Date,
        completedOn: (r['completed_on'] as Date | null) ?? null,
        output: r['output'] ?? null,
      };
    });
  }

  /** Puts a failed job back in the queue. */
  async retry(id: string): Promise<void> {
    await this.boss.retry(SYNC_QUEUE, id);
  }

  /** Stops: jobs in flight get `graceMs` to finish; the rest fail and are retried later. */
  async stop(graceMs = 30_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: graceMs, wait: true });
  }
}
