/**
 * The GitHub connector's cursor: per list (pull requests, deployments, issues, workflow runs) a
 * high-water mark and, mid-pass, where the pass continues; plus the ETags of the REST reads.
 * Stored with every batch, so a killed sync resumes at its last stored page.
 *
 * A list read newest-first cannot move its mark before it is read to the end: the mark moves
 * when the pass closes, to the newest timestamp the pass saw. An item changed during a pass moves
 * above the mark and is read by the next run.
 */

import { formatInstant } from '../../domain/index.js';

/** One list's progress: its high-water mark and, mid-pass, where the pass continues. */
export interface ListState {
  since: string | null;
  pass: { after: string | null; highWater: string | null; pendingFrom?: string | null } | null;
  /**
   * Deployments only: the creation time of the oldest one still without a final status (within
   * PENDING_HORIZON) at the last closed pass. The next run reads back to it, so a status that
   * comes days later (an approval wait) is not lost.
   */
  pendingFrom?: string | null;
}

/** The cursor of one repository, stored after every batch. */
export interface GithubCursor {
  v: 1;
  /** `OWNER/NAME` as GitHub spells it. */
  repository: string | null;
  repositoryEtag: string | null;
  pullRequests: ListState;
  deployments: ListState;
  issues: ListState;
  releasesEtag: string | null;
  workflowRuns: ListState;
}

export function freshCursor(): GithubCursor {
  const list = (): ListState => ({ since: null, pass: null });
  return {
    v: 1, repository: null, repositoryEtag: null, pullRequests: list(), deployments: list(), issues: list(),
    releasesEtag: null, workflowRuns: list(),
  };
}

export function readCursor(cursor: unknown): GithubCursor {
  const c = cursor as Partial<GithubCursor> | null | undefined;
  if (!c || c.v !== 1) return freshCursor();
  return { ...freshCursor(), ...c };
}

export const cloneCursor = (c: GithubCursor): GithubCursor => JSON.parse(JSON.stringify(c)) as GithubCursor;
export const maxIso = (a: string | null, b: string): string => (a === null || Date.parse(b) > Date.parse(a) ? b : a);
export const minIso = (a: string | null | undefined, b: string): string => (a == null || Date.parse(b) < Date.parse(a) ? b : a);
/** Whether GitHub timestamp `a` is before `b` (both ISO-8601). */
export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Starts a pass when none is open; returns the pass. */
export function openPass(list: ListState): NonNullable<ListState['pass']> {
  list.pass ??= { after: null, highWater: null };
  return list.pass;
}

/** Ends a pass: the high-water mark moves to the newest item it read. */
export function closePass(list: ListState): void {
  if (list.pass?.highWater) list.since = maxIso(list.since, list.pass.highWater);
  list.pass = null;
}

/** How long (before the newest deployment) one without a final status is waited for: an approval, a slow rollout. */
export const PENDING_HORIZON_MS = 14 * 86_400_000;

/** Notes a deployment (or deployment run) created at `createdAt` still waiting for its final status. */
export function notePending(pass: NonNullable<ListState['pass']>, createdAt: string): void {
  const newest = Date.parse(pass.highWater ?? createdAt);
  if (Date.parse(createdAt) >= newest - PENDING_HORIZON_MS) pass.pendingFrom = minIso(pass.pendingFrom, createdAt);
}

/** Closes a pass, keeping where the oldest still-pending item was for the next run. */
export function closePassKeepingPending(list: ListState): void {
  const waiting = list.pass?.pendingFrom ?? null;
  closePass(list);
  list.pendingFrom = waiting;
}

/**
 * Where a newest-first read of deployments or runs stops: the mark less the lookback, or the
 * oldest one still without a final status at the last run (within PENDING_HORIZON_MS of the
 * mark), whichever is earlier. Null on a first sync: read everything.
 */
export function stopMark(list: ListState, lookbackMs: number): string | null {
  if (list.since === null) return null;
  const since = Date.parse(list.since);
  const pending = list.pendingFrom != null && Date.parse(list.pendingFrom) >= since - PENDING_HORIZON_MS ? list.pendingFrom : null;
  return minIso(pending, formatInstant(since - lookbackMs));
}

