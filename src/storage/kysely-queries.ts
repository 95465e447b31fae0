/**
 * The queries both stores run the same way, written once with kysely's query builder: the
 * small ones (organisations, repositories, services, sync state, counts) and the generic list.
 * The bulk paths (upserts, commit and deployment lists, missing-record lookups) are per
 * database, in sqlite/ and postgres/.
 * @internal
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Organization, Repository } from '../domain/index.js';
import { COMMIT_GRAPH_COLUMNS, type CommitGraphRow } from './commit-graph-rows.js';
import type { PullRequestFactsRow } from './pull-request-facts.js';
import { COMMIT_LIST_COLUMNS, repositoryFromRow, type CommitListRow } from './rows.js';
import type {
  RawPayloadQuery,
  RecordCounts,
  ServiceSummary,
  SyncRun,
  SyncStatus,
  TimeRange,
} from './store.js';
import type { Database, RawPayloadsTable, SyncStatusesTable } from './tables.js';

/** The tables a time-ordered list reads, with the instant column it filters and orders on. */
export const LIST_TIME_COLUMN = {
  pull_requests: 'created_at',
  deployments: 'finished_at',
  incidents: 'started_at',
} as const;

/** A table listed by time. */
export type ListTable = keyof typeof LIST_TIME_COLUMN;

/** The filter of `listCommits`; an empty `repositories` matches nothing. */
export interface CommitQuery {
  org: string;
  repositories?: readonly string[];
}

/** The filter of a list method. */
export interface ListQuery {
  org: string;
  service?: string;
  range?: TimeRange;
}

/** Creates the organisation or updates its name. */
export async function upsertOrganization(db: Kysely<Database>, org: Organization): Promise<void> {
  await db
    .insertInto('organizations')
    .values({ id: org.id, name: org.name })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: org.name }))
    .execute();
}

/** Every organisation, by id. */
export async function listOrganizations(db: Kysely<Database>): Promise<Organization[]> {
  return db.selectFrom('organizations').select(['id', 'name']).orderBy('id').execute();
}

/** One organisation, or null. */
export async function getOrganization(
  db: Kysely<Database>,
  id: string,
): Promise<Organization | null> {
  const row = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** An organisation's repositories, by name. */
export async function listRepositories(db: Kysely<Database>, org: string): Promise<Repository[]> {
  const rows = await db
    .selectFrom('repositories')
    .selectAll()
    .where('org', '=', org)
    .orderBy('name')
    .execute();
  return rows.map(repositoryFromRow);
}

/**
 * Services named by deployments, pull requests and incidents (an empty name is no service),
 * with the repositories they deploy from or have pull requests in, sorted by name.
 */
export async function listServices(db: Kysely<Database>, org: string): Promise<ServiceSummary[]> {
  const deployments = await db
    .selectFrom('deployments')
    .select(['service', 'repository', (eb) => eb.fn.countAll().as('n')])
    .where('org', '=', org)
    .groupBy(['service', 'repository'])
    .execute();
  const pullRequests = await db
    .selectFrom('pull_requests')
    .select(['service', 'repository'])
    .distinct()
    .where('org', '=', org)
    .execute();
  const incidents = await db
    .selectFrom('incidents')
    .select(['service', (eb) => eb.fn.countAll().as('n')])
    .where('org', '=', org)
    .groupBy('service')
    .execute();

  const byName = new Map<
    string,
    { repositories: Set<string>; deployments: number; incidents: number }
  >();
  const entry = (name: string) => {
    let found = byName.get(name);
    if (!found)
      byName.set(name, (found = { repositories: new Set(), deployments: 0, incidents: 0 }));
    return found;
  };
  for (const d of deployments) {
    const e = entry(d.service);
    e.repositories.add(d.repository);
    e.deployments += Number(d.n);
  }
  for (const p of pullRequests) entry(p.service).repositories.add(p.repository);
  for (const i of incidents) entry(i.service).incidents += Number(i.n);
  byName.delete('');

  return [...byName.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, e]) => ({
      name,
      repositories: [...e.repositories].sort(compareText),
      deployments: e.deployments,
      incidents: e.incidents,
    }));
}

/** Code-point order, the order both databases sort keys in (BINARY / COLLATE "C"). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A time-ordered list: filtered by service and half-open range, ordered by time then id.
 * Lists come back compiled, for the stores to stream (a SQLite iterator, a PostgreSQL cursor)
 * rather than hold every row at once.
 */
export function selectByTime<T extends ListTable>(
  db: Kysely<Database>,
  table: T,
  query: ListQuery,
): CompiledQuery<Database[T]> {
  // One generic body for three tables: kysely's column types cannot follow a generic table
  // name, so the builder works on the shape they share and the rows are typed on the way out.
  const time: string = LIST_TIME_COLUMN[table];
  const common = db as unknown as Kysely<Record<string, Record<string, string | number | null>>>;
  let q = common
    .selectFrom(table as string)
    .selectAll()
    .where('org', '=', query.org);
  if (query.service !== undefined) q = q.where('service', '=', query.service);
  if (query.range?.from !== undefined) q = q.where(time, '>=', query.range.from);
  if (query.range?.to !== undefined) q = q.where(time, '<', query.range.to);
  return q.orderBy(time).orderBy('id').compile() as unknown as CompiledQuery<Database[T]>;
}

/** An organisation's commits, of some repositories or all, by commit time, repository and sha. */
export function selectCommits(
  db: Kysely<Database>,
  query: CommitQuery,
): CompiledQuery<CommitListRow> {
  let q = db
    .selectFrom('commits')
    .select([...COMMIT_LIST_COLUMNS])
    .where('org', '=', query.org);
  if (query.repositories !== undefined) q = q.where('repository', 'in', [...query.repositories]);
  return q.orderBy('committed_at').orderBy('repository').orderBy('sha').compile();
}

/**
 * An organisation's commit graph, of some repositories or all: COMMIT_GRAPH_COLUMNS, in no
 * particular order (sorting a million rows is the database's slowest part of a report, and the
 * metrics engine does not need it).
 */
export function selectCommitGraph(
  db: Kysely<Database>,
  query: CommitQuery,
): CompiledQuery<CommitGraphRow> {
  // Nearly every commit's services are `[]`: NULL then, one string fewer per row to decode.
  const columns = COMMIT_GRAPH_COLUMNS.filter((c) => c !== 'services');
  let q = db
    .selectFrom('commits')
    .select([...columns, sql<string | null>`nullif("services", '[]')`.as('services')])
    .where('org', '=', query.org);
  if (query.repositories !== undefined) q = q.where('repository', 'in', [...query.repositories]);
  return q.compile() as CompiledQuery<CommitGraphRow>;
}

/** A scope's stored cursor, or null when none is stored. */
export async function getSyncState(
  db: Kysely<Database>,
  org: string,
  scope: string,
): Promise<unknown> {
  const row = await db
    .selectFrom('sync_states')
    .select('cursor')
    .where('org', '=', org)
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row === undefined ? null : (JSON.parse(row.cursor) as unknown);
}

/** Stores a scope's cursor (any JSON value) with the time it was stored. */
export async function setSyncState(
  db: Kysely<Database>,
  org: string,
  scope: string,
  cursor: unknown,
): Promise<void> {
  // `undefined` has no JSON form; it is stored as null, which is also what a missing state reads as.
  const values = { org, scope, cursor: JSON.stringify(cursor ?? null), updated_at: Date.now() };
  await db
    .insertInto('sync_states')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['org', 'scope'])
        .doUpdateSet({ cursor: values.cursor, updated_at: values.updated_at }),
    )
    .execute();
}

/** Rows per table, of one organisation or all. */
export async function countRecords(db: Kysely<Database>, org?: string): Promise<RecordCounts> {
  // As in listRows: one body for every table, on the shape they share.
  const common = db as unknown as Kysely<Record<string, Record<'org' | 'id', string>>>;
  const count = async (table: keyof Database, orgColumn: 'org' | 'id'): Promise<number> => {
    let q = common.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
    if (org !== undefined) q = q.where(orgColumn, '=', org);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    organizations: await count('organizations', 'id'),
    repositories: await count('repositories', 'org'),
    commits: await count('commits', 'org'),
    pullRequests: await count('pull_requests', 'org'),
    deployments: await count('deployments', 'org'),
    incidents: await count('incidents', 'org'),
  };
}

/** Raw payloads of one source (and entity), by entity then key. */
export function selectRawPayloads(
  db: Kysely<Database>,
  query: RawPayloadQuery,
): CompiledQuery<RawPayloadsTable> {
  let q = db
    .selectFrom('raw_payloads')
    .selectAll()
    .where('org', '=', query.org)
    .where('source', '=', query.source);
  if (query.entity !== undefined) q = q.where('entity', '=', query.entity);
  return q.orderBy('entity').orderBy('key').compile();
}

/** Records a sync run on its scope's status row (see StoreWriter.recordSyncRun). */
export async function recordSyncRun(db: Kysely<Database>, run: SyncRun): Promise<void> {
  const failed = run.status === 'failed' ? 1 : 0;
  await db
    .insertInto('sync_statuses')
    .values({
      org: run.org,
      scope: run.scope,
      source: run.source,
      status: run.status,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      records: run.records,
      error_code: run.errorCode,
      error_message: run.errorMessage,
      last_success_at: run.status === 'ok' ? run.finishedAt : null,
      consecutive_failures: failed,
    })
    .onConflict((oc) =>
      oc.columns(['org', 'scope']).doUpdateSet((eb) => ({
        source: eb.ref('excluded.source'),
        status: eb.ref('excluded.status'),
        started_at: eb.ref('excluded.started_at'),
        finished_at: eb.ref('excluded.finished_at'),
        records: eb.ref('excluded.records'),
        error_code: eb.ref('excluded.error_code'),
        error_message: eb.ref('excluded.error_message'),
        last_success_at:
          run.status === 'ok'
            ? eb.ref('excluded.last_success_at')
            : eb.ref('sync_statuses.last_success_at'),
        consecutive_failures:
          run.status === 'failed'
            ? sql<number>`sync_statuses.consecutive_failures + 1`
            : run.status === 'ok'
              ? sql<number>`0`
              : eb.ref('sync_statuses.consecutive_failures'),
      })),
    )
    .execute();
}

/** Every scope's sync status, of one organisation or all, by org then scope. */
export async function listSyncStatuses(db: Kysely<Database>, org?: string): Promise<SyncStatus[]> {
  let q = db.selectFrom('sync_statuses').selectAll();
  if (org !== undefined) q = q.where('org', '=', org);
  const rows = await q.orderBy('org').orderBy('scope').execute();
  return rows.map(syncStatusFromRow);
}

function syncStatusFromRow(row: SyncStatusesTable): SyncStatus {
  return {
    org: row.org,
    scope: row.scope,
    source: row.source,
    status: row.status as SyncStatus['status'],
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    records: Number(row.records),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    lastSuccessAt: row.last_success_at === null ? null : Number(row.last_success_at),
    consecutiveFailures: Number(row.consecutive_failures),
  };
}

/** The columns `listPullRequestFacts` reads; with `mergedRange`, of PRs merged within it. */
export function selectPullRequestFacts(db: Kysely<Database>, org: string, mergedRange?: TimeRange): CompiledQuery<PullRequestFactsRow> {
  let q = db
    .selectFrom('pull_requests')
    .select([
      'id',
      'repository',
      'service',
      'created_at',
      'first_review_at',
      'merged_at',
      'merge_commit_sha',
      'commit_shas',
      'additions',
      'deletions',
      'extra',
    ])
    .where('org', '=', org);
  if (mergedRange?.from !== undefined) q = q.where('merged_at', '>=', mergedRange.from);
  if (mergedRange?.to !== undefined) q = q.where('merged_at', '<', mergedRange.to);
  return q.compile();
}

/** The distinct non-empty services of an organisation's pull requests, sorted. */
export async function listPullRequestServices(db: Kysely<Database>, org: string): Promise<string[]> {
  const rows = await db.selectFrom('pull_requests').select('service').distinct().where('org', '=', org).where('service', '<>', '').execute();
  return rows.map((r) => r.service).sort(compareText);
}
