/**
 * The lean pull request list a report reads (`listPullRequestFacts`), shared by both stores.
 * Repository and service names, and the few distinct `created_at_source` values, are shared
 * strings and objects. About a third of the memory of full records for the benchmark's 250,000
 * pull requests.
 * @internal
 */
import type { PullRequestFacts } from '../domain/index.js';
import { fromJsonArray } from './rows.js';
import type { PullRequestsTable } from './tables.js';

export type PullRequestFactsRow = Pick<
  PullRequestsTable,
  | 'id'
  | 'repository'
  | 'service'
  | 'created_at'
  | 'first_review_at'
  | 'merged_at'
  | 'merge_commit_sha'
  | 'commit_shas'
  | 'additions'
  | 'deletions'
  | 'extra'
>;

/** A reader of one list's rows: shares names and `extra` objects across the list. */
export function pullRequestFactsReader(): (row: PullRequestFactsRow) => PullRequestFacts {
  const names = new Map<string, string>();
  const extras = new Map<string, Record<string, unknown>>();
  const share = (name: string): string => {
    const known = names.get(name);
    if (known !== undefined) return known;
    names.set(name, name);
    return name;
  };
  return (row) => {
    let extra: Record<string, unknown> | null = null;
    if (row.extra !== null) {
      const source = (JSON.parse(row.extra) as Record<string, unknown>)['created_at_source'];
      if (source !== undefined) {
        const key = JSON.stringify(source);
        extra = extras.get(key) ?? Object.freeze({ created_at_source: source });
        extras.set(key, extra);
      }
    }
    return {
      id: row.id,
      repository: share(row.repository),
      service: share(row.service),
      createdAt: Number(row.created_at),
      firstReviewAt: row.first_review_at === null ? null : Number(row.first_review_at),
      mergedAt: row.merged_at === null ? null : Number(row.merged_at),
      mergeCommitSha: row.merge_commit_sha,
      commitShas: fromJsonArray<string>(row.commit_shas),
      additions: row.additions,
      deletions: row.deletions,
      extra,
    };
  };
}
