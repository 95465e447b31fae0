/**
 * The team server's tables: API tokens (hashes only), webhook deliveries (idempotency by
 * delivery id) with their raw payloads (kept so mapping can be re-run), and the per-organisation
 * data version the report cache is checked against. Never edit after merge.
 *
 * The data version is split over a few counter rows per organisation, each write bumping one
 * of them: concurrent PostgreSQL writers of one organisation then rarely wait on the same row
 * lock, and the sum still grows with every write.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const required = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

export async function up(db: Kysely<unknown>): Promise<void> {
  const { key } = columnTypes(db);

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', key, (c) => c.notNull().primaryKey())
    .addColumn('token_hash', key, required)
    .addColumn('kind', 'text', required)
    .addColumn('org', key)
    .addColumn('role', 'text', required)
    .addColumn('name', 'text')
    .addColumn('created_at', 'bigint', required)
    .addColumn('expires_at', 'bigint')
    .addColumn('used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('api_tokens_token_hash_idx')
    .unique()
    .on('api_tokens')
    .column('token_hash')
    .execute();
  await db.schema
    .createIndex('api_tokens_org_idx')
    .on('api_tokens')
    .columns(['org', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('org', key, required)
    .addColumn('source', key, required)
    .addColumn('delivery_id', key, required)
    .addColumn('event', 'text', required)
    .addColumn('received_at', 'bigint', required)
    .addColumn('records', 'integer', required)
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['org', 'source', 'delivery_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_org_received_at_idx')
    .on('webhook_deliveries')
    .columns(['org', 'received_at'])
    .execute();

  // Text, not JSON: the payload is kept byte for byte as it arrived.
  await db.schema
    .createTable('raw_webhook_payloads')
    .addColumn('org', key, required)
    .addColumn('source', key, required)
    .addColumn('delivery_id', key, required)
    .addColumn('headers', 'text', required)
    .addColumn('payload', 'text', required)
    .addPrimaryKeyConstraint('raw_webhook_payloads_pk', ['org', 'source', 'delivery_id'])
    .execute();

  await db.schema
    .createTable('data_versions')
    .addColumn('org', key, required)
    .addColumn('shard', 'integer', required)
    .addColumn('version', 'bigint', required)
    .addPrimaryKeyConstraint('data_versions_pk', ['org', 'shard'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'data_versions',
    'raw_webhook_payloads',
    'webhook_deliveries',
    'api_tokens',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
