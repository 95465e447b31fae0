/**
 * The outcome of the last sync of each scope (a repository, a project, an incident service),
 * written by every sync (`panorama analyze`, `panorama sync`, the server's workers) so that the
 * server, another process, can show sync errors in `/metrics` and the API. One row per scope:
 * the last run, when it last succeeded, and how many runs in a row have failed. Never edit
 * after merge.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const required = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

export async function up(db: Kysely<unknown>): Promise<void> {
  const { key } = columnTypes(db);
  await db.schema
    .createTable('sync_statuses')
    .addColumn('org', key, required)
    .addColumn('scope', key, required)
    .addColumn('source', 'text', required)
    .addColumn('status', 'text', required)
    .addColumn('started_at', 'bigint', required)
    .addColumn('finished_at', 'bigint', required)
    .addColumn('records', 'bigint', required)
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('last_success_at', 'bigint')
    .addColumn('consecutive_failures', 'integer', required)
    .addPrimaryKeyConstraint('sync_statuses_pk', ['org', 'scope'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_statuses').execute();
}
