/**
 * Syncs remote sources (GitHub, GitLab, PagerDuty) through one loop: for each scope, read its
 * cursor, let the connector collect from there, and write every batch it hands over (records,
 * raw payloads and the batch's cursor) in ONE store transaction. A sync killed at any point
 * therefore resumes from the last stored batch, and because upserts are keyed by deterministic
 * ids nothing is stored twice. One scope failing never stops the others: each gets its result.
 *
 * What `panorama sync` (cli/commands/sync-command.ts) and the server's sync jobs call.
 */
import type { SyncBatch, SyncConnector, SyncOptions, SyncProgress, SyncScope } from '../connectors/sync-connector.js';
import { AppError } from '../shared/errors.js';
import { ERROR_CODES } from '../shared/error-codes.js';
import type { Store } from '../storage/index.js';

/** Options of a sync call: the connector's options plus how the organisation is named. */
export interface SyncIngestOptions extends SyncOptions {
  /** Display name of the organisation when it does not exist yet (default: its id). */
  orgName?: string;
}

/** Records written for one scope (each upsert counts, so a record updated twice counts twice). */
export interface SyncIngestCounts {
  repositories: number;
  commits: number;
  pullRequests: number;
  deployments: number;
  incidents: number;
  /** Raw payloads kept. */
  raw: number;
  /** Batches stored (each with its cursor, in one transaction). */
  batches: number;
}

/** The outcome for one scope. */
export interface SyncIngestResult {
  /** The scope's sync-state key (`github:acme/api`). */
  scope: string;
  /** The scope as given (`acme/api`). */
  name: string;
  /** `skipped`: the scope was already synced by this call (given twice); `error` says so. */
  status: 'ok' | 'failed' | 'skipped';
  error?: AppError;
  counts: SyncIngestCounts;
  /** HTTP requests made for this scope (304s included), also when it failed. */
  requests: number;
  /** Whether the scope started from a stored cursor (an incremental sync). */
  incremental: boolean;
  durationMs: number;
}

function emptyCounts(): SyncIngestCounts {
  return { repositories: 0, commits: 0, pullRequests: 0, deployments: 0, incidents: 0, raw: 0, batches: 0 };
}

function asAppError(error: unknown, source: string, name: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(ERROR_CODES.INTERNAL, `unexpected error while syncing ${source} ${name}: ${message}`, { cause: error });
}

/** Writes one batch, its raw payloads and its cursor in one transaction; adds to `counts`. */
async function storeBatch(store: Store, org: string, scopeKey: string, batch: SyncBatch, counts: SyncIngestCounts): Promise<void> {
  const r = batch.records;
  const written = await store.transaction(async (tx) => {
    const n = emptyCounts();
    // Repositories first, then what points at them; deployments before the incidents they caused.
    if (r.repositories?.length) n.repositories = await tx.upsertRepositories(r.repositories);
    if (r.commits?.length) n.commits = await tx.upsertCommits(r.commits);
    if (r.pullRequests?.length) n.pullRequests = await tx.upsertPullRequests(r.pullRequests);
    if (r.deployments?.length) n.deployments = await tx.upsertDeployments(r.deployments);
    if (r.incidents?.length) n.incidents = await tx.upsertIncidents(r.incidents);
    if (batch.raw.length > 0) n.raw = await tx.upsertRawPayloads(batch.raw);
    await tx.setSyncState(org, scopeKey, batch.cursor);
    return n;
  });
  counts.repositories += written.repositories;
  counts.commits += written.commits;
  counts.pullRequests += written.pullRequests;
  counts.deployments += written.deployments;
  counts.incidents += written.incidents;
  counts.raw += written.raw;
  counts.batches += 1;
}

/**
 * Syncs each scope in turn with `connector` and returns one result per scope, in input order.
 * Never throws for a scope's problem (a refused token, a missing repository, an exhausted rate
 * limit): it is in that scope's result. Throws only when the store itself cannot be written
 * before any scope starts (the organisation row).
 */
export async function syncScopes(
  store: Store,
  connector: SyncConnector,
  scopes: readonly SyncScope[],
  options: SyncIngestOptions,
): Promise<SyncIngestResult[]> {
  const { orgName, ...syncOptions } = options;
  if ((await store.getOrganization(options.org)) === null) {
    await store.upsertOrganization({ id: options.org, name: orgName ?? options.org });
  }
  const results: SyncIngestResult[] = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    const started = Date.now();
    const counts = emptyCounts();
    let requests = 0;
    let scopeKey = `${connector.source}:${scope.name}`;
    let incremental = false;
    const base = (): Omit<SyncIngestResult, 'status' | 'error'> => ({
      scope: scopeKey, name: scope.name, counts, requests, incremental, durationMs: Date.now() - started,
    });
    try {
      scopeKey = await connector.scopeKey(scope);
      if (seen.has(scopeKey)) {
        results.push({
          ...base(),
          status: 'skipped',
          error: new AppError(ERROR_CODES.SYNC_DUPLICATE_SCOPE, `${scope.name}: given twice in one sync; synced once`),
        });
        continue;
      }
      seen.add(scopeKey);
      if (options.signal?.aborted) {
        throw new AppError(ERROR_CODES.SYNC_CANCELLED, `${connector.source} ${scope.name}: not synced, the sync was interrupted`);
      }
      const cursor = await store.getSyncState(options.org, scopeKey);
      incremental = cursor !== null && cursor !== undefined;
      let lastCursor: unknown = cursor;
      const onProgress = (p: SyncProgress): void => {
        requests = Math.max(requests, p.requests);
        options.onProgress?.(p);
      };
      const result = await connector.collect(scope, { ...syncOptions, onProgress }, cursor, {
        async onRecords(batch) {
          await storeBatch(store, options.org, scopeKey, batch, counts);
          lastCursor = batch.cursor;
        },
      });
      requests = result.requests;
      // The final cursor may say more than the last batch's (e.g. a pass completed with no data).
      if (JSON.stringify(result.cursor) !== JSON.stringify(lastCursor)) {
        await store.setSyncState(options.org, scopeKey, result.cursor);
      }
      results.push({ ...base(), status: 'ok' });
    } catch (error) {
      results.push({ ...base(), status: 'failed', error: asAppError(error, connector.source, scope.name) });
    }
    // Kept for /metrics and the API (outside the batches' transactions, so failures are kept too).
    await recordRun(store, options.org, connector.source, results[results.length - 1]!, started);
  }
  return results;
}

/** Stores how a scope's sync ended (its status row: last run, last success, failures in a row). */
async function recordRun(store: Store, org: string, source: string, result: SyncIngestResult, startedAt: number): Promise<void> {
  const c = result.counts;
  await store.recordSyncRun({
    org,
    scope: result.scope,
    source,
    status: result.status,
    startedAt,
    finishedAt: startedAt + result.durationMs,
    records: c.repositories + c.commits + c.pullRequests + c.deployments + c.incidents,
    errorCode: result.error?.code ?? null,
    errorMessage: result.error?.message ?? null,
  });
}
