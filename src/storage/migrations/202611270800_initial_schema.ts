/**
 * The first schema: organisations and the records the metrics read, keyed by organisation.
 * Instants are epoch milliseconds (BIGINT: INTEGER affinity in SQLite). Never edit after merge.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const required = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

export async function up(db: Kysely<unknown>): Promise<void> {
  const { json, key } = columnTypes(db);

  await db.schema
    .createTable('organizations')
    .addColumn('id', key, (c) => c.notNull().primaryKey())
    .addColumn('name', 'text', required)
    .execute();

  await db.schema
    .createTable('repositories')
    .addColumn('org', key, required)
    .addColumn('name', key, required)
    .addColumn('default_branch', 'text', required)
    .addColumn('baseline_production_sha', 'text')
    .addColumn('url', 'text')
    .addColumn('origin_source', 'text', required)
    .addColumn('origin_raw_id', 'text')
    .addColumn('extra', json)
    .addPrimaryKeyConstraint('repositories_pk', ['org', 'name'])
    .execute();

  await db.schema
    .createTable('commits')
    .addColumn('org', key, required)
    .addColumn('repository', key, required)
    .addColumn('sha', key, required)
    .addColumn('parents', json, required)
    .addColumn('author', 'text', required)
    .addColumn('authored_at', 'bigint', required)
    .addColumn('committed_at', 'bigint', required)
    .addColumn('message', 'text')
    .addColumn('additions', 'integer')
    .addColumn('deletions', 'integer')
    .addColumn('services', json, required)
    .addColumn('origin_source', 'text', required)
    .addColumn('origin_raw_id', 'text')
    .addColumn('extra', json)
    .addPrimaryKeyConstraint('commits_pk', ['org', 'repository', 'sha'])
    .execute();
  await db.schema
    .createIndex('commits_org_repository_committed_at_idx')
    .on('commits')
    .columns(['org', 'repository', 'committed_at'])
    .execute();

  await db.schema
    .createTable('pull_requests')
    .addColumn('org', key, required)
    .addColumn('id', key, required)
    .addColumn('repository', key, required)
    .addColumn('service', key, required)
    .addColumn('number', 'integer')
    .addColumn('title', 'text')
    .addColumn('author', 'text', required)
    .addColumn('created_at', 'bigint', required)
    .addColumn('first_review_at', 'bigint')
    .addColumn('merged_at', 'bigint')
    .addColumn('merge_commit_sha', 'text')
    .addColumn('commit_shas', json, required)
    .addColumn('base_branch', 'text', required)
    .addColumn('state', 'text')
    .addColumn('reverts_pr', 'text')
    .addColumn('additions', 'integer')
    .addColumn('deletions', 'integer')
    .addColumn('url', 'text')
    .addColumn('origin_source', 'text', required)
    .addColumn('origin_raw_id', 'text')
    .addColumn('extra', json)
    .addPrimaryKeyConstraint('pull_requests_pk', ['org', 'id'])
    .execute();
  await db.schema
    .createIndex('pull_requests_org_service_created_at_idx')
    .on('pull_requests')
    .columns(['org', 'service', 'created_at'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('org', key, required)
    .addColumn('id', key, required)
    .addColumn('service', key, required)
    .addColumn('repository', key, required)
    .addColumn('environment', 'text', required)
    .addColumn('original_environment', 'text', required)
    .addColumn('status', 'text', required)
    .addColumn('original_status', 'text', required)
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint', required)
    .addColumn('commit_sha', 'text', required)
    .addColumn('kind', 'text', required)
    .addColumn('trigger', 'text', required)
    .addColumn('remediates_deployment_id', 'text')
    .addColumn('inferences', json, required)
    .addColumn('url', 'text')
    .addColumn('origin_source', 'text', required)
    .addColumn('origin_raw_id', 'text')
    .addColumn('extra', json)
    .addPrimaryKeyConstraint('deployments_pk', ['org', 'id'])
    .execute();
  await db.schema
    .createIndex('deployments_org_service_finished_at_idx')
    .on('deployments')
    .columns(['org', 'service', 'finished_at'])
    .execute();
  await db.schema
    .createIndex('deployments_org_finished_at_idx')
    .on('deployments')
    .columns(['org', 'finished_at'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('org', key, required)
    .addColumn('id', key, required)
    .addColumn('service', key, required)
    .addColumn('title', 'text')
    .addColumn('started_at', 'bigint', required)
    .addColumn('detected_at', 'bigint')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('caused_by_deployment_id', 'text')
    .addColumn('severity', 'text')
    .addColumn('inferences', json, required)
    .addColumn('url', 'text')
    .addColumn('origin_source', 'text', required)
    .addColumn('origin_raw_id', 'text')
    .addColumn('extra', json)
    .addPrimaryKeyConstraint('incidents_pk', ['org', 'id'])
    .execute();
  await db.schema
    .createIndex('incidents_org_service_started_at_idx')
    .on('incidents')
    .columns(['org', 'service', 'started_at'])
    .execute();

  await db.schema
    .createTable('sync_states')
    .addColumn('org', key, required)
    .addColumn('scope', key, required)
    .addColumn('cursor', json, required)
    .addColumn('updated_at', 'bigint', required)
    .addPrimaryKeyConstraint('sync_states_pk', ['org', 'scope'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sync_states',
    'incidents',
    'deployments',
    'pull_requests',
    'commits',
    'repositories',
    'organizations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
