/**
 * Ingests local git repositories: for each, the git connector reads what is new since the
 * repository's cursor and its records are written in one store transaction (all of a
 * repository's records land together or not at all), with the new cursor. One repository
 * failing never loses the others: each gets its own result.
 *
 * What `panorama analyze PATH...` calls.
 */
import type { Commit } from '../domain/index.js';
import {
  collectGitRepository,
  probeRepository,
  type GitCollectOptions,
  type GitCollectResult,
  type GitWarning,
  type RepositoryProbe,
  type ServiceDefinition,
} from '../connectors/git/index.js';
import { AppError, ConnectorError } from '../shared/errors.js';
import { ERROR_CODES } from '../shared/error-codes.js';
import type { Store, StoreWriter } from '../storage/index.js';

/** One repository to ingest. */
export interface GitIngestRepository {
  /** A folder of the repository (its top, usually). */
  path: string;
  /** The service it deploys (default: its name). Ignored for a monorepo with `services`. */
  service?: string;
  /** Its name in Panorama (default: the folder's name); must be unique in one call. */
  name?: string;
  /** Monorepo services of this repository (default: `options.services`). */
  services?: Readonly<Record<string, ServiceDefinition>>;
}

/** Options shared by every repository of the call. */
export interface GitIngestOptions extends GitCollectOptions {
  /** Display name of the organisation when it does not exist yet (default: its id). */
  orgName?: string;
  /** Commits per upsert call (default 500: a batch and its rows die young in the heap). */
  batchSize?: number;
}

/** Records written for one repository. */
export interface GitIngestCounts {
  commits: number;
  pullRequests: number;
  deployments: number;
  /** Deployments stored by an earlier run that the history no longer yields (deleted tags). */
  removedDeployments: number;
}

/** The outcome for one repository (kysely's migration result set, per scope). */
export interface GitIngestResult {
  /** `git:<absolute path>` once the repository was found, else `git:<path as given>`. */
  scope: string;
  path: string;
  /** Its name in Panorama, when known. */
  repository: string | null;
  /** `skipped`: nothing to ingest (an empty repository); `error` says why. */
  status: 'ok' | 'failed' | 'skipped';
  error?: AppError;
  counts: GitIngestCounts;
  warnings: GitWarning[];
  /** How the repository was read; absent when it failed before reading. */
  run?: GitCollectResult['run'];
  deploymentSource?: GitCollectResult['deploymentSource'];
  durationMs: number;
}

/** Progress of the whole call: which repository, what phase, how many commits so far. */
export interface GitIngestProgress {
  /** Position of the repository in the call (0-based) and how many there are. */
  index: number;
  of: number;
  path: string;
  phase: 'starting' | 'reading' | 'inferring' | 'writing' | 'done';
  commits: number;
  /** Commits this run will read, once counted (for a rate and an ETA). */
  totalCommits: number | null;
}


function asAppError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(ERROR_CODES.INTERNAL, `unexpected error while ingesting ${path}: ${message}`, { cause: error });
}

async function ensureOrganization(tx: StoreWriter & { getOrganization(id: string): Promise<unknown> }, id: string, name: string): Promise<void> {
  if ((await tx.getOrganization(id)) === null) await tx.upsertOrganization({ id, name });
}

/** Writes one repository inside `store.transaction`; returns its counts and the connector's result. */
async function ingestOne(
  store: Store,
  repo: GitIngestRepository,
  probe: RepositoryProbe,
  options: GitIngestOptions,
  progress: (phase: GitIngestProgress['phase'], commits: number, total: number | null) => void,
  listening: boolean,
): Promise<{ result: GitCollectResult; counts: GitIngestCounts }> {
  const batchSize = options.batchSize ?? 500;
  return store.transaction(async (tx) => {
    await ensureOrganization(tx, options.org, options.orgName ?? options.org);
    const scope = `git:${probe.root}`;
    const cursor = await tx.getSyncState(options.org, scope);
    let pending: Commit[] = [];
    let written = 0;
    let pullRequests = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      written += await tx.upsertCommits(batch);
    };
    const result = await collectGitRepository(
      { path: repo.path, name: repo.name, service: repo.service, services: repo.services, probe },
      options,
      cursor,
      {
        async onRepository(repository) {
          await tx.upsertRepositories([repository]);
        },
        async onCommits(batch) {
          for (const c of batch) pending.push(c);
          if (pending.length >= batchSize) await flush();
        },
        async onPullRequests(batch) {
          await flush();
          pullRequests += await tx.upsertPullRequests(batch);
        },
        storedPullRequests: (ids) => tx.findPullRequestMerges(options.org, ids),
        // Without a listener, no progress: the connector then skips counting the commits.
        onProgress: listening ? (p) => progress(p.phase, p.commits, p.totalCommits) : undefined,
      },
    );
    await flush();
    progress('writing', written, null);
    const deployments = await tx.upsertDeployments(result.deployments);
    let removedDeployments = 0;
    if (result.deploymentsComplete) {
      // What the history no longer yields (a deleted tag, another detection) is gone.
      const current = new Set(result.deployments.map((d) => d.id));
      const stored = await tx.listDeploymentIds({ org: options.org, repository: result.repository.name, source: 'git' });
      removedDeployments = await tx.removeDeployments(options.org, stored.filter((id) => !current.has(id)));
    }
    await tx.setSyncState(options.org, result.scope, result.cursor);
    return { result, counts: { commits: written, pullRequests, deployments, removedDeployments } };
  });
}

/**
 * Ingests each repository in turn and returns one result per repository, in input order.
 * Never throws for a repository's problem: it is in that repository's result (`failed`, or
 * `skipped` for an empty repository). Two repositories with the same name fail the second.
 */
export async function ingestGitRepositories(
  store: Store,
  repos: readonly GitIngestRepository[],
  options: GitIngestOptions,
  onProgress?: (progress: GitIngestProgress) => void,
): Promise<GitIngestResult[]> {
  const results: GitIngestResult[] = [];
  const names = new Map<string, string>();
  for (const [index, repo] of repos.entries()) {
    const started = Date.now();
    let lastCommits = 0;
    let lastTotal: number | null = null;
    const progress = (phase: GitIngestProgress['phase'], commits: number, totalCommits: number | null): void => {
      if (phase !== 'writing') lastCommits = commits;
      lastTotal = totalCommits ?? lastTotal;
      onProgress?.({ index, of: repos.length, path: repo.path, phase, commits: lastCommits, totalCommits: lastTotal });
    };
    progress('starting', 0, null);
    let scope = `git:${repo.path}`;
    let name: string | null = repo.name ?? null;
    try {
      const probe = await probeRepository(repo.path);
      scope = `git:${probe.root}`;
      name = repo.name ?? probe.folderName;
      const clash = names.get(name);
      if (clash !== undefined) {
        throw new ConnectorError(
          ERROR_CODES.GIT_DUPLICATE_REPOSITORY_NAME,
          `${repo.path}: another repository of this run (${clash}) is also named "${name}"; give each a distinct name`,
        );
      }
      names.set(name, repo.path);
      const { result, counts } = await ingestOne(store, repo, probe, options, progress, onProgress !== undefined);
      results.push({
        scope, path: repo.path, repository: name, status: 'ok', counts, warnings: result.warnings,
        run: result.run, deploymentSource: result.deploymentSource, durationMs: Date.now() - started,
      });
    } catch (error) {
      const appError = asAppError(error, repo.path);
      const skipped = appError.code === ERROR_CODES.GIT_EMPTY_REPOSITORY;
      results.push({
        scope, path: repo.path, repository: name, status: skipped ? 'skipped' : 'failed', error: appError,
        counts: { commits: 0, pullRequests: 0, deployments: 0, removedDeployments: 0 }, warnings: [], durationMs: Date.now() - started,
      });
    }
    const last = results[results.length - 1]!;
    const { commits, pullRequests, deployments } = last.counts;
    // Outside the repository's transaction, so that a failure is recorded too.
    await store.recordSyncRun({
      org: options.org,
      scope: last.scope,
      source: 'git',
      status: last.status,
      startedAt: started,
      finishedAt: Date.now(),
      records: commits + pullRequests + deployments,
      errorCode: last.error?.code ?? null,
      errorMessage: last.error?.message ?? null,
    });
    progress('done', lastCommits, null);
  }
  return results;
}
