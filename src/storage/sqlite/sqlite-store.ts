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
} from '../../domain/index.js';
import { commitNodeReader } from '../commit-graph-rows.js';
import * as queries from '../kysely-queries.js';
import type { CommitQuery } from '../kysely-queries.js';
import { KyselySession } from '../kysely-session.js';
import { migrateToLatest } from '../migrate-to-latest.js';
import {
  commitFromValues,
  createInterner,
  uniqueRefs,
  uniqueStrings,
  type TableSpec,
} from '../rows.js';
import * as server from '../server-queries.js';
import type {
  ChangePageQuery,
  CommitRef,
  MigrationOutcome,
  RecordCounts,
  Store,
  StoreReader,
  StoreWriter,
} from '../store.js';
import { guardRead, guardTransaction, guardWrite } from '../storage-errors.js';
import type { Database } from '../tables.js';
import { BackgroundCheckpointer } from './background-checkpoint.js';
import { AUTOCHECKPOINT_PAGES, openSqlite } from './open-sqlite.js';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** What a store and its transactions share: the native handle and its statement cache. */
interface SqliteContext {
  readonly native: BetterSqlite3.Database;
  readonly location: string;
  readonly statements: Map<string, Statement>;
  readonly checkpointer: BackgroundCheckpointer;
  /** Transactions begun and not finished: automatic checkpoints are off while any is. */
  openTransactions: number;
}

/** The reads and writes, on the store itself or inside one transaction. */
class SqliteSession extends KyselySession implements StoreReader, StoreWriter {
  /** Organisations written in this transaction: their data version is bumped before commit. */
  private readonly written = new Set<string>();

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly ctx: SqliteContext,
    private readonly inTransaction: boolean,
  ) {
    super();
  }


  findMissingCommits(org: string, refs: readonly CommitRef[]): Promise<CommitRef[]> {
    const sql = 'SELECT 1 FROM "commits" WHERE "org" = ? AND "repository" = ? AND "sha" = ?';
    return this.native((native) => {
      const exists = this.statement(native, sql).pluck();
      return uniqueRefs(refs).filter((r) => exists.get(org, r.repository, r.sha) === undefined);
    });
  }

  findPullRequestMerges(org: string, ids: readonly string[]): Promise<Map<string, string | null>> {
    const sql = 'SELECT "merge_commit_sha" FROM "pull_requests" WHERE "org" = ? AND "id" = ?';
    return this.native((native) => {
      const merge = this.statement(native, sql).pluck();
      const out = new Map<string, string | null>();
      for (const id of uniqueStrings(ids)) {
        const sha = merge.get(org, id) as string | null | undefined;
        if (sha !== undefined) out.set(id, sha);
      }
      return out;
    });
  }

  findMissingDeployments(org: string, ids: readonly string[]): Promise<string[]> {
    const sql = 'SELECT 1 FROM "deployments" WHERE "org" = ? AND "id" = ?';
    return this.native((native) => {
      const exists = this.statement(native, sql).pluck();
      return uniqueStrings(ids).filter((id) => exists.get(org, id) === undefined);
    });
  }



  listCommits(query: CommitQuery): Promise<Commit[]> {
    if (query.repositories?.length === 0) return Promise.resolve([]);
    // The hot path of every report: rows as value arrays (raw mode), repeated strings shared.
    const intern = createInterner();
    const toCommit = (values: unknown[]) => commitFromValues(values, query.org, intern);
    return this.list(queries.selectCommits(this.db, query), toCommit, true);
  }
  visitCommitGraph(query: CommitQuery, visit: (node: CommitNode) => void): Promise<number> {
    if (query.repositories?.length === 0) return Promise.resolve(0);
    // Every report's biggest read: six columns as value arrays, in table order (no sort).
    const { fromValues } = commitNodeReader();
    return this.each(queries.selectCommitGraph(this.db, query), (values: unknown[]) => visit(fromValues(values)), true);
  }

  countRecords(org?: string): Promise<RecordCounts> {
    return guardRead(this.ctx.location, () => queries.countRecords(this.db, org));
  }

  // The team server's reads and writes (server-queries.ts).
  pageChanges(query: ChangePageQuery): Promise<Commit[]> {
    return guardRead(this.ctx.location, () => server.pageChanges(this.db, query));
  }

  protected noteWritten(org: string): Promise<void> {
    this.written.add(org);
    if (!this.inTransaction) this.bumpWritten();
    return Promise.resolve();
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
  protected upsert<R, T extends keyof Database>(spec: TableSpec<R, T>, records: readonly R[]): Promise<number> {
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
  protected list<Row, R>(query: CompiledQuery<Row>, fromRow: (row: Row) => R): Promise<R[]>;
  protected list<R>(query: CompiledQuery, fromValues: (values: unknown[]) => R, raw: true): Promise<R[]>;
  protected list<R>(query: CompiledQuery, fromRow: (row: never) => R, raw = false): Promise<R[]> {
    const out: R[] = [];
    const push = (row: unknown): void => {
      out.push(fromRow(row as never));
    };
    return (raw ? this.each(query, push, true) : this.each(query, push)).then(() => out);
  }

  /** Runs the SELECT and hands each row (or, `raw`, its values) to `visit`; returns the count. */
  private each<Row>(query: CompiledQuery<Row>, visit: (row: Row) => void): Promise<number>;
  private each(query: CompiledQuery, visit: (values: unknown[]) => void, raw: true): Promise<number>;
  private each(query: CompiledQuery, visit: (row: never) => void, raw = false): Promise<number> {
    const { sql, parameters } = query;
    return this.native((native) => {
      const statement = raw ? this.statement(native, sql, 'raw') : this.statement(native, sql);
      let count = 0;
      for (const row of statement.iterate(...parameters)) {
        visit(row as never);
        count++;
      }
      return count;
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

  /** Checkpoints of the WAL on a worker thread (see background-checkpoint.ts). @internal */
  readonly checkpoints: BackgroundCheckpointer;

  private constructor(db: Kysely<Database>, ctx: SqliteContext) {
    super(db, ctx, false);
    this.location = ctx.location;
    this.checkpoints = ctx.checkpointer;
  }

  /**
   * Opens the database at `spec` (a file path, created with its folder if missing, or
   * `:memory:`). Does not migrate.
   * @throws StorageError STORAGE_NOT_SQLITE, STORAGE_OPEN_FAILED
   */
  static open(spec: string, options: { checkpointBytes?: number } = {}): SqliteStore {
    const { native, location } = openSqlite(spec);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
    const checkpointer = new BackgroundCheckpointer(location, options.checkpointBytes);
    return new SqliteStore(db, { native, location, statements: new Map(), checkpointer, openTransactions: 0 });
  }

  migrate(): Promise<MigrationOutcome[]> {
    return migrateToLatest(this.db, this.location);
  }

  /**
   * Runs `fn` in one transaction. Its commit does not checkpoint the WAL (a million-commit
   * ingest would copy 550 MB back on this thread): a worker thread does it afterwards, see
   * background-checkpoint.ts.
   */
  async transaction<T>(fn: (tx: StoreWriter & StoreReader) => Promise<T>): Promise<T> {
    const ctx = this.ctx;
    ctx.openTransactions++;
    try {
      // On a closed store guardTransaction reports the failure, as for any transaction.
      if (ctx.openTransactions === 1 && ctx.native.open) ctx.native.pragma('wal_autocheckpoint = 0');
      return await guardTransaction(
        this.location,
        (body) => this.db.transaction().execute((trx) => body(new SqliteSession(trx, ctx, true))),
        async (tx: SqliteSession) => {
          const result = await fn(tx);
          tx.bumpWritten();
          return result;
        },
      );
    } finally {
      if (--ctx.openTransactions === 0 && ctx.native.open) ctx.native.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      // After every transaction, even while others wait for the connection (a busy server).
      if (ctx.native.open) ctx.checkpointer.afterCommit();
    }
  }

  async close(): Promise<void> {
    this.ctx.statements.clear();
    // Closing checkpoints too: let a running background checkpoint finish the copy first.
    await this.ctx.checkpointer.idle();
    await this.db.destroy();
  }
}
