/**
 * The PostgreSQL store: a pg Pool behind kysely's PostgresDialect, for the team server.
 * Small queries go through kysely (kysely-queries.ts). The bulk paths send one statement per
 * chunk of rows, each column as one array parameter (`INSERT ... SELECT * FROM unnest(...)`,
 * `JOIN unnest(...)`), as raw compiled queries on the store's or the transaction's connection.
 */
import { CompiledQuery, type Kysely } from 'kysely';
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
  commitFromRow,
  createInterner,
  lastRowPerKey,
  uniqueRefs,
  uniqueStrings,
  type ColumnKind,
  type CommitListRow,
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
import { openPostgres } from './open-postgres.js';

/** Rows per upsert statement: large enough to amortise the round trip, small enough to stream. */
const UPSERT_CHUNK = 2_000;
/** Keys per lookup statement in findMissing*. */
const LOOKUP_CHUNK = 10_000;
/** Rows per FETCH when a list streams through a cursor. */
const FETCH_SIZE = 10_000;
/** Cursor names only need to be unique per connection; a counter per process does that. */
let cursorCount = 0;

const ARRAY_TYPE: Record<ColumnKind, string> = {
  text: 'text[]',
  integer: 'integer[]',
  bigint: 'bigint[]',
  json: 'jsonb[]',
  double: 'double precision[]',
};

/** What a store and its transactions share. */
interface PostgresContext {
  readonly location: string;
}

/** The reads and writes, on the store itself or inside one transaction. */
class PostgresSession extends KyselySession implements StoreReader, StoreWriter {
  /** Organisations written in this transaction: their data version is bumped before commit. */
  private readonly written = new Set<string>();

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly ctx: PostgresContext,
    private readonly inTransaction: boolean,
  ) {
    super();
  }


  findMissingCommits(org: string, refs: readonly CommitRef[]): Promise<CommitRef[]> {
    const sql =
      'SELECT c."repository", c."sha" FROM "commits" c ' +
      'JOIN unnest($2::text[], $3::text[]) AS r("repository", "sha") ' +
      'ON c."repository" = r."repository" AND c."sha" = r."sha" WHERE c."org" = $1';
    const wanted = uniqueRefs(refs);
    return guardRead(this.ctx.location, async () => {
      const found = new Set<string>();
      for (const part of chunks(wanted, LOOKUP_CHUNK)) {
        const params = [org, part.map((r) => r.repository), part.map((r) => r.sha)];
        const rows = await this.raw<CommitRef>(sql, params);
        for (const r of rows) found.add(`${r.repository}\u0000${r.sha}`);
      }
      return wanted.filter((r) => !found.has(`${r.repository}\u0000${r.sha}`));
    });
  }

  findPullRequestMerges(org: string, ids: readonly string[]): Promise<Map<string, string | null>> {
    const sql =
      'SELECT p."id", p."merge_commit_sha" FROM "pull_requests" p JOIN unnest($2::text[]) AS w("id") ON p."id" = w."id" WHERE p."org" = $1';
    const wanted = uniqueStrings(ids);
    return guardRead(this.ctx.location, async () => {
      const out = new Map<string, string | null>();
      for (const part of chunks(wanted, LOOKUP_CHUNK)) {
        for (const r of await this.raw<{ id: string; merge_commit_sha: string | null }>(sql, [org, part])) out.set(r.id, r.merge_commit_sha);
      }
      return out;
    });
  }

  findMissingDeployments(org: string, ids: readonly string[]): Promise<string[]> {
    const sql = 'SELECT d."id" FROM "deployments" d JOIN unnest($2::text[]) AS w("id") ON d."id" = w."id" WHERE d."org" = $1';
    const wanted = uniqueStrings(ids);
    return guardRead(this.ctx.location, async () => {
      const found = new Set<string>();
      for (const part of chunks(wanted, LOOKUP_CHUNK)) {
        for (const r of await this.raw<{ id: string }>(sql, [org, part])) found.add(r.id);
      }
      return wanted.filter((id) => !found.has(id));
    });
  }



  listCommits(query: CommitQuery): Promise<Commit[]> {
    if (query.repositories?.length === 0) return Promise.resolve([]);
    // The hot path of every report: repeated strings shared across the million records.
    const intern = createInterner();
    const toCommit = (row: CommitListRow) => commitFromRow(row, query.org, intern);
    return this.list(queries.selectCommits(this.db, query), toCommit);
  }
  visitCommitGraph(query: CommitQuery, visit: (node: CommitNode) => void): Promise<number> {
    if (query.repositories?.length === 0) return Promise.resolve(0);
    // Every report's biggest read: six columns, in table order (no sort of a million rows).
    const { fromRow } = commitNodeReader();
    return this.each(queries.selectCommitGraph(this.db, query), (row) => visit(fromRow(row)));
  }

  countRecords(org?: string): Promise<RecordCounts> {
    return guardRead(this.ctx.location, () => queries.countRecords(this.db, org));
  }

  /** Runs raw SQL with `$n` parameters on this session's connection (the transaction's, if any). */
  private async raw<Row>(sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.executeQuery(CompiledQuery.raw(sql, [...parameters]) as CompiledQuery<Row>);
    return result.rows;
  }

  /**
   * Writes every record, a chunk per statement, all in one transaction (the caller's, or one
   * of its own when there is more than one chunk). Repeated keys: the last record wins.
   */
  protected upsert<R, T extends keyof Database>(spec: TableSpec<R, T>, records: readonly R[]): Promise<number> {
    if (records.length === 0) return Promise.resolve(0);
    const sql = upsertSql(spec);
    const rows = lastRowPerKey(records.map(spec.toRow), spec.key);
    const parts = chunks(rows, UPSERT_CHUNK);
    const writeAll = async (session: PostgresSession) => {
      for (const part of parts) {
        await session.raw(sql, spec.columns.map(([name]) => part.map((row) => row[name])));
      }
    };
    for (const row of rows) this.written.add((row as { org: string }).org);
    return guardWrite(`upsert ${records.length} ${spec.table}`, this.ctx.location, async () => {
      // In a transaction the data version is bumped before its commit; otherwise right after
      // the rows commit (a version read in between only sees newer data, never staler).
      if (this.inTransaction) await writeAll(this);
      else if (parts.length === 1) await writeAll(this).then(() => this.bumpWritten());
      else {
        await this.db.transaction().execute(async (trx) => {
          const session = new PostgresSession(trx, this.ctx, true);
          await writeAll(session);
          this.written.forEach((org) => session.written.add(org));
          this.written.clear();
          await session.bumpWritten();
        });
      }
      return records.length;
    });
  }

  // The team server's reads and writes (server-queries.ts).
  pageChanges(query: ChangePageQuery): Promise<Commit[]> {
    return guardRead(this.ctx.location, () => server.pageChanges(this.db, query));
  }

  protected async noteWritten(org: string): Promise<void> {
    this.written.add(org);
    if (!this.inTransaction) await this.bumpWritten();
  }

  /**
   * Bumps the data version of the organisations written, on a random one of each
   * organisation's counter rows: concurrent writers rarely wait on one row lock.
   */
  async bumpWritten(): Promise<void> {
    const orgs = [...this.written];
    this.written.clear();
    await server.bumpDataVersions(
      this.db,
      orgs,
      Math.floor(Math.random() * server.DATA_VERSION_SHARDS),
    );
  }

  /**
   * Streams a list through a server-side cursor, FETCH_SIZE rows at a time, so a million
   * rows never sit in memory as pg rows and records at once. A cursor needs a transaction:
   * the caller's, or a read-only one of its own.
   */
  protected list<Row, R>(query: CompiledQuery<Row>, fromRow: (row: Row) => R): Promise<R[]> {
    const out: R[] = [];
    return this.each(query, (row) => out.push(fromRow(row))).then(() => out);
  }

  /** Runs the SELECT through a cursor and hands each row to `visit`; returns the count. */
  private each<Row>(query: CompiledQuery<Row>, visit: (row: Row) => void): Promise<number> {
    const cursor = `panorama_list_${++cursorCount}`;
    const read = async (session: PostgresSession) => {
      await session.raw(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${query.sql}`, query.parameters);
      let count = 0;
      const fetch = () => {
        const next = session.raw<Row>(`FETCH FORWARD ${FETCH_SIZE} FROM ${cursor}`, []);
        next.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
        return next;
      };
      // The next FETCH is sent before this one's rows are mapped: the server reads while we map.
      let pending = fetch();
      for (;;) {
        const rows = await pending;
        const more = rows.length === FETCH_SIZE;
        if (more) pending = fetch();
        for (const row of rows) visit(row);
        count += rows.length;
        if (!more) break;
      }
      await session.raw(`CLOSE ${cursor}`, []);
      return count;
    };
    return guardRead(this.ctx.location, () =>
      this.inTransaction
        ? read(this)
        : this.db.transaction().setAccessMode('read only').execute((trx) => read(new PostgresSession(trx, this.ctx, true))),
    );
  }
}

/**
 * `INSERT ... SELECT * FROM unnest($1::text[], ...) ON CONFLICT (key) DO UPDATE` every other
 * column, skipping rows whose stored values are already the same (no dead tuple, no WAL).
 */
function upsertSql<R, T extends keyof Database>(spec: TableSpec<R, T>): string {
  const quote = (n: string) => `"${n}"`;
  const names = spec.columns.map(([name]) => name);
  const others = names.filter((n) => !spec.key.includes(n));
  const arrays = spec.columns.map(([, kind], i) => `$${i + 1}::${ARRAY_TYPE[kind]}`);
  return (
    `INSERT INTO "${spec.table}" (${names.map(quote).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ` +
    `ON CONFLICT (${spec.key.map(quote).join(', ')}) DO UPDATE SET ` +
    others.map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ') +
    ` WHERE (${others.map((n) => `"${spec.table}"."${n}"`).join(', ')}) IS DISTINCT FROM ` +
    `(${others.map((n) => `EXCLUDED."${n}"`).join(', ')})`
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A Store on a PostgreSQL database. Open it with `openStore` (index.ts). */
export class PostgresStore extends PostgresSession implements Store {
  readonly kind = 'postgres' as const;
  readonly location: string;
  readonly #schema: string | undefined;

  private constructor(db: Kysely<Database>, location: string, schema: string | undefined) {
    super(db, { location }, false);
    this.location = location;
    this.#schema = schema;
  }

  /**
   * Connects to the database at `url` and checks the connection. Does not migrate.
   * @throws StorageError STORAGE_BAD_URL, STORAGE_CONNECTION_FAILED
   */
  static async open(url: string): Promise<PostgresStore> {
    const { db, location, schema } = await openPostgres(url);
    return new PostgresStore(db, location, schema);
  }

  migrate(): Promise<MigrationOutcome[]> {
    return migrateToLatest(this.db, this.location, this.#schema);
  }

  transaction<T>(fn: (tx: StoreWriter & StoreReader) => Promise<T>): Promise<T> {
    return guardTransaction(
      this.location,
      (body) => this.db.transaction().execute((trx) => body(new PostgresSession(trx, this.ctx, true))),
      async (tx: PostgresSession) => {
        const result = await fn(tx);
        await tx.bumpWritten();
        return result;
      },
    );
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
