/**
 * Raw payloads of the API connectors (GitHub, GitLab, PagerDuty): every object exactly as
 * fetched, so mapping can be re-run without refetching (ARCHITECTURE.md: raw store → map →
 * domain records). One table keyed by (org, source, entity, key) rather than a table per source
 * and entity (STYLE.md's `raw_<source>_<entity>`): every connector writes the same four keys and
 * a JSON body, so one table with the source and entity as columns serves them all with one
 * upsert and one index, and a new connector needs no migration. Never edit after merge.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const required = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

export async function up(db: Kysely<unknown>): Promise<void> {
  const { key, json } = columnTypes(db);
  await db.schema
    .createTable('raw_payloads')
    .addColumn('org', key, required)
    .addColumn('source', key, required)
    .addColumn('entity', key, required)
    .addColumn('key', key, required)
    .addColumn('payload', json, required)
    .addColumn('fetched_at', 'bigint', required)
    .addPrimaryKeyConstraint('raw_payloads_pk', ['org', 'source', 'entity', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('raw_payloads').execute();
}
