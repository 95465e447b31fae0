/**
 * Record <-> row mapping, shared by the SQLite and PostgreSQL stores. A `TableSpec` tells a
 * store how one record kind is written: its table, every column with its kind (the PostgreSQL
 * store casts by kind), its primary key and the record -> row conversion. `*FromRow` go the
 * other way. JSON columns hold JSON text; `origin.rawId` comes back `null` when absent.
 * @internal
 */
import type {
  Commit,
  Deployment,
  DeploymentKind,
  DeploymentStatus,
  DeploymentTrigger,
  Incident,
  Inference,
  PullRequest,
  PullRequestState,
  Repository,
} from '../domain/index.js';
import type { CommitRef } from './store.js';
import type {
  CommitsTable,
  Database,
  DeploymentsTable,
  IncidentsTable,
  PullRequestsTable,
  RepositoriesTable,
} from './tables.js';

/** How a column's values are typed in SQL: the PostgreSQL store casts its parameters by kind. */
export type ColumnKind = 'text' | 'integer' | 'bigint' | 'json';

/** How one record kind maps to its table. */
export interface TableSpec<R, T extends keyof Database> {
  readonly table: T;
  /** Every column, in a fixed order, with its kind. */
  readonly columns: readonly (readonly [name: keyof Database[T] & string, kind: ColumnKind])[];
  /** The primary key columns. */
  readonly key: readonly (keyof Database[T] & string)[];
  /** The row for a record. */
  toRow(record: R): Database[T];
}

type Kinds<Row> = { readonly [K in keyof Row]-?: ColumnKind };

/** Builds a spec; `kinds` must name every column of the table (the compiler checks). */
function tableSpec<R, T extends keyof Database>(
  table: T,
  kinds: Kinds<Database[T]>,
  key: readonly (keyof Database[T] & string)[],
  toRow: (record: R) => Database[T],
): TableSpec<R, T> {
  const columns = Object.entries(kinds) as unknown as TableSpec<R, T>['columns'];
  return { table, columns, key, toRow };
}

/**
 * The rows with duplicate primary keys removed, the last one of each key winning (as if they
 * had been written one after the other). PostgreSQL rejects an `ON CONFLICT DO UPDATE` that
 * touches the same row twice in one statement.
 */
export function lastRowPerKey<Row>(rows: readonly Row[], key: readonly (keyof Row)[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(key.map((k) => String(row[k])).join('\u0000'), row);
  return byKey.size === rows.length ? [...rows] : [...byKey.values()];
}

/** The refs without repeats, in input order (copies holding only repository and sha). */
export function uniqueRefs(refs: readonly CommitRef[]): CommitRef[] {
  const seen = new Set<string>();
  const out: CommitRef[] = [];
  for (const { repository, sha } of refs) {
    const key = `${repository}\u0000${sha}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ repository, sha });
    }
  }
  return out;
}

/** The values without repeats, in input order. */
export function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const toJson = (value: unknown): string => JSON.stringify(value);
const toJsonOrNull = (value: Record<string, unknown> | null | undefined): string | null =>
  value == null ? null : JSON.stringify(value);
/** Empty arrays are by far the most common value: skip JSON.parse for them. */
const fromJsonArray = <T>(text: string): T[] => (text === '[]' ? [] : (JSON.parse(text) as T[]));
const fromJsonObject = (text: string | null): Record<string, unknown> | null =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);

export const repositorySpec = tableSpec<Repository, 'repositories'>(
  'repositories',
  {
    org: 'text',
    name: 'text',
    default_branch: 'text',
    baseline_production_sha: 'text',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'name'],
  (r) => ({
    org: r.org,
    name: r.name,
    default_branch: r.defaultBranch,
    baseline_production_sha: r.baselineProductionSha ?? null,
    url: r.url ?? null,
    origin_source: r.origin.source,
    origin_raw_id: r.origin.rawId ?? null,
    extra: toJsonOrNull(r.extra),
  }),
);

export function repositoryFromRow(row: RepositoriesTable): Repository {
  return {
    org: row.org,
    name: row.name,
    defaultBranch: row.default_branch,
    baselineProductionSha: row.baseline_production_sha,
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

export const commitSpec = tableSpec<Commit, 'commits'>(
  'commits',
  {
    org: 'text',
    repository: 'text',
    sha: 'text',
    parents: 'json',
    author: 'text',
    authored_at: 'bigint',
    committed_at: 'bigint',
    message: 'text',
    additions: 'integer',
    deletions: 'integer',
    services: 'json',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'repository', 'sha'],
  (c) => ({
    org: c.org,
    repository: c.repository,
    sha: c.sha,
    parents: toJson(c.parents),
    author: c.author,
    authored_at: c.authoredAt,
    committed_at: c.committedAt,
    message: c.message ?? null,
    additions: c.additions ?? null,
    deletions: c.deletions ?? null,
    services: toJson(c.services),
    origin_source: c.origin.source,
    origin_raw_id: c.origin.rawId ?? null,
    extra: toJsonOrNull(c.extra),
  }),
);

export function commitFromRow(row: CommitsTable): Commit {
  return {
    org: row.org,
    repository: row.repository,
    sha: row.sha,
    parents: fromJsonArray<string>(row.parents),
    author: row.author,
    authoredAt: row.authored_at,
    committedAt: row.committed_at,
    message: row.message,
    additions: row.additions,
    deletions: row.deletions,
    services: fromJsonArray<string>(row.services),
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

export const pullRequestSpec = tableSpec<PullRequest, 'pull_requests'>(
  'pull_requests',
  {
    org: 'text',
    id: 'text',
    repository: 'text',
    service: 'text',
    number: 'integer',
    title: 'text',
    author: 'text',
    created_at: 'bigint',
    first_review_at: 'bigint',
    merged_at: 'bigint',
    merge_commit_sha: 'text',
    commit_shas: 'json',
    base_branch: 'text',
    state: 'text',
    reverts_pr: 'text',
    additions: 'integer',
    deletions: 'integer',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (p) => ({
    org: p.org,
    id: p.id,
    repository: p.repository,
    service: p.service,
    number: p.number ?? null,
    title: p.title ?? null,
    author: p.author,
    created_at: p.createdAt,
    first_review_at: p.firstReviewAt ?? null,
    merged_at: p.mergedAt ?? null,
    merge_commit_sha: p.mergeCommitSha ?? null,
    commit_shas: toJson(p.commitShas),
    base_branch: p.baseBranch,
    state: p.state ?? null,
    reverts_pr: p.revertsPr ?? null,
    additions: p.additions ?? null,
    deletions: p.deletions ?? null,
    url: p.url ?? null,
    origin_source: p.origin.source,
    origin_raw_id: p.origin.rawId ?? null,
    extra: toJsonOrNull(p.extra),
  }),
);

export function pullRequestFromRow(row: PullRequestsTable): PullRequest {
  return {
    org: row.org,
    id: row.id,
    repository: row.repository,
    service: row.service,
    number: row.number,
    title: row.title,
    author: row.author,
    createdAt: row.created_at,
    firstReviewAt: row.first_review_at,
    mergedAt: row.merged_at,
    mergeCommitSha: row.merge_commit_sha,
    commitShas: fromJsonArray<string>(row.commit_shas),
    baseBranch: row.base_branch,
    state: row.state as PullRequestState | null,
    revertsPr: row.reverts_pr,
    additions: row.additions,
    deletions: row.deletions,
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

export const deploymentSpec = tableSpec<Deployment, 'deployments'>(
  'deployments',
  {
    org: 'text',
    id: 'text',
    service: 'text',
    repository: 'text',
    environment: 'text',
    original_environment: 'text',
    status: 'text',
    original_status: 'text',
    started_at: 'bigint',
    finished_at: 'bigint',
    commit_sha: 'text',
    kind: 'text',
    trigger: 'text',
    remediates_deployment_id: 'text',
    inferences: 'json',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (d) => ({
    org: d.org,
    id: d.id,
    service: d.service,
    repository: d.repository,
    environment: d.environment,
    original_environment: d.originalEnvironment,
    status: d.status,
    original_status: d.originalStatus,
    started_at: d.startedAt ?? null,
    finished_at: d.finishedAt,
    commit_sha: d.commitSha,
    kind: d.kind,
    trigger: d.trigger,
    remediates_deployment_id: d.remediatesDeploymentId ?? null,
    inferences: toJson(d.inferences),
    url: d.url ?? null,
    origin_source: d.origin.source,
    origin_raw_id: d.origin.rawId ?? null,
    extra: toJsonOrNull(d.extra),
  }),
);

export function deploymentFromRow(row: DeploymentsTable): Deployment {
  return {
    org: row.org,
    id: row.id,
    service: row.service,
    repository: row.repository,
    environment: row.environment,
    originalEnvironment: row.original_environment,
    status: row.status as DeploymentStatus,
    originalStatus: row.original_status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    commitSha: row.commit_sha,
    kind: row.kind as DeploymentKind,
    trigger: row.trigger as DeploymentTrigger,
    remediatesDeploymentId: row.remediates_deployment_id,
    inferences: fromJsonArray<Inference>(row.inferences),
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

export const incidentSpec = tableSpec<Incident, 'incidents'>(
  'incidents',
  {
    org: 'text',
    id: 'text',
    service: 'text',
    title: 'text',
    started_at: 'bigint',
    detected_at: 'bigint',
    acknowledged_at: 'bigint',
    resolved_at: 'bigint',
    caused_by_deployment_id: 'text',
    severity: 'text',
    inferences: 'json',
    url: 'text',
    origin_source: 'text',
    origin_raw_id: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (i) => ({
    org: i.org,
    id: i.id,
    service: i.service,
    title: i.title ?? null,
    started_at: i.startedAt,
    detected_at: i.detectedAt ?? null,
    acknowledged_at: i.acknowledgedAt ?? null,
    resolved_at: i.resolvedAt ?? null,
    caused_by_deployment_id: i.causedByDeploymentId ?? null,
    severity: i.severity ?? null,
    inferences: toJson(i.inferences),
    url: i.url ?? null,
    origin_source: i.origin.source,
    origin_raw_id: i.origin.rawId ?? null,
    extra: toJsonOrNull(i.extra),
  }),
);

export function incidentFromRow(row: IncidentsTable): Incident {
  return {
    org: row.org,
    id: row.id,
    service: row.service,
    title: row.title,
    startedAt: row.started_at,
    detectedAt: row.detected_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    causedByDeploymentId: row.caused_by_deployment_id,
    severity: row.severity,
    inferences: fromJsonArray<Inference>(row.inferences),
    url: row.url,
    origin: { source: row.origin_source, rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}
