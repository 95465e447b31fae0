/**
 * The GitLab sync cursor: per entity, a high-water mark on `updated_at` that only moves once the
 * batch holding those items is handed over (and so stored with it, in one transaction).
 *
 * Each list is read in `updated_at` order from the mark (`updated_after` is inclusive), so a sync
 * killed anywhere restarts at the last stored page and re-reads at most the items that share
 * the mark's instant; `idsAtMark` lets it skip those it already stored. Offset pages are never
 * resumed by number: an item updated during the sync would shift the pages and be skipped, so
 * each next page is asked for again from the new mark (keyset pagination in effect, also where
 * GitLab offers only offset pagination), and offsets are used only to step through items that
 * share one instant.
 *
 * `etag` is the ETag of the last first-page request, kept only when the next run will send the
 * very same request: its 304 then says nothing changed at no cost to the rate limit.
 */
import { z } from 'zod';

export const GITLAB_PHASES = ['merge_requests', 'deployments', 'pipelines', 'incidents'] as const;
export type GitlabPhase = (typeof GITLAB_PHASES)[number];

const phaseCursorSchema = z.strictObject({
  /** The `updated_at` (as GitLab wrote it) of the last stored item; null before the first. */
  updatedAfter: z.string().nullable(),
  /** Ids of stored items whose `updated_at` equals the mark. */
  idsAtMark: z.array(z.number().int()),
  etag: z.strictObject({ url: z.string(), value: z.string() }).optional(),
});
export type GitlabPhaseCursor = z.output<typeof phaseCursorSchema>;

const cursorSchema = z.strictObject({
  version: z.literal(1),
  phases: z.partialRecord(z.enum(GITLAB_PHASES), phaseCursorSchema),
});
export type GitlabCursor = z.output<typeof cursorSchema>;

export function emptyGitlabCursor(): GitlabCursor {
  return { version: 1, phases: {} };
}

/**
 * The stored cursor, or an empty one when there is none. A cursor of another shape (written by
 * another version) also reads as empty: the sync then starts over, which idempotent upserts
 * make safe, only slower.
 */
export function readGitlabCursor(stored: unknown): { cursor: GitlabCursor; incremental: boolean } {
  if (stored === null || stored === undefined) return { cursor: emptyGitlabCursor(), incremental: false };
  const parsed = cursorSchema.safeParse(stored);
  return parsed.success ? { cursor: parsed.data, incremental: true } : { cursor: emptyGitlabCursor(), incremental: false };
}

export function phaseCursor(cursor: GitlabCursor, phase: GitlabPhase): GitlabPhaseCursor {
  return cursor.phases[phase] ?? { updatedAfter: null, idsAtMark: [] };
}
