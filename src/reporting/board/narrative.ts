/**
 * The board page's plain-language narrative, derived from the numbers by explicit rules (no
 * language model). Each rule has a threshold; a claim carries its evidence: the metric, its
 * previous and current values and the ids of the records behind it. Rules, in order:
 *
 * | rule                        | fires when                                                        |
 * | lead-time-trend             | median lead time x>=1.25 or x<=0.8 vs previous; names the flow step behind >= 50% of the move |
 * | deployment-frequency-trend  | deployments per week x>=1.5 or x<=0.67 vs previous                 |
 * | change-failure-rate-trend   | change failure rate moved by >= 5 points                          |
 * | incident-cost               | at least one incident and a known cost                            |
 * | slo-missed                  | a service's availability is below its SLO target                  |
 * | burn-rate-alert             | a burn-rate alert fires at the report's end                       |
 * | error-budget-low            | SLO met but less than 25% of the error budget left                |
 * | unplanned-work              | >= 20% of production deployments were unplanned                   |
 * | debt-interest               | the register has open items with a known cost                     |
 */
import type { BusinessReport, Report } from '../../metrics/index.js';
import { formatDuration, formatNumber } from '../format-values.js';
import { formatAvailability, formatMoney, periodName, wholePercent } from './board-format.js';

export interface ClaimEvidence {
  metric: string;
  previous: number | null;
  current: number | null;
  unit: 'seconds' | 'ratio' | 'per_week' | 'money' | 'hours_per_month' | 'burn_rate';
  /** The records behind the claim (at most 20; `record_count` says how many there are). */
  record_ids: string[];
  record_count: number;
  /** Further figures the sentence names (a flow step, a service). */
  detail?: Record<string, number | string | null>;
}

export interface NarrativeClaim {
  rule: string;
  text: string;
  tone: 'good' | 'bad' | 'neutral';
  evidence: ClaimEvidence;
}

const MAX_IDS = 20;
const STEPS = [
  { key: 'coding', phrase: 'time coding before the pull request opens' },
  { key: 'pickup', phrase: 'time waiting for the first review' },
  { key: 'review', phrase: 'time in review' },
  { key: 'deploy', phrase: 'time waiting for deployment after merge' },
] as const;

function ids(list: readonly string[]): { record_ids: string[]; record_count: number } {
  return { record_ids: list.slice(0, MAX_IDS), record_count: list.length };
}

/** Deployments per week: 2 decimals below 1 a week, where 1 decimal would hide the change. */
function perWeek(n: number): string {
  return formatNumber(n, n < 1 ? 2 : 1);
}

function changeWord(ratio: number): string {
  if (ratio >= 2.5) return `grew ${formatNumber(ratio)}-fold`;
  if (ratio >= 2) return 'doubled';
  if (ratio >= 1) return `rose by ${wholePercent(ratio - 1)}`;
  if (ratio <= 0.5) return 'halved';
  return `fell by ${wholePercent(1 - ratio)}`;
}

function leadTimeClaim(cur: Report, prev: Report, period: string): NarrativeClaim | null {
  const a = prev.dora.change_lead_time.median_seconds;
  const b = cur.dora.change_lead_time.median_seconds;
  if (a === null || b === null || a <= 0) return null;
  const ratio = b / a;
  if (ratio < 1.25 && ratio > 0.8) return null;
  const delta = b - a;
  // The flow step whose median moved most in the same direction, if it explains half the move.
  const moves = STEPS.map((s) => {
    const p = prev.flow[s.key].median_seconds;
    const c = cur.flow[s.key].median_seconds;
    return { ...s, p, c, d: p === null || c === null ? null : c - p };
  }).filter((m) => m.d !== null && Math.sign(m.d) === Math.sign(delta));
  moves.sort((x, y) => Math.abs(y.d as number) - Math.abs(x.d as number));
  const top = moves[0];
  const driver = top && Math.abs(top.d as number) >= 0.5 * Math.abs(delta) ? top : null;
  const perPr = cur.flow.per_pull_request ?? [];
  const field = driver ? (`${driver.key}_seconds` as const) : null;
  const prIds = field ? [...perPr].filter((p) => p[field] !== null).sort((x, y) => (y[field] as number) - (x[field] as number)).map((p) => p.pull_request_id) : [];
  const text =
    `Lead time ${changeWord(ratio)} ${period} (median ${formatDuration(a)} → ${formatDuration(b)})` +
    (driver ? `; most of the ${delta > 0 ? 'increase' : 'decrease'} is ${driver.phrase} (${formatDuration(driver.p)} → ${formatDuration(driver.c)}).` : '.');
  return {
    rule: 'lead-time-trend',
    text,
    tone: delta > 0 ? 'bad' : 'good',
    evidence: {
      metric: 'dora.change_lead_time.median_seconds', previous: a, current: b, unit: 'seconds', ...ids(prIds),
      ...(driver ? { detail: { step: driver.key, step_previous_seconds: driver.p, step_current_seconds: driver.c } } : {}),
    },
  };
}

function frequencyClaim(cur: Report, prev: Report, period: string): NarrativeClaim | null {
  const a = prev.dora.deployment_frequency.mean_deployments_per_week;
  const b = cur.dora.deployment_frequency.mean_deployments_per_week;
  if (a === null || b === null || a <= 0) return null;
  const ratio = b / a;
  if (ratio < 1.5 && ratio > 0.67) return null;
  return {
    rule: 'deployment-frequency-trend',
    text: `Deployments ${changeWord(ratio)} ${period}: ${perWeek(b)} a week, against ${perWeek(a)}.`,
    tone: ratio > 1 ? 'good' : 'bad',
    evidence: { metric: 'dora.deployment_frequency.mean_deployments_per_week', previous: a, current: b, unit: 'per_week', ...ids(cur.dora.deployment_frequency.deployment_ids ?? []) },
  };
}

function failureRateClaim(cur: Report, prev: Report, period: string): NarrativeClaim | null {
  const a = prev.dora.change_failure_rate.value;
  const b = cur.dora.change_failure_rate.value;
  if (a === null || b === null || Math.abs(b - a) < 0.05 - 1e-9) return null;
  const c = cur.dora.change_failure_rate;
  return {
    rule: 'change-failure-rate-trend',
    text: `Change failure rate ${b > a ? 'rose' : 'fell'} from ${formatNumber(a * 100)}% to ${formatNumber(b * 100)}% ${period}: ${c.numerator} of ${c.denominator} deployments failed.`,
    tone: b > a ? 'bad' : 'good',
    evidence: { metric: 'dora.change_failure_rate.value', previous: a, current: b, unit: 'ratio', ...ids(c.failed_deployments.map((f) => f.deployment_id)) },
  };
}

function incidentCostClaim(biz: BusinessReport, period: { current: string; previous: string }): NarrativeClaim | null {
  const s = biz.incidents;
  const total = s.total_cost.value;
  if (s.incidents === 0 || total === null) return null;
  const before = biz.incidents_previous.total_cost.value;
  const top = s.per_incident[0];
  const vs = before === null ? '' : before === 0 ? `, none ${period.previous}` : `, ${total >= before ? 'up' : 'down'} from ${formatMoney(before, biz.currency)} ${period.previous}`;
  const name = top ? (top.title ? `"${top.title}" (${top.incident_id})` : top.incident_id) : '';
  const topText = top && s.incidents > 1 && top.cost.value !== null ? `; the costliest, ${name}, cost ${formatMoney(top.cost.value, biz.currency)}` : '';
  return {
    rule: 'incident-cost',
    text: `Incidents cost an estimated ${formatMoney(total, biz.currency)} ${period.current} (${s.incidents} incident${s.incidents === 1 ? '' : 's'}, ${Math.round(s.impact_minutes).toLocaleString('en-US')} minutes of customer impact)${vs}${topText}.`,
    tone: before !== null && total > before ? 'bad' : 'neutral',
    evidence: { metric: 'incidents.total_cost', previous: before, current: total, unit: 'money', ...ids(s.per_incident.map((i) => i.incident_id)) },
  };
}

function sloClaims(biz: BusinessReport): NarrativeClaim[] {
  const out: NarrativeClaim[] = [];
  for (const a of biz.availability) {
    const c = a.current;
    if (c.slo_target === null) continue;
    const base = { metric: `availability.${a.service}`, previous: a.previous.availability, current: c.availability, unit: 'ratio' as const };
    const firing = a.alerts?.alerts.filter((x) => x.firing) ?? [];
    if (firing.length > 0 && a.alerts) {
      const worst = firing[0];
      out.push({
        rule: 'burn-rate-alert',
        text: `${a.service} is burning its error budget ${formatNumber(worst?.long_burn_rate ?? null)}x faster than sustainable (${worst?.severity} alert ${worst?.rule}, at ${a.alerts.evaluated_at.replace('T', ' ').replace('Z', ' UTC')}).`,
        tone: 'bad',
        evidence: { ...base, metric: `alerts.${a.service}.${worst?.rule}`, previous: null, current: worst?.long_burn_rate ?? null, unit: 'burn_rate', ...ids(worst?.incident_ids ?? []), detail: { threshold: worst?.threshold ?? null, short_burn_rate: worst?.short_burn_rate ?? null } },
      });
    }
    if (c.slo_met === false) {
      out.push({
        rule: 'slo-missed',
        text: `${a.service} missed its ${c.slo_target}% SLO: ${formatAvailability(c.availability)} over the last ${formatNumber(c.window.days, 0)} days, ${formatNumber(c.budget_consumed)}x its error budget.`,
        tone: 'bad',
        evidence: { ...base, ...ids(c.incident_ids), detail: { slo_target: c.slo_target, budget_consumed: c.budget_consumed } },
      });
    } else if (c.slo_met === true && c.budget_remaining !== null && c.budget_remaining < 0.25) {
      out.push({
        rule: 'error-budget-low',
        text: `${a.service} meets its ${c.slo_target}% SLO but has ${wholePercent(Math.max(0, c.budget_remaining))} of its error budget left.`,
        tone: 'bad',
        evidence: { ...base, ...ids(c.incident_ids), detail: { slo_target: c.slo_target, budget_remaining: c.budget_remaining } },
      });
    }
  }
  return out;
}

function unplannedClaim(biz: BusinessReport, period: { current: string; previous: string }): NarrativeClaim | null {
  const u = biz.unplanned;
  if (u.unplanned_share === null || u.unplanned_share < 0.2) return null;
  const before = biz.unplanned_previous.unplanned_share;
  return {
    rule: 'unplanned-work',
    text: `${wholePercent(u.unplanned_share)} of deployments ${period.current} were unplanned (${u.unplanned_deployments} of ${u.production_deployments}: rollbacks, reverts, hotfixes and incident fixes)${before === null ? '' : `, against ${wholePercent(before)} ${period.previous}`}.`,
    tone: 'bad',
    evidence: { metric: 'unplanned.unplanned_share', previous: before, current: u.unplanned_share, unit: 'ratio', ...ids(u.deployment_ids) },
  };
}

function debtClaim(biz: BusinessReport): NarrativeClaim | null {
  const d = biz.debt;
  const value = d.interest_per_month.value;
  if (d.open_items === 0 || value === null) return null;
  const top = d.items[0];
  const topText = top && d.open_items > 1 ? `; the costliest item, "${top.title}", takes ${formatNumber(top.interest_hours_per_month)} hours a month` : '';
  return {
    rule: 'debt-interest',
    text: `Technical debt costs ${formatMoney(value, biz.currency)} a month in interest (${formatNumber(d.interest_hours_per_month)} engineering hours over ${d.open_items} open item${d.open_items === 1 ? '' : 's'})${topText}.`,
    tone: 'neutral',
    evidence: { metric: 'debt.interest_per_month', previous: biz.debt_previous.interest_per_month.value, current: value, unit: 'money', ...ids(d.items.map((i) => i.id)) },
  };
}

/** Every claim the rules make, in the table's order. */
export function buildNarrative(current: Report, previous: Report, business: BusinessReport): NarrativeClaim[] {
  const period = periodName(business.window.days);
  return [
    leadTimeClaim(current, previous, period.current),
    frequencyClaim(current, previous, period.current),
    failureRateClaim(current, previous, period.current),
    incidentCostClaim(business, period),
    ...sloClaims(business),
    unplannedClaim(business, period),
    debtClaim(business),
  ].filter((c): c is NarrativeClaim => c !== null);
}
