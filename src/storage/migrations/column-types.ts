/**
 * Dialect-aware column types for migrations, so that one set of migrations serves SQLite and
 * PostgreSQL. Migrations are never edited after merge, so this file only ever grows: changing
 * what an existing key returns would change what old migrations create.
 * @internal
 */
import { PostgresAdapter, sql, type Expression, type Kysely } from 'kysely';

/** The column types a migration picks from. */
export interface ColumnTypes {
  /**
   * JSON values: JSONB in PostgreSQL. TEXT in SQLite, where a declared type of `json` would get
   * NUMERIC affinity and turn JSON text such as `12` into a number.
   */
  json: 'jsonb' | 'text';
  /**
   * Text that keys, filters and orders rows (ids, names, shas): `COLLATE "C"` in PostgreSQL so
   * it sorts by code point exactly like SQLite's default BINARY collation, whatever the
   * database's locale. Lists then come back in the same order from both databases.
   */
  key: 'text' | Expression<unknown>;
}

/** The column types for the database `db` talks to. */
export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return { json: 'jsonb', key: sql`text collate "C"` };
  }
  return { json: 'text', key: 'text' };
}
