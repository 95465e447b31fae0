/**
 * What the dashboard shows, kept in the URL so a link reproduces the view:
 * `/portfolio?window=90&until=2026-03-16`, `/?org=acme&window=30&service=api`.
 * Windows are whole days of bare dates (midnight in the server's time zone); the previous
 * window is the one of equal length just before.
 */
import type { ReportWindow } from '../api-client/types.js';

export const WINDOW_DAYS = [30, 90, 180] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

export interface ViewState {
  page: 'overview' | 'portfolio';
  org: string | null;
  days: WindowDays;
  service: string | null;
  /** Exclusive end date, `YYYY-MM-DD`; null: tomorrow, so today counts. */
  until: string | null;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the view from a location's path and query string. */
export function parseViewState(pathname: string, search: string): ViewState {
  const q = new URLSearchParams(search);
  const days = Number(q.get('window'));
  const until = q.get('until');
  return {
    page: pathname.replace(/\/+$/, '').endsWith('/portfolio') ? 'portfolio' : 'overview',
    org: q.get('org') || null,
    days: (WINDOW_DAYS as readonly number[]).includes(days) ? (days as WindowDays) : 90,
    service: q.get('service') || null,
    until: until !== null && DATE.test(until) ? until : null,
  };
}

/** The path and query string of a view (defaults left out). */
export function viewStateUrl(state: ViewState): string {
  const q = new URLSearchParams();
  if (state.org !== null) q.set('org', state.org);
  if (state.days !== 90) q.set('window', String(state.days));
  if (state.service !== null) q.set('service', state.service);
  if (state.until !== null) q.set('until', state.until);
  const query = q.toString();
  return `${state.page === 'portfolio' ? '/portfolio' : '/'}${query === '' ? '' : `?${query}`}`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The window shown and the previous one of equal length. `nowMs` is the browser's clock. */
export function windows(state: ViewState, nowMs: number): { current: ReportWindow; previous: ReportWindow } {
  const untilMs = state.until !== null ? Date.parse(`${state.until}T00:00:00Z`) : Date.parse(`${isoDate(nowMs + DAY_MS)}T00:00:00Z`);
  const sinceMs = untilMs - state.days * DAY_MS;
  return {
    current: { since: isoDate(sinceMs), until: isoDate(untilMs) },
    previous: { since: isoDate(sinceMs - state.days * DAY_MS), until: isoDate(sinceMs) },
  };
}
