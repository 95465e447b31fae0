/**
 * What the dashboard shows, kept in the URL so a link reproduces the view:
 * `/portfolio?window=90&until=2026-03-16`, `/?org=acme&window=30&service=api&tz=Europe/Paris`,
 * `/business?org=acme` (the board report of the last 90 days),
 * `/?org=acme&since=2026-01-01&until=2026-02-01` (a custom window).
 * Windows are whole days of bare dates (midnight in the chosen time zone, UTC by default); the
 * previous window is the one of equal length just before.
 */
import type { ReportWindow } from '../api-client/types.js';

export const WINDOW_DAYS = [30, 90, 180] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

export interface ViewState {
  page: 'overview' | 'portfolio' | 'business';
  org: string | null;
  /** A preset length; ignored when `since` is set (a custom window). */
  days: WindowDays;
  service: string | null;
  /** Exclusive end date, `YYYY-MM-DD`; null: tomorrow, so today counts. */
  until: string | null;
  /** Inclusive start date of a custom window, `YYYY-MM-DD`; null: `days` before `until`. */
  since: string | null;
  /** IANA time zone of the days and weeks; null: the server's default, UTC. */
  tz: string | null;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TZ = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** Reads the view from a location's path and query string. */
export function parseViewState(pathname: string, search: string): ViewState {
  const q = new URLSearchParams(search);
  const days = Number(q.get('window'));
  const until = q.get('until');
  const since = q.get('since');
  const tz = q.get('tz');
  const untilOk = until !== null && DATE.test(until) ? until : null;
  // A custom window needs both ends, start before end.
  const sinceOk = since !== null && DATE.test(since) && untilOk !== null && since < untilOk ? since : null;
  return {
    page: pathname.replace(/\/+$/, '').endsWith('/portfolio') ? 'portfolio'
      : pathname.replace(/\/+$/, '').endsWith('/business') ? 'business' : 'overview',
    org: q.get('org') || null,
    days: (WINDOW_DAYS as readonly number[]).includes(days) ? (days as WindowDays) : 90,
    service: q.get('service') || null,
    until: untilOk,
    since: sinceOk,
    tz: tz !== null && TZ.test(tz) ? tz : null,
  };
}

/** The path and query string of a view (defaults left out). */
export function viewStateUrl(state: ViewState): string {
  const q = new URLSearchParams();
  if (state.org !== null) q.set('org', state.org);
  if (state.since !== null) q.set('since', state.since);
  else if (state.days !== 90) q.set('window', String(state.days));
  if (state.service !== null) q.set('service', state.service);
  if (state.until !== null) q.set('until', state.until);
  if (state.tz !== null) q.set('tz', state.tz);
  const query = q.toString().replace(/%2F/g, '/');
  const path = state.page === 'portfolio' ? '/portfolio' : state.page === 'business' ? '/business' : '/';
  return `${path}${query === '' ? '' : `?${query}`}`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The window's length in whole days. */
export function windowLength(state: ViewState): number {
  if (state.since !== null && state.until !== null) {
    return Math.round((Date.parse(`${state.until}T00:00:00Z`) - Date.parse(`${state.since}T00:00:00Z`)) / DAY_MS);
  }
  return state.days;
}

/** The window shown and the previous one of equal length. `nowMs` is the browser's clock. */
export function windows(state: ViewState, nowMs: number): { current: ReportWindow; previous: ReportWindow } {
  const untilMs = state.until !== null ? Date.parse(`${state.until}T00:00:00Z`) : Date.parse(`${isoDate(nowMs + DAY_MS)}T00:00:00Z`);
  const days = windowLength(state);
  const sinceMs = untilMs - days * DAY_MS;
  return {
    current: { since: isoDate(sinceMs), until: isoDate(untilMs), timezone: state.tz },
    previous: { since: isoDate(sinceMs - days * DAY_MS), until: isoDate(sinceMs), timezone: state.tz },
  };
}
