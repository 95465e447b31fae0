/**
 * The five DORA tiles: how each reads its value, level and reason from the report, and
 * whether higher is better (for the colour of the change against the previous window).
 */
import type { Level, Report } from '../api-client/types.js';
import { formatDuration, formatPerWeek, formatRate } from './format.js';

export type MetricKey =
  | 'deployment_frequency'
  | 'change_lead_time'
  | 'change_failure_rate'
  | 'deployment_rework_rate'
  | 'failed_deployment_recovery_time';

/** One week of a tile's sparkline. */
export interface SparkPoint {
  week_start: string;
  value: number | null;
}

export interface MetricDef {
  key: MetricKey;
  title: string;
  betterWhen: 'higher' | 'lower';
  value: (report: Report) => number | null;
  format: (value: number | null) => string;
  level: (report: Report) => Level | null;
  reason: (report: Report) => string | null;
  /** What the figure counts, in a few words under the value. */
  detail: (report: Report) => string;
  /** The same figure week by week (the report's `per_week`), for the sparkline. */
  weekly: (report: Report) => SparkPoint[];
  /** How a weekly value reads aloud (screen readers). */
  formatWeek: (value: number | null) => string;
}

export const METRICS: readonly MetricDef[] = [
  {
    key: 'deployment_frequency',
    title: 'Deployment frequency',
    betterWhen: 'higher',
    value: (r) => r.dora.deployment_frequency.mean_deployments_per_week,
    format: formatPerWeek,
    level: (r) => r.dora.deployment_frequency.level,
    reason: (r) => r.dora.deployment_frequency.reason,
    detail: (r) => `${r.dora.deployment_frequency.count} production deployments`,
    weekly: (r) => r.dora.deployment_frequency.per_week.map((w) => ({ week_start: w.week_start, value: w.deployments })),
    formatWeek: (v) => (v === null ? 'none' : String(v)),
  },
  {
    key: 'change_lead_time',
    title: 'Change lead time',
    betterWhen: 'lower',
    value: (r) => r.dora.change_lead_time.median_seconds,
    format: formatDuration,
    level: (r) => r.dora.change_lead_time.level,
    reason: (r) => r.dora.change_lead_time.reason,
    detail: (r) => `median of ${r.dora.change_lead_time.changes} changes`,
    weekly: (r) => r.dora.change_lead_time.per_week.map((w) => ({ week_start: w.week_start, value: w.median_seconds })),
    formatWeek: formatDuration,
  },
  {
    key: 'change_failure_rate',
    title: 'Change failure rate',
    betterWhen: 'lower',
    value: (r) => r.dora.change_failure_rate.value,
    format: formatRate,
    level: (r) => r.dora.change_failure_rate.level,
    reason: (r) => r.dora.change_failure_rate.reason,
    detail: (r) => `${r.dora.change_failure_rate.numerator} of ${r.dora.change_failure_rate.denominator} deployments failed`,
    weekly: (r) => r.dora.change_failure_rate.per_week.map((w) => ({ week_start: w.week_start, value: w.value })),
    formatWeek: formatRate,
  },
  {
    key: 'deployment_rework_rate',
    title: 'Deployment rework rate',
    betterWhen: 'lower',
    value: (r) => r.dora.deployment_rework_rate.value,
    format: formatRate,
    level: () => null,
    reason: (r) => r.dora.deployment_rework_rate.reason,
    detail: (r) => `${r.dora.deployment_rework_rate.numerator} of ${r.dora.deployment_rework_rate.denominator} were fixes`,
    weekly: (r) => r.dora.deployment_rework_rate.per_week.map((w) => ({ week_start: w.week_start, value: w.value })),
    formatWeek: formatRate,
  },
  {
    key: 'failed_deployment_recovery_time',
    title: 'Recovery time',
    betterWhen: 'lower',
    value: (r) => r.dora.failed_deployment_recovery_time.median_seconds,
    format: formatDuration,
    level: (r) => r.dora.failed_deployment_recovery_time.level,
    reason: (r) => r.dora.failed_deployment_recovery_time.reason,
    detail: (r) => {
      const t = r.dora.failed_deployment_recovery_time;
      return `median of ${t.recovered} recovered, ${t.failures - t.recovered} open`;
    },
    weekly: (r) => r.dora.failed_deployment_recovery_time.per_week.map((w) => ({ week_start: w.week_start, value: w.median_seconds })),
    formatWeek: formatDuration,
  },
];

/** The text a tile shows as its value, for the report. */
export function tileValueText(report: Report, key: MetricKey): string {
  const def = METRICS.find((m) => m.key === key);
  if (def === undefined) throw new Error(`unknown metric ${key}`);
  return def.format(def.value(report));
}
