/**
 * The incremental cursor of one repository, stored with `store.setSyncState(org, 'git:<path>',
 * cursor)`. It remembers the ref tips already read (the next run reads `git log ... ^<tips>`)
 * and the few facts of older commits that deployment rules need again (reverts, hotfix-branch
 * merges), so a second run never re-reads old messages. The pull requests of earlier runs are
 * not kept here but looked up in the store (a large history has hundreds of thousands).
 * A cursor written with other settings (`configKey`) or by another version is ignored: the
 * next run is a full one.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

const revertSchema = z.object({
  sha: z.string(),
  subject: z.string(),
  revertedSha: z.string().nullable(),
  revertedTitle: z.string().nullable(),
  revertedPullRequest: z.number().int().nullable(),
  services: z.array(z.string()),
});

const lastDeploymentSchema = z.object({
  id: z.string(),
  commitSha: z.string(),
  finishedAt: z.number(),
  label: z.string(),
});

/** The cursor as stored (JSON); validated on read so that a foreign or old value means a full run. */
export const gitCursorSchema = z.object({
  version: z.literal(1),
  /** The settings that shaped the records; a change means a full run. */
  configKey: z.string(),
  /** Commits at the ref tips read so far, sorted. */
  tips: z.array(z.string()),
  /** The default branch's commit (continuous deployment continues from it). */
  defaultTip: z.string().nullable(),
  /** A digest of the tags (name, target, dates) and of the deployments file. */
  tagsKey: z.string(),
  fileKey: z.string().nullable(),
  deploymentSource: z.enum(['tags', 'merges', 'file']),
  reverts: z.array(revertSchema),
  hotfixMerges: z.array(z.object({ sha: z.string(), branch: z.string(), services: z.array(z.string()) })),
  /** Continuous deployment in a monorepo: each service's latest deployment. */
  lastDeployments: z.record(z.string(), lastDeploymentSchema),
  /** Commits ingested from this repository so far. */
  commits: z.number().int().nonnegative(),
});

/** A parsed cursor. */
export type GitCursor = z.output<typeof gitCursorSchema>;

/** The stored cursor if it is one this version wrote, else null (a full run follows). */
export function parseGitCursor(stored: unknown): GitCursor | null {
  const parsed = gitCursorSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** A short stable digest of a value (sorted keys), for change detection. */
export function digest(value: unknown): string {
  const stable = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(stable);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(stable(value) ?? null)).digest('hex').slice(0, 32);
}
