/**
 * The DORA metrics week by week (local ISO weeks of the window, zero-filled, edge weeks flagged
 * `partial`), for the dashboard's sparklines and trend lines: each week computed exactly as the
 * window's figure, over what that week holds.
 * - Change lead time: the changes first deployed that week, their median lead time.
 * - Change failure rate: failed / production deployments finished that week.
 * - Deployment rework rate: rework / production deployments finished that week.
 * - Failed deployment recovery time: the failed deployments of that week that recovered, their
 *   median recovery time.
 * A week with nothing to measure has `null` (no deployments, no changes), never 0.
 *
 * Example: two weeks; week 1 has deployments D1, D2 (D2 failed, recovered in 3600 s) and
 * changes deployed after 100 s and 300 s; week 2 has D3 (not failed) and one change of 50 s.
 * Lead time per week 200, 50; CFR 0.5, 0; recovery 3600, null.
 */
import type { Deployment, Instant } from '../../domain/index.js';
import type { Calendar } from '../calendar.js';
import { weekIndexOf } from '../calendar.js';
import type {
  FailureRateWeek,
  LeadTimeWeek,
  RecoveryWeek,
  ReworkRateWeek,
} from '../report-types.js';
import { median, roundRate } from '../stats.js';

/** Values per week of the calendar, for instants in the window. */
function bucket<T>(calendar: Calendar, items: Iterable<T>, at: (item: T) => Instant): T[][] {
  const weeks = calendar.weeks.map((): T[] => []);
  for (const item of items) {
    const w = weekIndexOf(calendar, at(item));
    if (w >= 0) (weeks[w] as T[]).push(item);
  }
  return weeks;
}

export function leadTimePerWeek(
  calendar: Calendar,
  changes: ReadonlyArray<{ deployedAt: Instant; seconds: number }>,
): LeadTimeWeek[] {
  const weeks = bucket(calendar, changes, (c) => c.deployedAt);
  return calendar.weeks.map((week, i) => {
    const seconds = (weeks[i] as Array<{ seconds: number }>).map((c) => c.seconds);
    return { week_start: week.weekStart, changes: seconds.length, median_seconds: median(seconds), partial: week.partial };
  });
}

/** Failure or rework rate per week: `flagged` of the production deployments of the week. */
function ratePerWeek(
  calendar: Calendar,
  deployments: readonly Deployment[],
  flagged: ReadonlySet<string>,
): Array<{ week_start: string; deployments: number; flagged: number; value: number | null; partial: boolean }> {
  const weeks = bucket(calendar, deployments, (d) => d.finishedAt);
  return calendar.weeks.map((week, i) => {
    const list = weeks[i] as Deployment[];
    const n = list.filter((d) => flagged.has(d.id)).length;
    return { week_start: week.weekStart, deployments: list.length, flagged: n, value: roundRate(n, list.length), partial: week.partial };
  });
}

export function failureRatePerWeek(
  calendar: Calendar,
  deployments: readonly Deployment[],
  failedIds: ReadonlySet<string>,
): FailureRateWeek[] {
  return ratePerWeek(calendar, deployments, failedIds).map(({ flagged, ...w }) => ({ ...w, failed: flagged }));
}

export function reworkRatePerWeek(
  calendar: Calendar,
  deployments: readonly Deployment[],
  reworkIds: ReadonlySet<string>,
): ReworkRateWeek[] {
  return ratePerWeek(calendar, deployments, reworkIds).map(({ flagged, ...w }) => ({ ...w, rework: flagged }));
}

export function recoveryPerWeek(
  calendar: Calendar,
  recovered: ReadonlyArray<{ finishedAt: Instant; seconds: number }>,
): RecoveryWeek[] {
  const weeks = bucket(calendar, recovered, (r) => r.finishedAt);
  return calendar.weeks.map((week, i) => {
    const seconds = (weeks[i] as Array<{ seconds: number }>).map((r) => r.seconds);
    return { week_start: week.weekStart, recovered: seconds.length, median_seconds: median(seconds), partial: week.partial };
  });
}
