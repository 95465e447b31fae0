/**
 * The row shapes of Panorama's tables as kysely sees them: snake_case columns, instants as epoch
 * milliseconds (INTEGER in SQLite, BIGINT in PostgreSQL, read back as numbers), JSON columns as
 * their JSON text (TEXT in SQLite, JSONB in PostgreSQL, read back as text on both so one mapper
 * serves both). Every row but an organisation's carries its organisation in `org`.
 * @internal
 */

/** `organizations`: primary key (id). */
export interface OrganizationsTable {
  id: string;
  name: string;
}

/** `repositories`: primary key (org, name). */
export interface RepositoriesTable {
  org: string;
  name: string;
  default_branch: string;
  baseline_production_sha: string | null;
  url: string | null;
  origin_source: string;
  origin_raw_id: string | null;
  extra: string | null;
}

/** `commits`: primary key (org, repository, sha). `parents` and `services` are JSON arrays. */
export interface CommitsTable {
  org: string;
  repository: string;
  sha: string;
  parents: string;
  author: string;
  authored_at: number;
  committed_at: number;
  message: string | null;
  additions: number | null;
  deletions: number | null;
  services: string;
  origin_source: string;
  origin_raw_id: string | null;
  extra: string | null;
}

/** `pull_requests`: primary key (org, id). `commit_shas` is a JSON array. */
export interface PullRequestsTable {
  org: string;
  id: string;
  repository: string;
  service: string;
  number: number | null;
  title: string | null;
  author: string;
  created_at: number;
  first_review_at: number | null;
  merged_at: number | null;
  merge_commit_sha: string | null;
  commit_shas: string;
  base_branch: string;
  state: string | null;
  reverts_pr: string | null;
  additions: number | null;
  deletions: number | null;
  url: string | null;
  origin_source: string;
  origin_raw_id: string | null;
  extra: string | null;
}

/** `deployments`: primary key (org, id). `inferences` is a JSON array. */
export interface DeploymentsTable {
  org: string;
  id: string;
  service: string;
  repository: string;
  environment: string;
  original_environment: string;
  status: string;
  original_status: string;
  started_at: number | null;
  finished_at: number;
  commit_sha: string;
  kind: string;
  trigger: string;
  remediates_deployment_id: string | null;
  inferences: string;
  url: string | null;
  origin_source: string;
  origin_raw_id: string | null;
  extra: string | null;
}

/** `incidents`: primary key (org, id). `inferences` is a JSON array. */
export interface IncidentsTable {
  org: string;
  id: string;
  service: string;
  title: string | null;
  started_at: number;
  detected_at: number | null;
  acknowledged_at: number | null;
  resolved_at: number | null;
  caused_by_deployment_id: string | null;
  severity: string | null;
  inferences: string;
  url: string | null;
  origin_source: string;
  origin_raw_id: string | null;
  extra: string | null;
}

/** `sync_states`: primary key (org, scope). `cursor` is any JSON value. */
export interface SyncStatesTable {
  org: string;
  scope: string;
  cursor: string;
  updated_at: number;
}

/** `api_tokens`: primary key (id); `token_hash` unique. Only the SHA-256 of a token is kept. */
export interface ApiTokensTable {
  id: string;
  token_hash: string;
  kind: string;
  /** Null: every organisation. */
  org: string | null;
  role: string;
  name: string | null;
  created_at: number;
  expires_at: number | null;
  used_at: number | null;
  revoked_at: number | null;
}

/** `webhook_deliveries`: primary key (org, source, delivery_id). */
export interface WebhookDeliveriesTable {
  org: string;
  source: string;
  delivery_id: string;
  event: string;
  received_at: number;
  records: number;
}

/** `raw_webhook_payloads`: primary key (org, source, delivery_id). Text as received. */
export interface RawWebhookPayloadsTable {
  org: string;
  source: string;
  delivery_id: string;
  /** JSON object of the non-secret headers the mapping reads. */
  headers: string;
  payload: string;
}

/** `raw_payloads`: primary key (org, source, entity, key). JSON text of the payload. */
export interface RawPayloadsTable {
  org: string;
  source: string;
  entity: string;
  key: string;
  payload: string;
  fetched_at: number;
}

/** `sync_statuses`: primary key (org, scope): the last sync of each scope. */
export interface SyncStatusesTable {
  org: string;
  scope: string;
  source: string;
  status: string;
  started_at: number;
  finished_at: number;
  records: number;
  error_code: string | null;
  error_message: string | null;
  last_success_at: number | null;
  consecutive_failures: number;
}

/** `data_versions`: primary key (org, shard); an organisation's version is the sum. */
export interface DataVersionsTable {
  org: string;
  shard: number;
  version: number;
}

/** `uptime_samples`: primary key (org, service, at). */
export interface UptimeSamplesTable {
  org: string;
  service: string;
  at: number;
  good: number;
  total: number;
  source: string;
}

/** `debt_items`: primary key (org, id). `incident_ids` and `pull_request_ids` are JSON arrays. */
export interface DebtItemsTable {
  org: string;
  id: string;
  service: string;
  title: string;
  interest_hours_per_month: number;
  principal_hours: number;
  created_at: number;
  resolved_at: number | null;
  incident_ids: string;
  pull_request_ids: string;
  url: string | null;
  source: string;
  extra: string | null;
}

/** Every table, by name: the kysely database type. */
export interface Database {
  organizations: OrganizationsTable;
  repositories: RepositoriesTable;
  commits: CommitsTable;
  pull_requests: PullRequestsTable;
  deployments: DeploymentsTable;
  incidents: IncidentsTable;
  sync_states: SyncStatesTable;
  api_tokens: ApiTokensTable;
  webhook_deliveries: WebhookDeliveriesTable;
  raw_webhook_payloads: RawWebhookPayloadsTable;
  data_versions: DataVersionsTable;
  raw_payloads: RawPayloadsTable;
  sync_statuses: SyncStatusesTable;
  uptime_samples: UptimeSamplesTable;
  debt_items: DebtItemsTable;
}
