/**
 * Multi-window, multi-burn-rate alerts, as the Google SRE workbook recommends (chapter
 * "Alerting on SLOs", https://sre.google/workbook/alerting-on-slos/, table "Recommended
 * starting values"): an alert fires when the burn rate is above its threshold over BOTH the
 * long window (the budget really is burning) and the short window (it is still burning now, so
 * the alert resets soon after a fix).
 *
 * | severity | long window | short window | burn rate | budget consumed |
 * | page     | 1 h         | 5 min        | 14.4      | 2%              |
 * | page     | 6 h         | 30 min       | 6         | 5%              |
 * | ticket   | 3 days      | 6 h          | 1         | 10%             |
 *
 * The workbook derives the thresholds for a 30-day SLO window; Panorama keeps them as published
 * for every window length (on 28 days, 14.4x for 1 h spends 2.14% of the budget).
 * Comparison is strict, as in the workbook's rules (`> 14.4 * 0.001`): exactly 14.4 does not fire.
 * Burn rate over a window `[now - w, now)` = bad ratio / (1 - target/100), measured like
 * availability.ts (samples with `now - w < at <= now`, else incident time).
 * Example: 99.9% target, an outage since 10:00, evaluated at 10:06: the 5-min window is all bad
 * (burn 1000) and the 1-h window 6/60 bad (burn 100): the 1 h / 5 min page fires.
 */
import { formatInstant, type Incident, type Instant, type UptimeSample } from '../../domain/index.js';
import { roundHalfAwayFromZero } from '../stats.js';
import { measure } from './availability.js';
import { sampleSeries } from './sample-series.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface BurnRateRule {
  severity: 'page' | 'ticket';
  longWindowMs: number;
  shortWindowMs: number;
  burnRate: number;
  /** Share of a 30-day budget spent over the long window at this burn rate. */
  budgetConsumed: number;
  /** `1h/5m`: stable name. */
  name: string;
}

/** The workbook's recommended starting values. */
export const BURN_RATE_RULES: readonly BurnRateRule[] = [
  { severity: 'page', longWindowMs: HOUR_MS, shortWindowMs: 5 * MINUTE_MS, burnRate: 14.4, budgetConsumed: 0.02, name: '1h/5m' },
  { severity: 'page', longWindowMs: 6 * HOUR_MS, shortWindowMs: 30 * MINUTE_MS, burnRate: 6, budgetConsumed: 0.05, name: '6h/30m' },
  { severity: 'ticket', longWindowMs: 72 * HOUR_MS, shortWindowMs: 6 * HOUR_MS, burnRate: 1, budgetConsumed: 0.1, name: '3d/6h' },
];

export interface BurnRateAlert {
  rule: string;
  severity: 'page' | 'ticket';
  threshold: number;
  /** Burn rates over the long and short windows ending at `now`, 4 decimals; null: no data. */
  long_burn_rate: number | null;
  short_burn_rate: number | null;
  firing: boolean;
  source: 'uptime_samples' | 'incidents';
  /** Incidents whose impact touched the long window (evidence). */
  incident_ids: string[];
}

export interface ServiceAlerts {
  service: string;
  slo_target: number;
  evaluated_at: string;
  alerts: BurnRateAlert[];
  /** The most severe firing alert's severity, or null. */
  firing: 'page' | 'ticket' | null;
}

/** Evaluates every rule for one service at `now` (rates at 10 decimals decide; output has 4). */
export function evaluateBurnRateAlerts(
  service: string,
  target: number,
  incidents: readonly Incident[],
  samples: readonly UptimeSample[],
  now: Instant,
  rules: readonly BurnRateRule[] = BURN_RATE_RULES,
): ServiceAlerts {
  const own = incidents.filter((i) => i.service === service);
  const ownSamples = sampleSeries(samples, service);
  // Rounded to 10 decimals so binary noise (1 - 99.9/100 = 0.0010000000000000009) never
  // moves a burn rate across its threshold: exactly 14.4x stays exactly 14.4.
  const budget = roundHalfAwayFromZero(1 - target / 100, 10);
  const rate = (ms: number, source?: 'uptime_samples' | 'incidents') => {
    const m = measure(own, ownSamples, { start: now - ms, end: now }, source);
    return { m, burn: m.badRatio === null || budget <= 0 ? null : roundHalfAwayFromZero(m.badRatio / budget, 10) };
  };
  const alerts = rules.map((r): BurnRateAlert => {
    const long = rate(r.longWindowMs);
    // The short window is measured as the long one was: samples, or incidents.
    const short = rate(r.shortWindowMs, long.m.source);
    const firing = long.burn !== null && short.burn !== null && long.burn > r.burnRate && short.burn > r.burnRate;
    return {
      rule: r.name,
      severity: r.severity,
      threshold: r.burnRate,
      long_burn_rate: long.burn === null ? null : roundHalfAwayFromZero(long.burn, 4),
      short_burn_rate: short.burn === null ? null : roundHalfAwayFromZero(short.burn, 4),
      firing,
      source: long.m.source,
      incident_ids: long.m.incidentIds,
    };
  });
  const firing = alerts.some((a) => a.firing && a.severity === 'page') ? 'page' : alerts.some((a) => a.firing) ? 'ticket' : null;
  return { service, slo_target: target, evaluated_at: formatInstant(now), alerts, firing };
}
