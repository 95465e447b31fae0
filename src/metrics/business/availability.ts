/**
 * Availability of a service over a window, its error budget and burn rate.
 *
 * Two sources, the first that has data wins:
 * - Uptime samples (`{service, at, good, total}`): a request-based SLI. A sample describes the
 *   interval that ends at `at`, so it counts in a window `[start, end)` when
 *   `start < at <= end`. Availability = sum(good) / sum(total).
 * - Incident impact windows: a time-based SLI. Every incident of the service is bad time from
 *   `startedAt` to `resolvedAt` (open: to the window end); overlapping incidents are merged so
 *   no minute counts twice; each is clipped to the window. Availability = 1 - bad / window.
 * With neither (no samples and no incident touching the window) availability is 1 from
 * incidents (a quiet service is up), never null, unless the window is empty.
 *
 * Error budget (SLO target t in percent): allowed bad ratio = 1 - t/100; for the incident
 * source also in minutes = (1 - t/100) x window minutes. Burn rate = bad ratio / allowed bad
 * ratio (1 = the budget lasts exactly the window); budget consumed = burn rate over the SLO
 * window; budget left = 1 - consumed (negative when overspent).
 * Example: 99.9% over 28 days allows 40.32 min; one 30-min outage leaves 1 - 30/40.32 = 25.6%.
 * Rounding: availability 6 decimals, ratios and burn rates 4, minutes 2.
 */
import { formatInstant, type Incident, type Instant, type UptimeSample } from '../../domain/index.js';
import { roundHalfAwayFromZero } from '../stats.js';
import { sampleSeries, sumSamples, type SampleSeries } from './sample-series.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface TimeWindow {
  start: Instant;
  end: Instant;
}

/** What a window measured: bad and total, in minutes (incidents) or samples' units. */
export interface Measurement {
  source: 'uptime_samples' | 'incidents';
  /** Bad ratio in [0, 1], unrounded; null with no samples and an empty window. */
  badRatio: number | null;
  good: number;
  total: number;
  /** The incidents whose impact touched the window (incident source). */
  incidentIds: string[];
}

/** Merges overlapping `[from, to)` intervals (sorted result). */
export function mergeIntervals(intervals: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = intervals.filter(([a, b]) => b > a).map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Bad time of a service in `w` from its incidents, in ms, and the incidents that touched it. */
export function incidentBadTime(incidents: readonly Incident[], w: TimeWindow): { badMs: number; incidentIds: string[] } {
  const touching = incidents.filter((i) => i.startedAt < w.end && (i.resolvedAt ?? w.end) > w.start);
  const merged = mergeIntervals(touching.map((i) => [Math.max(i.startedAt, w.start), Math.min(i.resolvedAt ?? w.end, w.end)] as const));
  const badMs = merged.reduce((s, [a, b]) => s + (b - a), 0);
  return { badMs, incidentIds: touching.map((i) => i.id).sort() };
}

/**
 * Measures one service over `w`: its samples when any falls in it, else its incidents. With
 * `source` 'uptime_samples' (a shorter window than one already measured by samples), a window
 * holding no sample has no data (null), never the incidents' figure: one alert's two windows
 * are measured alike.
 */
export function measure(incidents: readonly Incident[], series: SampleSeries, w: TimeWindow, source?: Measurement['source']): Measurement {
  const { count, good, total } = sumSamples(series, w.start, w.end);
  if (count > 0 || source === 'uptime_samples') {
    return { source: 'uptime_samples', badRatio: total === 0 ? null : (total - good) / total, good, total, incidentIds: [] };
  }
  const minutes = (w.end - w.start) / MINUTE_MS;
  const { badMs, incidentIds } = incidentBadTime(incidents, w);
  const bad = badMs / MINUTE_MS;
  return { source: 'incidents', badRatio: minutes > 0 ? bad / minutes : null, good: minutes - bad, total: minutes, incidentIds };
}

/** A service's availability against its SLO over one window. */
export interface ServiceAvailability {
  service: string;
  source: 'uptime_samples' | 'incidents';
  window: { start: string; end: string; days: number };
  /** In [0, 1], 6 decimals; null with no usable data. */
  availability: number | null;
  /** Incident source: bad and window minutes (2 decimals); samples: bad and total counts. */
  bad: number;
  total: number;
  unit: 'minutes' | 'requests';
  /** SLO target in percent (99.9), or null when the service has none. */
  slo_target: number | null;
  /** Allowed bad ratio 1 - t/100 (4+ decimals kept: 0.001). */
  error_budget_ratio: number | null;
  /** Incident source only: allowed bad minutes over the window, 2 decimals. */
  error_budget_minutes: number | null;
  /** Share of the budget spent, 4 decimals (1.2 = 120%). */
  budget_consumed: number | null;
  /** 1 - consumed, 4 decimals; negative when overspent. */
  budget_remaining: number | null;
  /** Bad ratio / allowed bad ratio over the window, 4 decimals. */
  burn_rate: number | null;
  /** availability >= target; null without a target. */
  slo_met: boolean | null;
  /** Evidence: incidents whose impact touched the window (incident source). */
  incident_ids: string[];
}

/** Availability of one service over `w` against an optional SLO target (percent). */
export function serviceAvailability(
  service: string,
  incidents: readonly Incident[],
  samples: readonly UptimeSample[],
  w: TimeWindow,
  target: number | null,
): ServiceAvailability {
  const m = measure(incidents.filter((i) => i.service === service), sampleSeries(samples, service), w);
  const budgetRatio = target === null ? null : roundHalfAwayFromZero(1 - target / 100, 10);
  const burn = m.badRatio === null || budgetRatio === null || budgetRatio === 0 ? null : roundHalfAwayFromZero(m.badRatio / budgetRatio, 10);
  const minutesSource = m.source === 'incidents';
  return {
    service,
    source: m.source,
    window: { start: formatInstant(w.start), end: formatInstant(w.end), days: roundHalfAwayFromZero((w.end - w.start) / DAY_MS, 4) },
    availability: m.badRatio === null ? null : roundHalfAwayFromZero(1 - m.badRatio, 6),
    bad: roundHalfAwayFromZero(m.total - m.good, 2),
    total: roundHalfAwayFromZero(m.total, 2),
    unit: minutesSource ? 'minutes' : 'requests',
    slo_target: target,
    error_budget_ratio: budgetRatio,
    error_budget_minutes: budgetRatio === null || !minutesSource ? null : roundHalfAwayFromZero(budgetRatio * m.total, 2),
    budget_consumed: burn === null ? null : roundHalfAwayFromZero(burn, 4),
    budget_remaining: burn === null ? null : roundHalfAwayFromZero(1 - burn, 4),
    burn_rate: burn === null ? null : roundHalfAwayFromZero(burn, 4),
    slo_met: target === null || m.badRatio === null ? null : 1 - m.badRatio >= target / 100 - 1e-12,
    incident_ids: m.incidentIds,
  };
}
