/**
 * Calendar bucketing in the reporting time zone (METRICS.md section 1). Only days and ISO weeks
 * (Monday 00:00 local) use the zone; every duration is computed on instants elsewhere.
 *
 * The calendar of a window is built once with date-fns and @date-fns/tz (never hand-rolled
 * date math): the local day starts and week starts that overlap `[start, end)`. Instants are
 * then bucketed by binary search, so bucketing n records costs O(n log days) and never calls
 * the time-zone database per record.
 *
 * Weeks: every local ISO week overlapping the window, zero-filled, the edge weeks flagged
 * `partial` when they stick out of the window. Window days = (end - start) / 86,400 s, which is
 * not a whole number across a DST change.
 *
 * Example: in Europe/Paris, the window [2024-03-25T00:00+01:00, 2024-04-01T00:00+02:00) is one
 * full week of 167 hours (DST starts on Sunday 31 March): window days = 167 / 24 = 6.9583...
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format, startOfDay, startOfISOWeek } from 'date-fns';
import type { Instant } from '../domain/index.js';
import { AppError } from '../shared/errors.js';

/** A half-open interval of instants `[start, end)`, epoch milliseconds. */
export interface Window {
  start: Instant;
  end: Instant;
}

/** One local ISO week overlapping the window. */
export interface CalendarWeek {
  /** Local Monday as `YYYY-MM-DD`. */
  weekStart: string;
  /** First instant of the local week (Monday 00:00 local, or the first instant of that day). */
  start: Instant;
  /** First instant of the next local week. */
  end: Instant;
  /** True when the week starts before the window or ends after it. */
  partial: boolean;
}

/** The local days and weeks of a window in a time zone. */
export interface Calendar {
  window: Window;
  timezone: string;
  /** (end - start) / 86,400 s, unrounded. */
  windowDays: number;
  weeks: CalendarWeek[];
  /** First instant of every local day overlapping the window, ascending. */
  dayStarts: Instant[];
  /** `weeks[i].start`, ascending, for binary search. */
  weekStarts: Instant[];
}

const DAY_MS = 86_400_000;

/** Throws REPORT_BAD_TIMEZONE unless `timezone` is an IANA name the runtime knows. */
export function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (cause) {
    throw new AppError(
      'REPORT_BAD_TIMEZONE',
      `Unknown time zone "${timezone}": use an IANA name such as UTC or Europe/Paris.`,
      { cause },
    );
  }
}

/** Throws REPORT_BAD_WINDOW unless the window has finite bounds and start < end. */
export function assertWindow(window: Window): void {
  if (
    !Number.isFinite(window.start) ||
    !Number.isFinite(window.end) ||
    window.start >= window.end
  ) {
    throw new AppError(
      'REPORT_BAD_WINDOW',
      `The report window [${window.start}, ${window.end}) is empty or invalid: the start must be before the end.`,
    );
  }
}

/** Window length in days, (end - start) / 86,400 s, unrounded (not whole across DST). */
export function windowDays(window: Window): number {
  return (window.end - window.start) / DAY_MS;
}

/** First instant of the local day after the one starting at `dayStart`. */
function nextDayStart(dayStart: Date): Date {
  // startOfDay after addDays: where midnight does not exist (America/Santiago in September)
  // the day starts at 01:00 and addDays alone would carry that hour into the following days.
  return startOfDay(addDays(dayStart, 1));
}

/** Builds the local calendar of `window` in `timezone`. Validates both. */
export function buildCalendar(window: Window, timezone: string): Calendar {
  assertWindow(window);
  assertTimezone(timezone);
  const dayStarts: Instant[] = [];
  // Typed as Date: the values stay TZDate at run time (date-fns keeps the argument's class).
  let day: Date = startOfDay(new TZDate(window.start, timezone));
  while (day.getTime() < window.end) {
    dayStarts.push(day.getTime());
    day = nextDayStart(day);
  }
  const weeks: CalendarWeek[] = [];
  let week: Date = startOfISOWeek(new TZDate(window.start, timezone));
  while (week.getTime() < window.end) {
    const next = startOfISOWeek(startOfDay(addDays(week, 7)));
    weeks.push({
      weekStart: format(week, 'yyyy-MM-dd'),
      start: week.getTime(),
      end: next.getTime(),
      partial: week.getTime() < window.start || next.getTime() > window.end,
    });
    week = next;
  }
  const weekStarts = weeks.map((w) => w.start);
  return { window, timezone, windowDays: windowDays(window), weeks, dayStarts, weekStarts };
}

/** Index of the last boundary <= t in an ascending array, or -1 when t is before them all. */
function floorIndex(boundaries: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((boundaries[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** True when `t` lies in the half-open window `[start, end)`. */
export function inWindow(window: Window, t: Instant): boolean {
  return t >= window.start && t < window.end;
}

/** Index of the local day containing `t` in `calendar.dayStarts`; -1 outside the window. */
export function dayIndexOf(calendar: Calendar, t: Instant): number {
  if (!inWindow(calendar.window, t)) return -1;
  return floorIndex(calendar.dayStarts, t);
}

/** Index of the local week containing `t` in `calendar.weeks`; -1 outside the window. */
export function weekIndexOf(calendar: Calendar, t: Instant): number {
  if (!inWindow(calendar.window, t)) return -1;
  return floorIndex(calendar.weekStarts, t);
}

/** Counts instants per local week, zero-filled; instants outside the window are ignored. */
export function countPerWeek(calendar: Calendar, instants: Iterable<Instant>): number[] {
  const counts = new Array<number>(calendar.weeks.length).fill(0);
  for (const t of instants) {
    const w = weekIndexOf(calendar, t);
    if (w >= 0) counts[w] = (counts[w] as number) + 1;
  }
  return counts;
}
