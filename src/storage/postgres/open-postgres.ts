/**
 * Opens the pool behind a PostgresStore and proves it works: openStore fails fast, with the
 * reason, when the server is down or the user or database is wrong.
 * @internal
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { connectionFailed, describeError } from '../storage-errors.js';
import type { Database } from '../tables.js';
import { parsePostgresUrl, scrubSecrets } from './postgres-url.js';

/** How long to wait for a connection before giving up. */
const CONNECT_TIMEOUT_MS = 5_000;

const TYPE_INT8 = 20;
const TYPE_JSON = 114;
const TYPE_JSONB = 3802;
const identity = (text: string): string => text;

/**
 * Type parsers for this pool only (not pg's global ones, which other code may rely on):
 * BIGINT instants and counts come back as numbers (epoch ms fit a double exactly), and JSON
 * columns as their text, so one row mapper (rows.ts) serves SQLite and PostgreSQL.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TYPE_INT8) return Number;
    if (oid === TYPE_JSON || oid === TYPE_JSONB) return identity;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** An open, tested PostgreSQL database. */
export interface OpenedPostgres {
  db: Kysely<Database>;
  /** The URL without its password. */
  location: string;
  /** The schema tables are created in (the first existing one on the search_path). */
  schema: string | undefined;
}

/**
 * Opens a pool on `spec` (a `postgres://` URL; `?options=-c search_path=...` picks a schema)
 * and runs one query through it.
 * @throws StorageError STORAGE_BAD_URL, STORAGE_CONNECTION_FAILED
 */
export async function openPostgres(spec: string): Promise<OpenedPostgres> {
  const { connectionString, location, secrets } = parsePostgresUrl(spec);
  const pool = new pg.Pool({
    connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    max: 10,
    types,
  });
  pool.on('error', (error) => {
    // An idle connection died (server restart, network). The pool has already dropped it and
    // the next query opens a new one; say so, since there is no caller to throw to.
    process.emitWarning(
      `PostgreSQL connection to ${location} dropped while idle: ${scrubSecrets(describeError(error), secrets)}`,
    );
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { rows } = await sql<{
      schema: string | null;
    }>`select current_schema() as schema`.execute(db);
    return { db, location, schema: rows[0]?.schema ?? undefined };
  } catch (error) {
    await db.destroy();
    throw connectionFailed(location, error, scrubSecrets(describeError(error), secrets));
  }
}
