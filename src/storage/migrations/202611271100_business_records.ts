/**
 * The business records the translator reads besides delivery data: availability samples from
 * uptime checks or load balancers (`uptime_samples`) and the technical-debt register
 * (`debt_items`). Hours are fractional, so they are `double precision` (REAL in SQLite);
 * request counts can pass 2^31 in a month, so they are `bigint`. Never edit after merge.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const required = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

export async function up(db: Kysely<unknown>): Promise<void> {
  const { key, json } = columnTypes(db);
  await db.schema
    .createTable('uptime_samples')
    .addColumn('org', key, required)
    .addColumn('service', key, required)
    .addColumn('at', 'bigint', required)
    .addColumn('good', 'bigint', required)
    .addColumn('total', 'bigint', required)
    .addColumn('source', key, required)
    .addPrimaryKeyConstraint('uptime_samples_pk', ['org', 'service', 'at'])
    .execute();
  // Lists of every service of an organisation go by time.
  await db.schema.createIndex('uptime_samples_org_at').on('uptime_samples').columns(['org', 'at']).execute();

  await db.schema
    .createTable('debt_items')
    .addColumn('org', key, required)
    .addColumn('id', key, required)
    .addColumn('service', key, required)
    .addColumn('title', 'text', required)
    .addColumn('interest_hours_per_month', 'double precision', required)
    .addColumn('principal_hours', 'double precision', required)
    .addColumn('created_at', 'bigint', required)
    .addColumn('resolved_at', 'bigint')
    .addColumn('incident_ids', json, required)
    .addColumn('pull_request_ids', json, required)
    .addColumn('url', 'text')
    .addColumn('source', key, required)
    .addColumn('extra', json)
    .addPrimaryKeyConstraint('debt_items_pk', ['org', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('debt_items').execute();
  await db.schema.dropTable('uptime_samples').execute();
}
