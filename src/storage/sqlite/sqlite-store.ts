/**
 * The SQLite store: one file, one better-sqlite3 connection, behind kysely's SqliteDialect.
 * Small queries go through kysely (kysely-queries.ts). The bulk paths (upserts, lists,
 * missing-record lookups) run cached better-sqlite3 statements directly on the same
 * connection: kysely serialises access to it with a mutex, so they either run inside the
 * caller's transaction or take the connection (`db.connection()`) like any other query.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type {
  Commit,
  CommitNode,
  Deployment,
  Incident,
  Organization,
  PullRequest,
  Repository,
} from '../../domain/index.js';
import { commitNodeReader } from '../commit-graph-rows.js';
import * as queries from '../kysely-queries.js';
import type { CommitQuery, ListQuery } from '../kysely-queries.js';
import { migrateToLatest } from '../migrate-to-latest.js';
import {
  deploymentFromRow,
  deploymentSpec,
  incidentFromRow,
  incidentSpec,
  pullRequestFromRow,
  pullRequestSpec,
} from '../event-rows.js';
import {
  commitFromValues,
  commitSpec,
  createInterner,
  repositorySpec,
  uniqueRefs,
  uniqueStrings,
  type TableSpec,
} from '../rows.js';
import * as server from '../server-queries.js';
import type {
  ApiToken,
  ChangePageQuery,
  CommitRef,
  MigrationOutcome,
  PageQuery,
  RecordCounts,
  ServiceSummary,
  Store,
  StoreReader,
  StoreWriter,
  WebhookDelivery,
} from '../store.js';
import { guardRead, guardTransaction, guardWrite } from '../storage-errors.js';
import type { Database } from '../tables.js';
import { openSqlite } from './open-sqlite.js';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** What a store and its transactions share: the native handle and its statement cache. */
interface SqliteContext {
  readonly native: BetterSqlite3.Database;
  readonly location: string;
  readonly statements: Map<string, Statement>;
}

/** The reads and writes, on the store itself or inside one transaction. */
class SqliteSession implements StoreReader, StoreWriter {
  /** Organisations written in this transaction: their data version is bumped before commit. */
  private readonly written = new Set<string>();

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly ctx: SqliteContext,
    private readonly inTransaction: boolean,
  ) {}

  upsertOrganization(org: Organization): Promise<void> {
    return guardWrite('upsert an organization', this.ctx.location, () => queries.upsertOrganization(this.db, org));
  }
  upsertRepositories(rows: readonly Repository[]): Promise<number> {
    return this.upsert(repositorySpec, rows);
  }
  upsertCommits(rows: readonly Commit[]): Promise<number> {
    return this.upsert(commitSpec, rows);
  }
  upsertPullRequests(rows: readonly PullRequest[]): Promise<number> {
    return this.upsert(pullRequestSpec, rows);
  }
  upsertDeployments(rows: readonly Deployment[]): Promise<number> {
    return this.upsert(deploymentSpec, rows);
  }
  upsertIncidents(rows: readonly Incident[]): Promise<number> {
    return this.upsert(incidentSpec, rows);
  }

  findMissingCommits(org: string, refs: readonly CommitRef[]): Promise<CommitRef[]> {
    const sql = 'SELECT 1 FROM "commits" WHERE "org" = ? AND "repository" = ? AND "sha" = ?';
    return this.native((native) => {
      const exists = this.statement(native, sql).pluck();
      return uniqueRefs(refs).filter((r) => exists.get(org, r.repository, r.sha) === undefined);
    });
  }

  findMissingDeployments(org: string, ids: readonly string[]): Promise<string[]> {
    const sql = 'SELECT 1 FROM "deployments" WHERE "org" = ? AND "id" = ?';
    return this.native((native) => {
      const exists = this.statement(native, sql).pluck();
      return uniqueStrings(ids).filter((id) => exists.get(org, id) === undefined);
    });
  }

  setSyncState(org: string, scope: string, cursor: unknown): Promise<void> {
    return guardWrite('save the sync state', this.ctx.location, () => queries.setSyncState(this.db, org, scope, cursor));
  }

  listOrganizations(): Promise<Organization[]> {
    return guardRead(this.ctx.location, () => queries.listOrganizations(this.db));
  }
  getOrganization(id: string): Promise<Organization | null> {
    return guardRead(this.ctx.location, () => queries.getOrganization(this.db, id));
  }
  listServices(org: string): Promise<ServiceSummary[]> {
    return guardRead(this.ctx.location, () => queries.listServices(this.db, org));
  }
  listRepositories(org: string): Promise<Repository[]> {
    return guardRead(this.ctx.location, () => queries.listRepositories(this.db, org));
  }

  listCommits(query: CommitQuery): Promise<Commit[]> {
    if (query.repositories?.length === 0) return Promise.resolve([]);
    // The hot path of every report: rows as value arrays (raw mode), repeated strings shared.
    const intern = createInterner();
    const toCommit = (values: unknown[]) => commitFromValues(values, query.org, intern);
    return this.list(queries.selectCommits(this.db, query), toCommit, true);
  }
  listCommitGraph(query: CommitQuery): Promise<CommitNode[]> {
    if (query.repositories?.length === 0) return Promise.resolve([]);
    // Every report's biggest read: six columns as value arrays, in table order (no sort).
    const { fromValues } = commitNodeReader();
    return this.list(queries.selectCommitGraph(this.db, query), fromValues, true);
  }
  listPullRequests(query: ListQuery): Promise<PullRequest[]> {
    return this.list(queries.selectByTime(this.db, 'pull_requests', query), pullRequestFromRow);
  }
  listDeployments(query: ListQuery): Promise<Deployment[]> {
    return this.list(queries.selectByTime(this.db, 'deployments', query), deploymentFromRow);
  }
  listIncidents(query: ListQuery): Promise<Incident[]> {
    return this.list(queries.selectByTime(this.db, 'incidents', query), incidentFromRow);
  }

  getSyncState(org: string, scope: string): Promise<unknown> {
    return guardRead(this.ctx.location, () => queries.getSyncState(this.db, org, scope));
  }
  countRecords(org?: string): Promise<RecordCounts> {
    return guardRead(this.ctx.location, () => queries.countRecords(this.db, org));
  }

  // The team server's reads and writes (server-queries.ts).
  createApiToken(token: ApiToken): Promise<void> {
    return guardWrite('create an API token', this.ctx.location, () =>
      server.createApiToken(this.db, token),
    );
  }
  consumeApiToken(tokenHash: string, at: number): Promise<ApiToken | null> {
    return guardWrite('use a login token', this.ctx.location, () =>
      server.consumeApiToken(this.db, tokenHash, at),
    );
  }
  revokeApiToken(id: string, at: number): Promise<boolean> {
    return guardWrite('revoke an API token', this.ctx.location, () =>
      server.revokeApiToken(this.db, id, at),
    );
  }
  recordWebhookDelivery(delivery: WebhookDelivery): Promise<boolean> {
    return this.recordWebhookDeliveries([delivery]).then(([fresh]) => fresh === true);
  }
  recordWebhookDeliveries(deliveries: readonly WebhookDelivery[]): Promise<boolean[]> {
    return guardWrite('record webhook deliveries', this.ctx.location, () =>
      server.recordWebhookDeliveries(this.db, deliveries),
    );
  }
  findApiToken(tokenHash: string): Promise<ApiToken | null> {
    return guardRead(this.ctx.location, () => server.findApiToken(this.db, tokenHash));
  }
  listApiTokens(org?: string): Promise<ApiToken[]> {
    return guardRead(this.ctx.location, () => server.listApiTokens(this.db, org));
  }
  getDataVersion(org: string): Promise<number> {
    return guardRead(this.ctx.location, () => server.getDataVersion(this.db, org));
  }
  countWebhookDeliveries(query?: { org?: string; source?: string }): Promise<number> {
    return guardRead(this.ctx.location, () => server.countWebhookDeliveries(this.db, query));
  }
  getPullRequests(org: string, ids: readonly string[]): Promise<PullRequest[]> {
    return guardRead(this.ctx.location, () => server.getPullRequests(this.db, org, ids));
  }
  getDeployments(org: string, ids: readonly string[]): Promise<Deployment[]> {
    return guardRead(this.ctx.location, () => server.getDeployments(this.db, org, ids));
  }
  getIncidents(org: string, ids: readonly string[]): Promise<Incident[]> {
    return guardRead(this.ctx.location, () => server.getIncidents(this.db, org, ids));
  }
  pageDeployments(query: PageQuery): Promise<Deployment[]> {
    return guardRead(this.ctx.location, () => server.pageDeployments(this.db, query));
  }
  pagePullRequests(query: PageQuery): Promise<PullRequest[]> {
    return guardRead(this.ctx.location, () => server.pagePullRequests(this.db, query));
  }
  pageIncidents(query: PageQuery): Promise<Incident[]> {
    return guardRead(this.ctx.location, () => server.pageIncidents(this.db, query));
  }
  pageChanges(query: ChangePageQuery): Promise<Commit[]> {
    return guardRead(this.ctx.location, () => server.pageChanges(this.db, query));
  }

  /** Bumps the data version of the organisations written, on the connection in use. */
  bumpWritten(native: BetterSqlite3.Database = this.ctx.native): void {
    const bump = this.statement(native, server.BUMP_DATA_VERSION_SQL);
    // One writer at a time in SQLite: a single counter row per organisation is enough.
    for (const org of this.written) bump.run(org, 0);
    this.written.clear();
  }

  /**
   * Runs synchronous work on the native handle. Inside a transaction the connection is
   * already ours; outside, take it from kysely so no other query or transaction interleaves.
   */
  private native<T>(work: (native: BetterSqlite3.Database) => T): Promise<T> {
    if (this.inTransaction) return guardRead(this.ctx.location, async () => work(this.ctx.native));
    return guardRead(this.ctx.location, () => this.db.connection().execute(async () => work(this.ctx.native)));
  }

  /** A cached prepared statement; `raw` ones return rows as arrays of values. */
  private statement(native: BetterSqlite3.Database, sql: string, mode?: 'raw'): Statement {
    const key = mode === 'raw' ? `raw:${sql}` : sql;
    let statement = this.ctx.statements.get(key);
    if (statement === undefined) {
      statement = native.prepare<unknown[], unknown>(sql);
      if (mode === 'raw') statement.raw(true);
      this.ctx.statements.set(key, statement);
    }
    return statement;
  }

  /** Writes every record with one cached statement, all in one transaction. */
  private upsert<R, T extends keyof Database>(spec: TableSpec<R, T>, records: readonly R[]): Promise<number> {
    if (records.length === 0) return Promise.resolve(0);
    const sql = upsertSql(spec);
    return guardWrite(`upsert ${records.length} ${spec.table}`, this.ctx.location, () =>
      this.native((native) => {
        const statement = this.statement(native, sql);
        // Positional parameters from one reused array: binding by name looks every column up.
        const names = spec.columns.map(([name]) => name);
        const values: unknown[] = new Array<unknown>(names.length);
        const writeAll = () => {
          let lastOrg = '';
          for (const record of records) {
            const row = spec.toRow(record) as unknown as Record<string, unknown>;
            for (let j = 0; j < names.length; j++) values[j] = row[names[j] as string];
            statement.run(values);
            const org = row['org'] as string;
            if (org !== lastOrg) this.written.add((lastOrg = org));
          }
          // Outside a transaction the version is bumped with the rows; inside, before commit.
          if (!this.inTransaction) this.bumpWritten(native);
        };
        // Inside the caller's transaction the rows land with it; otherwise in one of their own.
        if (native.inTransaction) writeAll();
        else native.transaction(writeAll)();
        return records.length;
      }),
    );
  }

  /**
   * Runs a kysely-built SELECT on a cached native statement, streaming rows into records:
   * kysely's own path would hold every row object and its record alive at once.
   */
  private list<Row, R>(query: CompiledQuery<Row>, fromRow: (row: Row) => R): Promise<R[]>;
  private list<R>(query: CompiledQuery, fromValues: (values: unknown[]) => R, raw: true): Promise<R[]>;
  private list<R>(query: CompiledQuery, fromRow: (row: never) => R, raw = false): Promise<R[]> {
    const { sql, parameters } = query;
    return this.native((native) => {
      const statement = raw ? this.statement(native, sql, 'raw') : this.statement(native, sql);
      const out: R[] = [];
      for (const row of statement.iterate(...parameters)) out.push(fromRow(row as never));
      return out;
    });
  }
}

/** `INSERT ... ON CONFLICT (key) DO UPDATE SET` every other column; `?` parameters in column order. */
function upsertSql<R, T extends keyof Database>(spec: TableSpec<R, T>): string {
  const names = spec.columns.map(([name]) => name);
  const updates = names.filter((n) => !spec.key.includes(n)).map((n) => `"${n}" = excluded."${n}"`);
  return (
    `INSERT INTO "${spec.table}" (${names.map((n) => `"${n}"`).join(', ')}) ` +
    `VALUES (${names.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (${spec.key.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${updates.join(', ')}`
  );
}

/** A Store on a SQLite file. Open it with `openStore` (index.ts). */
export class SqliteStore extends SqliteSession implements Store {
  readonly kind = 'sqlite' as const;
  readonly location: string;

  private constructor(db: Kysely<Database>, ctx: SqliteContext) {
    super(db, ctx, false);
    this.location = ctx.location;
  }

  /**
   * Opens the database at `spec` (a file path, created with its folder if missing, or
   * `:memory:`). Does not migrate.
   * @throws StorageError STORAGE_NOT_SQLITE, STORAGE_OPEN_FAILED
   */
  static open(spec: string): SqliteStore {
    const { native, location } = openSqlite(spec);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
    return new SqliteStore(db, { native, location, statements: new Map() });
  }

  migrate(): Promise<MigrationOutcome[]> {
    return migrateToLatest(this.db, this.location);
  }

  transaction<T>(fn: (tx: StoreWriter & StoreReader) => Promise<T>): Promise<T> {
    return guardTransaction(
      this.location,
      (body) => this.db.transaction().execute((trx) => body(new SqliteSession(trx, this.ctx, true))),
      async (tx: SqliteSession) => {
        const result = await fn(tx);
        tx.bumpWritten();
        return result;
      },
    );
  }

  async close(): Promise<void> {
    this.ctx.statements.clear();
    await this.db.destroy();
  }
}
