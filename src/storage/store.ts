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
  Deployment,
  Incident,
  Instant,
  Organization,
  PullRequest,
  Repository,
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
export interface StoreWriter {
  /** Creates the organisation or updates its name. */
  upsertOrganization(org: Organization): Promise<void>;
  /** Each returns the number of records given (all written, inserted or updated in place). */
  upsertRepositories(rows: readonly Repository[]): Promise<number>;
  upsertCommits(rows: readonly Commit[]): Promise<number>;
  upsertPullRequests(rows: readonly PullRequest[]): Promise<number>;
  upsertDeployments(rows: readonly Deployment[]): Promise<number>;
  upsertIncidents(rows: readonly Incident[]): Promise<number>;
  /** The refs (deduplicated, in input order) whose commit is not stored for `org`. */
  findMissingCommits(org: string, refs: readonly CommitRef[]): Promise<CommitRef[]>;
  /** The ids (deduplicated, in input order) of deployments not stored for `org`. */
  findMissingDeployments(org: string, ids: readonly string[]): Promise<string[]>;
  /** Stores a connector's incremental cursor for one scope (`git:/path/to/repo`). */
  setSyncState(org: string, scope: string, cursor: unknown): Promise<void>;
}

/** Reads. Lists are ordered deterministically (by time, then id). */
export interface StoreReader {
  listOrganizations(): Promise<Organization[]>;
  getOrganization(id: string): Promise<Organization | null>;
  listServices(org: string): Promise<ServiceSummary[]>;
  listRepositories(org: string): Promise<Repository[]>;
  /** Commits of the given repositories (all of the organisation's when omitted), by committedAt. */
  listCommits(query: { org: string; repositories?: readonly string[] }): Promise<Commit[]>;
  /** Pull requests by createdAt; `range` filters on createdAt. */
  listPullRequests(query: { org: string; service?: string; range?: TimeRange }): Promise<PullRequest[]>;
  /** Deployments by finishedAt; `range` filters on finishedAt. */
  listDeployments(query: { org: string; service?: string; range?: TimeRange }): Promise<Deployment[]>;
  /** Incidents by startedAt; `range` filters on startedAt. */
  listIncidents(query: { org: string; service?: string; range?: TimeRange }): Promise<Incident[]>;
  getSyncState(org: string, scope: string): Promise<unknown>;
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
