/**
 * The public surface of storage/: `openStore` and the contract types. Other folders import
 * storage only from here.
 */
import { PostgresStore } from './postgres/postgres-store.js';
import { isPostgresUrl } from './postgres/postgres-url.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export type {
  ApiToken,
  ApiTokenKind,
  ApiTokenRole,
  ChangePageQuery,
  CommitRef,
  DebtListQuery,
  MigrationOutcome,
  RecordCounts,
  ServiceSummary,
  Store,
  StoreReader,
  StoreWriter,
  TimeRange,
  PageQuery,
  RawPayloadQuery,
  SyncRun,
  SyncStatus,
  UptimeListQuery,
  WebhookDelivery,
} from './store.js';
export { isPostgresUrl } from './postgres/postgres-url.js';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Bring the schema up to date before returning (default true). */
  migrate?: boolean;
}

/**
 * Opens the store `spec` names: a `postgres://` or `postgresql://` URL (a PostgreSQL
 * database; the connection is tested before this returns), or else a SQLite file path
 * (created, with its folder, when missing; `:memory:` for a throwaway database).
 * Migrates unless `options.migrate` is false. Close the store when done.
 * @throws StorageError STORAGE_NOT_SQLITE (the file is something else; it is left untouched),
 *   STORAGE_OPEN_FAILED, STORAGE_BAD_URL, STORAGE_CONNECTION_FAILED (server down, wrong user
 *   or database; the message carries the URL without its password), STORAGE_MIGRATION_FAILED.
 */
export async function openStore(spec: string, options: OpenStoreOptions = {}): Promise<Store> {
  const store: Store = isPostgresUrl(spec) ? await PostgresStore.open(spec) : SqliteStore.open(spec);
  if (options.migrate ?? true) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
