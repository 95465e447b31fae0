/**
 * Every migration, in order, provided from code rather than read from a folder so that they
 * run the same from `tsx` (src/) and from the compiled `dist/`. Add a migration by creating
 * `YYYYMMDDHHMM_<what>.ts` (up, and down when it can be undone) and listing it here.
 * @internal
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './202611270800_initial_schema.js';
import * as serverTables from './202611270830_server_tables.js';
import * as rawPayloads from './202611271030_raw_payloads.js';
import * as syncStatuses from './202611271045_sync_statuses.js';
import * as businessRecords from './202611271100_business_records.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '202611270800_initial_schema': initialSchema,
  '202611270830_server_tables': serverTables,
  '202611271030_raw_payloads': rawPayloads,
  '202611271045_sync_statuses': syncStatuses,
  '202611271100_business_records': businessRecords,
};

/** A kysely MigrationProvider over the static list above. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
