/**
 * Record <-> row mapping, shared by the SQLite and PostgreSQL stores: the machinery,
 * repositories and commits here, the time-listed records in event-rows.ts. A `TableSpec`
 * tells a store how one record kind is written: its table, every column with its kind (the
 * PostgreSQL store casts by kind), its primary key and the record -> row conversion.
 * `*FromRow` go the other way. JSON columns hold JSON text; `origin.rawId` comes back `null`
 * when absent.
 * @internal
 */
import type { Commit, Repository } from '../domain/index.js';
import type { CommitRef } from './store.js';
import type { CommitsTable, Database, RepositoriesTable } from './tables.js';

/** How a column's values are typed in SQL: the PostgreSQL store casts its parameters by kind. */
export type ColumnKind = 'text' | 'integer' | 'bigint' | 'json' | 'double';

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
export function tableSpec<R, T extends keyof Database>(
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

/** Strings JSON writes as they are, between quotes (no escape needed). */
const PLAIN_JSON_STRING = /^[\w .,:;@/+#=~-]*$/;

/**
 * JSON text of a value (arrays, cursors). The lists of a million commits are nearly all `[]` or
 * one SHA: those are written directly, with the same text JSON.stringify gives.
 */
export const toJson = (value: unknown): string => {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const only: unknown = value[0];
    if (value.length === 1 && typeof only === 'string' && PLAIN_JSON_STRING.test(only)) {
      return `["${only}"]`;
    }
  }
  return JSON.stringify(value);
};
/** JSON text of an optional object (`extra`); null stays null. */
export const toJsonOrNull = (value: Record<string, unknown> | null | undefined): string | null =>
  value == null ? null : JSON.stringify(value);
/** The array in JSON text. Empty arrays are by far the most common: they skip JSON.parse. */
export const fromJsonArray = <T>(text: string): T[] =>
  text === '[]' ? [] : (JSON.parse(text) as T[]);
/** The object in JSON text, or null for SQL NULL. */
export const fromJsonObject = (text: string | null): Record<string, unknown> | null =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);

/** How repositories are written: key (org, name). */
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

/** A repository from its row. */
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

/** How commits are written: key (org, repository, sha). */
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

/** The columns a commit list selects, in this order: all but `org`, which the query fixes. */
export const COMMIT_LIST_COLUMNS = [
  'repository',
  'sha',
  'parents',
  'author',
  'authored_at',
  'committed_at',
  'message',
  'additions',
  'deletions',
  'services',
  'origin_source',
  'origin_raw_id',
  'extra',
] as const;

/** A commit row as a list selects it. */
export type CommitListRow = Omit<CommitsTable, 'org'>;

// The compiler checks the list names every column but `org`.
type UnlistedCommitColumn = Exclude<keyof CommitListRow, (typeof COMMIT_LIST_COLUMNS)[number]>;
const _everyCommitColumnListed: [UnlistedCommitColumn] extends [never] ? true : never = true;

/** Returns one shared instance of each equal string it is given. */
export type Intern = (text: string) => string;

/**
 * An interner for one list: a million commits name a few repositories, authors and sources,
 * and sharing those strings keeps ~100 MB per million records out of the heap.
 */
export function createInterner(): Intern {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    seen.set(text, text);
    return text;
  };
}

const noIntern: Intern = (text) => text;

/** A commit from its list row; `org` is the organisation the list was for. */
export function commitFromRow(row: CommitListRow, org: string, intern: Intern = noIntern): Commit {
  return {
    org,
    repository: intern(row.repository),
    sha: row.sha,
    parents: fromJsonArray<string>(row.parents),
    author: intern(row.author),
    authoredAt: row.authored_at,
    committedAt: row.committed_at,
    message: row.message,
    additions: row.additions,
    deletions: row.deletions,
    services: fromJsonArray<string>(row.services),
    origin: { source: intern(row.origin_source), rawId: row.origin_raw_id },
    extra: fromJsonObject(row.extra),
  };
}

/** Each list column's position in a row of values. */
const AT = Object.fromEntries(COMMIT_LIST_COLUMNS.map((name, i) => [name, i])) as Record<
  (typeof COMMIT_LIST_COLUMNS)[number],
  number
>;

/**
 * A commit from its list row as values in COMMIT_LIST_COLUMNS order (better-sqlite3's raw
 * mode: a million arrays cost about a quarter less than a million row objects).
 */
export function commitFromValues(
  values: readonly unknown[],
  org: string,
  intern: Intern = noIntern,
): Commit {
  const v = values;
  return commitFromRow(
    {
      repository: v[AT.repository] as string,
      sha: v[AT.sha] as string,
      parents: v[AT.parents] as string,
      author: v[AT.author] as string,
      authored_at: v[AT.authored_at] as number,
      committed_at: v[AT.committed_at] as number,
      message: v[AT.message] as string | null,
      additions: v[AT.additions] as number | null,
      deletions: v[AT.deletions] as number | null,
      services: v[AT.services] as string,
      origin_source: v[AT.origin_source] as string,
      origin_raw_id: v[AT.origin_raw_id] as string | null,
      extra: v[AT.extra] as string | null,
    },
    org,
    intern,
  );
}
