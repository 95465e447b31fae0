/**
 * The headline rows both human views (text and Markdown) show: one per DORA metric, with its
 * value, level and change against the previous window. The numbers come from the engine's
 * report; this only picks and formats them.
 */
import type { Report } from '../metrics/index.js';
import { formatDuration, formatNumber, formatPercent, toneOf, type Tone } from './format-values.js';

export interface SummaryRow {
  label: string;
  value: string;
  detail: string;
  level: string | null;
  delta: string;
  tone: Tone;
}

function diff(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : a - b;
}

function signed(text: string, d: number): string {
  return d > 0 ? `+${text}` : text;
}

function durationDelta(a: number | null, b: number | null | undefined): { delta: string; tone: Tone } {
  const d = diff(a, b);
  return { delta: d === null ? '—' : signed(formatDuration(d), d), tone: toneOf(d, true) };
}

function pointsDelta(a: number | null, b: number | null | undefined): { delta: string; tone: Tone } {
  const d = diff(a, b);
  return { delta: d === null ? '—' : `${signed((d * 100).toFixed(1), d)} pts`, tone: toneOf(d, true) };
}

/** The six headline rows; `previous` is the report of the window of equal length just before. */
export function summaryRows(report: Report, previous: Report | null): SummaryRow[] {
  const { dora } = report;
  const prev = previous?.dora;
  const df = dora.deployment_frequency;
  const dfDelta = diff(df.mean_deployments_per_week, prev?.deployment_frequency.mean_deployments_per_week);
  const lt = dora.change_lead_time;
  const cfr = dora.change_failure_rate;
  const rec = dora.failed_deployment_recovery_time;
  const rw = dora.deployment_rework_rate;
  const ttr = dora.time_to_restore_service;
  return [
    {
      label: 'Deployment frequency',
      value: df.mean_deployments_per_week === null ? '—' : `${formatNumber(df.mean_deployments_per_week)} / week`,
      detail: `${df.count} deployments; median ${formatNumber(df.median_deploy_days_per_week)} deploy days/week${df.band ? ` (${df.band.replaceAll('_', ' ')})` : ''}`,
      level: df.level,
      delta: dfDelta === null ? '—' : `${signed(formatNumber(dfDelta), dfDelta)} / week`,
      tone: toneOf(dfDelta, false),
    },
    {
      label: 'Change lead time',
      value: formatDuration(lt.median_seconds),
      detail: lt.changes ? `median of ${lt.changes} changes; p75 ${formatDuration(lt.p75_seconds)}, p90 ${formatDuration(lt.p90_seconds)}` : (lt.reason ?? ''),
      level: lt.level,
      ...durationDelta(lt.median_seconds, prev?.change_lead_time.median_seconds),
    },
    {
      label: 'Change failure rate',
      value: formatPercent(cfr.value),
      detail: cfr.denominator ? `${cfr.numerator} of ${cfr.denominator} deployments failed` : (cfr.reason ?? ''),
      level: cfr.level,
      ...pointsDelta(cfr.value, prev?.change_failure_rate.value),
    },
    {
      label: 'Failed deployment recovery',
      value: formatDuration(rec.median_seconds),
      detail: rec.failures
        ? `median of ${rec.recovered} recovered${rec.unrecovered.length ? `, ${rec.unrecovered.length} still open` : ''}`
        : (rec.reason ?? ''),
      level: rec.level,
      ...durationDelta(rec.median_seconds, prev?.failed_deployment_recovery_time.median_seconds),
    },
    {
      label: 'Deployment rework rate',
      value: formatPercent(rw.value),
      detail: rw.denominator ? `${rw.numerator} of ${rw.denominator} deployments remediated incidents` : (rw.reason ?? ''),
      level: null,
      ...pointsDelta(rw.value, prev?.deployment_rework_rate.value),
    },
    {
      label: 'Time to restore (all)',
      value: formatDuration(ttr.median_seconds),
      detail: ttr.incidents ? `median of ${ttr.incidents} incidents resolved (legacy, not DORA)` : (ttr.reason ?? ''),
      level: null,
      ...durationDelta(ttr.median_seconds, previous?.dora.time_to_restore_service.median_seconds),
    },
  ];
}

/** The flow line: medians of each lead-time step. */
export function flowLine(report: Report): string {
  const f = report.flow;
  if (!f.pull_requests) return `no merged pull requests in the window`;
  const step = (name: string, s: { median_seconds: number | null }) => `${name} ${formatDuration(s.median_seconds)}`;
  return `${[step('coding', f.coding), step('pickup', f.pickup), step('review', f.review), step('deploy', f.deploy)].join(' · ')} (median over ${f.pull_requests} merged pull requests)`;
}

/**
 * The Quick Check line: each score (0..10) beside the 2025 all-industry mean METRICS.md gives,
 * then the throughput and stability group scores. Means are shown as published, never averaged.
 */
export function quickCheckLine(report: Report): string {
  const q = report.quick_check;
  const m = q.industry_means;
  const score = (s: number | null) => (s === null ? '—' : formatNumber(s));
  const parts = [
    `lead time ${score(q.lead_time.score)} (mean ${m.lead_time})`,
    `frequency ${score(q.deployment_frequency.score)} (${m.deployment_frequency})`,
    `recovery ${score(q.failed_deployment_recovery_time.score)} (${m.failed_deployment_recovery_time})`,
    `change fail ${score(q.change_failure_rate.score)} (${m.change_failure_rate})`,
    `rework ${score(q.deployment_rework_rate.score)} (${m.deployment_rework_rate})`,
  ];
  return `throughput ${score(q.throughput.score)}/10 · stability ${score(q.stability.score)}/10; ${parts.join(', ')}; means: ${m.year} ${m.population}`;
}
