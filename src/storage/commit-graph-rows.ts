/**
 * The lean commit list a report reads (`listCommitGraph`): only the columns of a `CommitNode`,
 * as rows of values, for a million commits at a time. Shared by the SQLite and PostgreSQL
 * stores. JSON arrays are parsed on a fast path (`[]` and `["sha"]`, nearly every commit) and
 * by JSON.parse otherwise, so the result is the same as `fromJsonArray`'s.
 * @internal
 */
import type { CommitNode } from '../domain/index.js';
import type { CommitsTable } from './tables.js';

/** The columns `listCommitGraph` selects, in this order. */
export const COMMIT_GRAPH_COLUMNS = [
  'repository',
  'sha',
  'parents',
  'authored_at',
  'committed_at',
  'services',
] as const satisfies readonly (keyof CommitsTable)[];

/** One shared empty list: most commits have no `services` (nodes are read-only). */
const NONE: readonly string[] = Object.freeze([]);

/**
 * The strings of a JSON array of strings as stored (`["a"]` in SQLite, `["a", "b"]` from
 * PostgreSQL's jsonb). A lone string without escapes is sliced out; anything else is parsed.
 */
export function parseStringArray(text: string): readonly string[] {
  if (text === '[]') return NONE;
  const last = text.length - 2;
  if (
    last > 2 &&
    text.charCodeAt(0) === 91 && // [
    text.charCodeAt(1) === 34 && // "
    text.charCodeAt(last) === 34 &&
    text.charCodeAt(last + 1) === 93 && // ]
    text.indexOf('"', 2) === last &&
    text.indexOf('\\', 2) === -1
  ) {
    return [text.slice(2, last)];
  }
  return JSON.parse(text) as string[];
}

/** A commit-graph row as PostgreSQL returns it (named columns). */
export type CommitGraphRow = Omit<
  Pick<CommitsTable, (typeof COMMIT_GRAPH_COLUMNS)[number]>,
  'services'
> & {
  /** NULL for `[]`, the common case (see selectCommitGraph). */
  services: string | null;
};

/**
 * A reader of one list's CommitNodes: from rows of values in COMMIT_GRAPH_COLUMNS order
 * (`fromValues`, SQLite's raw mode) or from named rows (`fromRow`). Repository names, few and
 * repeated a million times, are shared; instants are numbers.
 */
export function commitNodeReader(): {
  fromValues(values: readonly unknown[]): CommitNode;
  fromRow(row: CommitGraphRow): CommitNode;
} {
  const names = new Map<string, string>();
  let last = '';
  let previous = '';
  const node = (
    repository: string,
    sha: string,
    parents: string,
    authoredAt: number,
    committedAt: number,
    services: string | null,
  ): CommitNode => {
    // Rows of one repository mostly come together: the last name is the cheap first guess.
    if (repository === last) repository = last;
    else {
      const known = names.get(repository);
      if (known === undefined) names.set(repository, repository);
      else repository = known;
      last = repository;
    }
    // A history listed in order names the previous row as parent: share that row's sha string
    // (a million strings fewer) when the text is exactly its one-element array.
    const parentList =
      parents.length === previous.length + 4 &&
      parents.startsWith('["') &&
      parents.startsWith(previous, 2) &&
      parents.endsWith('"]') &&
      !previous.includes('\\')
        ? [previous]
        : parseStringArray(parents);
    previous = sha;
    return {
      repository,
      sha,
      parents: parentList,
      authoredAt,
      committedAt,
      services: services === null ? NONE : parseStringArray(services),
    };
  };
  return {
    fromValues: (v) =>
      node(
        v[0] as string,
        v[1] as string,
        v[2] as string,
        v[3] as number,
        v[4] as number,
        v[5] as string | null,
      ),
    fromRow: (r) => node(r.repository, r.sha, r.parents, r.authored_at, r.committed_at, r.services),
  };
}
