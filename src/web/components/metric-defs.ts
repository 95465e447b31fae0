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
  },
];

/** The text a tile shows as its value, for the report. */
export function tileValueText(report: Report, key: MetricKey): string {
  const def = METRICS.find((m) => m.key === key);
  if (def === undefined) throw new Error(`unknown metric ${key}`);
  return def.format(def.value(report));
}
