/**
 * The reporting window from `--since` / `--until`: half-open `[start, end)`. A bare date
 * (`2026-01-01`) means local midnight in the reporting time zone; a timestamp must carry its
 * offset. Default: the 90 days ending now.
 */
import { TZDate } from '@date-fns/tz';
import { parseTimestamp, type Instant } from '../domain/index.js';
import { AppError } from '../shared/errors.js';

export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

function parseBound(text: string, flag: string, timezone: string): Instant {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [, y, m, d] = date;
    const local = new TZDate(Number(y), Number(m) - 1, Number(d), 0, 0, 0, timezone);
    if (local.getDate() !== Number(d) || local.getMonth() !== Number(m) - 1) {
      throw new AppError('REPORT_BAD_WINDOW', `${flag} ${text}: that day does not exist.`);
    }
    return local.getTime();
  }
  const parsed = parseTimestamp(text);
  if (!parsed.ok) {
    throw new AppError('REPORT_BAD_WINDOW', `${flag} ${text}: ${parsed.reason}; use a date (2026-01-01) or a timestamp with offset (2026-01-01T00:00:00Z).`);
  }
  return parsed.value;
}

/** Checks an IANA time-zone name the way the engine will use it. */
export function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (error) {
    throw new AppError('REPORT_BAD_TIMEZONE', `unknown time zone "${timezone}": use an IANA name such as UTC, Europe/Paris or America/New_York.`, { cause: error });
  }
}

export interface Window {
  start: Instant;
  end: Instant;
}

/** Resolves the window; throws REPORT_BAD_WINDOW for unparsable or empty windows. */
export function resolveWindow(input: { since?: string; until?: string; timezone: string; now: Instant; days?: number }): Window {
  assertTimeZone(input.timezone);
  const end = input.until ? parseBound(input.until, '--until', input.timezone) : input.now;
  const start = input.since
    ? parseBound(input.since, '--since', input.timezone)
    : end - (input.days ?? DEFAULT_WINDOW_DAYS) * DAY_MS;
  if (!(end > start)) {
    throw new AppError('REPORT_BAD_WINDOW', `the window is empty: --since must be before --until.`);
  }
  return { start, end };
}

/** The window of equal length just before `w`, for "change against the previous window". */
export function previousWindow(w: Window): Window {
  return { start: w.start - (w.end - w.start), end: w.start };
}
