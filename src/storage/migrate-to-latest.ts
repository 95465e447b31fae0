/**
 * Brings a database's schema up to date with kysely's Migrator and the static migration list.
 * Shared by both stores.
 * @internal
 */
import { Migrator, type Kysely } from 'kysely';
import { ERROR_CODES } from '../shared/error-codes.js';
import { StorageError } from '../shared/errors.js';
import { migrationProvider } from './migrations/index.js';
import type { MigrationOutcome } from './store.js';
import { describeError } from './storage-errors.js';
import type { Database } from './tables.js';

/**
 * Runs every pending migration; an up-to-date database yields no outcomes. On PostgreSQL,
 * `schema` names the schema that holds kysely's bookkeeping tables (the connection's
 * current schema): kysely looks them up across all schemas otherwise, and would mistake
 * another schema's for ours.
 * @throws StorageError STORAGE_MIGRATION_FAILED, with the outcomes in `details.outcomes`.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  location: string,
  schema?: string,
): Promise<MigrationOutcome[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  let result: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    result = await migrator.migrateToLatest();
  } catch (error) {
    result = { error };
  }
  const outcomes = (result.results ?? []).map((r) => ({
    migrationName: r.migrationName,
    status: r.status,
  }));
  if (result.error !== undefined) {
    const failed = outcomes.find((o) => o.status === 'Error')?.migrationName;
    throw new StorageError(
      ERROR_CODES.STORAGE_MIGRATION_FAILED,
      `Could not bring the database at ${location} up to date` +
        `${failed === undefined ? '' : ` (migration ${failed} failed)`}: ${describeError(result.error)}. ` +
        'The database is left at its last complete migration. Check that it is writable and was ' +
        'not written by a newer version of Panorama.',
      { cause: result.error, details: { outcomes } },
    );
  }
  return outcomes;
}
