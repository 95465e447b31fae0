/**
 * How the dashboard writes numbers. Pure: the browser test formats the API's JSON with these
 * same functions and compares with what the tiles show.
 */

/** No value: the metric's reason says why. */
export const NO_VALUE = '—';

/** Seconds as minutes, hours or days, one decimal past the minute. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return NO_VALUE;
  const abs = Math.abs(seconds);
  if (abs < 3_600) return `${Math.round(seconds / 60)} min`;
  if (abs < 172_800) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** A rate in [0, 1] as a percentage with one decimal. */
export function formatRate(rate: number | null): string {
  return rate === null ? NO_VALUE : `${(rate * 100).toFixed(1)}%`;
}

/** Deployments per week, one decimal. */
export function formatPerWeek(perWeek: number | null): string {
  return perWeek === null ? NO_VALUE : `${perWeek.toFixed(1)} / week`;
}

/** A relative change, signed, whole percent; null when there is nothing to compare with. */
export function formatChange(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null || previous === 0) return null;
  const change = (current - previous) / Math.abs(previous);
  const pct = Math.round(change * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%`;
}

/** A reason code (`no-deployments`, `not_deployed`) in words. */
export function formatReason(reason: string): string {
  return reason.replace(/[-_]/g, ' ');
}

/** An ISO instant as `2026-03-04 09:00` UTC. */
export function formatInstant(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** A commit sha, short. */
export function shortSha(sha: string): string {
  return sha.slice(0, 8);
}
