/**
 * The storage contract: a narrow, domain-shaped interface with two implementations, SQLite
 * (`sqlite/sqlite-store.ts`, the embedded default) and PostgreSQL (`postgres/postgres-store.ts`,
 * the team server). The same contract suite (test/integration/store-contract.test.ts) runs on
 * both. Only `storage/` knows SQL.
 *
 * Every upsert is idempotent, keyed by the record's domain key within its organisation:
 * writing the same record twice leaves one row with the same content.
 * Times are instants (epoch ms) in and out.
 */
import type {
  Commit,
  CommitNode,
  DebtItem,
  Deployment,
  Incident,
  Instant,
  Organization,
  PullRequest,
  PullRequestFacts,
  RawPayload,
  Repository,
  UptimeSample,
} from '../domain/index.js';

/** The outcome of one migration, like kysely's MigrationResult. */
export interface MigrationOutcome {
  migrationName: string;
  status: 'Success' | 'Error' | 'NotExecuted';
}

/** A time filter, half-open `[from, to)`, on the field each list method names. */
export interface TimeRange {
  from?: Instant;
  to?: Instant;
}

export interface ServiceSummary {
  name: string;
  /** Repositories the service deploys from or has pull requests in. */
  repositories: string[];
  deployments: number;
  incidents: number;
}

/** How one sync of one scope ended (`panorama analyze`, `panorama sync`, a worker's job). */
export interface SyncRun {
  org: string;
  /** The scope's sync-state key (`git:/abs/path`, `github:acme/api`). */
  scope: string;
  /** `git`, `github`, `gitlab`, `pagerduty`. */
  source: string;
  status: 'ok' | 'failed' | 'skipped';
  startedAt: Instant;
  finishedAt: Instant;
  /** Records written. */
  records: number;
  /** The error of a failed run: its stable code and its message (never a secret). */
  errorCode: string | null;
  errorMessage: string | null;
}

/** The last sync of a scope, when it last succeeded and how many runs in a row failed. */
export interface SyncStatus extends SyncRun {
  lastSuccessAt: Instant | null;
  consecutiveFailures: number;
}

/** Which raw payloads to list. */
export interface RawPayloadQuery {
  org: string;
  source: string;
  entity?: string;
}

/** Which uptime samples to list: one organisation, one service or all, `range` on `at`. */
export interface UptimeListQuery {
  org: string;
  service?: string;
  range?: TimeRange;
}

/** Which debt items to list: one organisation, one service or all. */
export interface DebtListQuery {
  org: string;
  service?: string;
}

/** Row counts per table, for one organisation or all. */
export interface RecordCounts {
  organizations: number;
  repositories: number;
  commits: number;
  pullRequests: number;
  deployments: number;
  incidents: number;
}

/** A commit reference (repository + sha) that a record points to. */
export interface CommitRef {
  repository: string;
  sha: string;
}

/** The write half of the store; inside `transaction` all writes land together or not at all. */
export interface StoreWriter extends ServerStoreWriter {
  /** Creates the organisation or updates its name. */
  upsertOrganization(org: Organization): Promise<void>;
  /** Each returns the number of records given (all written, inserted or updated in place). */
  upsertRepositories(rows: readonly Repository[]): Promise<number>;
  upsertCommits(rows: readonly Commit[]): Promise<number>;
  upsertPullRequests(rows: readonly PullRequest[]): Promise<number>;
  upsertDeployments(rows: readonly Deployment[]): Promise<number>;
  upsertIncidents(rows: readonly Incident[]): Promise<number>;
  /**
   * Removes deployments by id (a source says they no longer exist: a deleted tag); returns how
   * many were stored. Call it in a transaction with the writes it goes with.
   */
  removeDeployments(org: string, ids: readonly string[]): Promise<number>;
  /** The refs (deduplicated, in input order) whose commit is not stored for `org`. */
  findMissingCommits(org: string, refs: readonly CommitRef[]): Promise<CommitRef[]>;
  /** The ids (deduplicated, in input order) of deployments not stored for `org`. */
  findMissingDeployments(org: string, ids: readonly string[]): Promise<string[]>;
  /** The merge commit of each pull request of `ids` stored for `org` (ids not stored are absent). */
  findPullRequestMerges(org: string, ids: readonly string[]): Promise<Map<string, string | null>>;
  /** Stores API payloads as fetched (a refetch of the same object replaces it). */
  upsertRawPayloads(rows: readonly RawPayload[]): Promise<number>;
  /** Uptime samples, keyed by (org, service, at): a later sample for the same instant replaces it. */
  upsertUptimeSamples(rows: readonly UptimeSample[]): Promise<number>;
  /** Debt register items, keyed by (org, id): writing an item again replaces it (e.g. resolving it). */
  upsertDebtItems(rows: readonly DebtItem[]): Promise<number>;
  /**
   * Records how a sync of a scope ended: the scope's status becomes this run, its failure count
   * grows by one on `failed` and drops to 0 on `ok` (a `skipped` run leaves it), and
   * `lastSuccessAt` moves to an `ok` run's end.
   */
  recordSyncRun(run: SyncRun): Promise<void>;
  /** Stores a connector's incremental cursor for one scope (`git:/path/to/repo`). */
  setSyncState(org: string, scope: string, cursor: unknown): Promise<void>;
}

/** Reads. Lists are ordered deterministically (by time, then id). */
export interface StoreReader extends ServerStoreReader {
  listOrganizations(): Promise<Organization[]>;
  getOrganization(id: string): Promise<Organization | null>;
  listServices(org: string): Promise<ServiceSummary[]>;
  listRepositories(org: string): Promise<Repository[]>;
  /** Commits of the given repositories (all of the organisation's when omitted), by committedAt. */
  listCommits(query: { org: string; repositories?: readonly string[] }): Promise<Commit[]>;
  /**
   * The commit graph a report reads: the CommitNode of every commit of the given repositories
   * (all of the organisation's when omitted; none for an empty list), in no particular order.
   * Lean on purpose: a report reads a million of them.
   */
  listCommitGraph(query: {
    org: string;
    repositories?: readonly string[];
  }): Promise<CommitNode[]>;
  /**
   * `listCommitGraph` without the list: hands each CommitNode to `visit` as it is read (the
   * node is the visitor's to keep or drop), and returns how many there were. What reports use,
   * so that a million nodes are never all alive at once.
   */
  visitCommitGraph(
    query: { org: string; repositories?: readonly string[] },
    visit: (node: CommitNode) => void,
  ): Promise<number>;
  /**
   * What a report reads of every pull request of the organisation (PullRequestFacts), in no
   * particular order: without titles, authors, origins or extra fields (but `created_at_source`).
   * Lean on purpose: a report reads hundreds of thousands of them. With `mergedRange`, only
   * those merged within it (`from` inclusive, `to` exclusive): what flow metrics count.
   */
  listPullRequestFacts(query: { org: string; mergedRange?: TimeRange }): Promise<PullRequestFacts[]>;
  /**
   * The services the organisation's pull requests name, sorted, without '' (a PR naming no
   * service): what a report needs of the pull requests it does not read (`mergedRange`).
   */
  listPullRequestServices(org: string): Promise<string[]>;
  /** Pull requests by createdAt; `range` filters on createdAt. */
  listPullRequests(query: { org: string; service?: string; range?: TimeRange }): Promise<PullRequest[]>;
  /** Deployments by finishedAt; `range` filters on finishedAt. */
  listDeployments(query: { org: string; service?: string; range?: TimeRange }): Promise<Deployment[]>;
  /** The ids of the deployments of one repository written by one source (`git`). */
  listDeploymentIds(query: { org: string; repository: string; source: string }): Promise<string[]>;
  /** Incidents by startedAt; `range` filters on startedAt. */
  listIncidents(query: { org: string; service?: string; range?: TimeRange }): Promise<Incident[]>;
  getSyncState(org: string, scope: string): Promise<unknown>;
  /** The status of every synced scope of one organisation (or all), by org then scope. */
  listSyncStatuses(org?: string): Promise<SyncStatus[]>;
  /** The raw payloads of one source (and entity), by entity then key: what a re-map reads. */
  listRawPayloads(query: RawPayloadQuery): Promise<RawPayload[]>;
  /** Uptime samples by `at`, then service; `range` filters on `at`. */
  listUptimeSamples(query: UptimeListQuery): Promise<UptimeSample[]>;
  /** Debt items by createdAt, then id (open and resolved alike). */
  listDebtItems(query: DebtListQuery): Promise<DebtItem[]>;
  countRecords(org?: string): Promise<RecordCounts>;
}

export interface Store extends StoreReader, StoreWriter {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, safe to print (a path, or a URL without its password). */
  readonly location: string;
  /** Brings the schema up to date; safe to call on every start. */
  migrate(): Promise<MigrationOutcome[]>;
  /** Runs `fn` in one transaction: its writes all land, or (if it throws) none do. */
  transaction<T>(fn: (tx: StoreWriter & StoreReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The team server's storage (server/): API tokens, webhook deliveries, record pages and the
// data version that invalidates cached reports.

/** What a token may do: read (`viewer`), or also administer (`admin`). */
export type ApiTokenRole = 'viewer' | 'admin';

/**
 * `api`: made by `panorama token create`; `login`: the single-use link `panorama serve` prints;
 * `session`: the browser session a login link opens.
 */
export type ApiTokenKind = 'api' | 'login' | 'session';

/** A stored API token: never the token itself, only its SHA-256. */
export interface ApiToken {
  /** Public id (`tok_` + 12 hex), safe to print and to revoke by. */
  id: string;
  /** Hex SHA-256 of the token. Unique. */
  tokenHash: string;
  kind: ApiTokenKind;
  /** The one organisation it may see; null for every organisation. */
  org: string | null;
  role: ApiTokenRole;
  name: string | null;
  createdAt: Instant;
  /** Null: never expires. */
  expiresAt: Instant | null;
  /** When a single-use (login) token was used; null until then. */
  usedAt: Instant | null;
  revokedAt: Instant | null;
}

/** A webhook delivery and its raw payload, stored once per (org, source, deliveryId). */
export interface WebhookDelivery {
  org: string;
  /** `github`, `gitlab`, `cdevents`, `generic`. */
  source: string;
  /** The sender's delivery id (X-GitHub-Delivery, CloudEvents id, ...): the idempotency key. */
  deliveryId: string;
  /** The event type (`deployment_status`, `dev.cdevents.service.deployed.0.3.0`, ...). */
  event: string;
  receivedAt: Instant;
  /** How many domain records it mapped to. */
  records: number;
  /** The non-secret headers mapping reads (event type, CloudEvents attributes). */
  headers: Record<string, string>;
  /** The body exactly as received, so mapping can be re-run. */
  payload: string;
}

/** A keyset page of time-ordered records: `limit` records after `after`, by (time, id). */
export interface PageQuery {
  org: string;
  service?: string;
  /** Half-open, on the list's time column (as the list methods). */
  range?: TimeRange;
  /** Deployments only: the environment after mapping. */
  environment?: string;
  /**
   * Deployments: `success` | `failure` | `cancelled`; pull requests: `open` | `closed` |
   * `merged`; incidents: `open` (no resolved_at) | `resolved`.
   */
  status?: string;
  /** The last record of the previous page: its time and id. */
  after?: { at: Instant; id: string };
  limit: number;
}

/** A keyset page of changes (commits with fewer than two parents), by (committedAt, repository, sha). */
export interface ChangePageQuery {
  org: string;
  /** Only these repositories (an empty list matches nothing). */
  repositories?: readonly string[];
  range?: TimeRange;
  after?: { at: Instant; repository: string; sha: string };
  limit: number;
}

/** Server writes; inside `transaction` they land with the records. */
export interface ServerStoreWriter {
  createApiToken(token: ApiToken): Promise<void>;
  /**
   * Uses a single-use token: marks it used and returns it when it is unused, unrevoked and
   * unexpired at `at`; otherwise returns null and changes nothing. Two concurrent calls never
   * both get it.
   */
  consumeApiToken(tokenHash: string, at: Instant): Promise<ApiToken | null>;
  /** Revokes by public id; false when no live token has that id. */
  revokeApiToken(id: string, at: Instant): Promise<boolean>;
  /**
   * Records a delivery and its raw payload; false (and nothing written) when this
   * (org, source, deliveryId) is already recorded. Run it in the transaction that writes the
   * delivery's records, so a delivery is stored with its records or not at all.
   */
  recordWebhookDelivery(delivery: WebhookDelivery): Promise<boolean>;
  /**
   * `recordWebhookDelivery` for many at once (a batch of a group commit): true for each
   * delivery stored now, false for one already stored or repeated earlier in `deliveries`.
   */
  recordWebhookDeliveries(deliveries: readonly WebhookDelivery[]): Promise<boolean[]>;
}

/** Server reads. */
export interface ServerStoreReader {
  findApiToken(tokenHash: string): Promise<ApiToken | null>;
  /** Tokens of one organisation (with `org`), or all; by creation time. */
  listApiTokens(org?: string): Promise<ApiToken[]>;
  /**
   * A number that grows with every write of an organisation's records (upserts bump it in the
   * same transaction): a report computed at version v is current while the version is v.
   * 0 for an organisation never written.
   */
  getDataVersion(org: string): Promise<number>;
  /** How many webhook deliveries are stored (of one organisation and/or source). */
  countWebhookDeliveries(query?: { org?: string; source?: string }): Promise<number>;
  /** The stored records with these ids (any order; unknown ids are skipped). */
  getPullRequests(org: string, ids: readonly string[]): Promise<PullRequest[]>;
  getDeployments(org: string, ids: readonly string[]): Promise<Deployment[]>;
  getIncidents(org: string, ids: readonly string[]): Promise<Incident[]>;
  pageDeployments(query: PageQuery): Promise<Deployment[]>;
  pagePullRequests(query: PageQuery): Promise<PullRequest[]>;
  pageIncidents(query: PageQuery): Promise<Incident[]>;
  pageChanges(query: ChangePageQuery): Promise<Commit[]>;
}
