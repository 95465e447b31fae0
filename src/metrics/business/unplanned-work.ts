/**
 * Unplanned work and technical-debt interest, in hours and money per month.
 *
 * Unplanned work (a count-based measure, chosen because Panorama does not know how many hours
 * each change took): of the production deployments finished in `[start, end)`, the share that
 * were unplanned = kind rollback, revert or hotfix, or trigger `incident_remediation`. Beside
 * it, the hours measured directly: incident responder hours of the incidents that started in
 * the window (incident-metrics.ts), per month = hours / (window days / 30.4375), and their cost
 * = hours per month x engineering cost per hour. The share is a proxy for the share of
 * engineering capacity going to unplanned work; the docs say so.
 * Example: 2 unplanned of 8 deployments -> 0.25; 12 responder hours over 91.3125 days (3
 * months) -> 4 h/month -> 380 EUR/month at 95 EUR/h.
 *
 * Debt interest: the register's items open at the window end (`createdAt < end` and not
 * resolved before `end`); interest per month = sum(interest hours per month) x engineering cost
 * per hour; principal = sum(principal hours) x engineering cost per hour.
 */
import { isProductionDeployment, type DebtItem, type Deployment, type Instant } from '../../domain/index.js';
import { roundHalfAwayFromZero, roundRate } from '../stats.js';
import { DAYS_PER_MONTH, type BusinessParams } from './business-params.js';
import { num, roundMoney, type Money } from './money.js';

const DAY_MS = 86_400_000;

export interface UnplannedWork {
  production_deployments: number;
  unplanned_deployments: number;
  /** unplanned / production deployments, 4 decimals; null with no deployments. */
  unplanned_share: number | null;
  by_kind: { rollback: number; revert: number; hotfix: number; remediation_only: number };
  /** Evidence: the unplanned deployments' ids, by finish time. */
  deployment_ids: string[];
  incident_response_hours: number;
  incident_response_hours_per_month: number;
  incident_response_cost_per_month: Money;
  reason: string | null;
}

function isUnplanned(d: Deployment): boolean {
  return d.kind !== 'regular' || d.trigger === 'incident_remediation';
}

export function windowMonths(w: { start: Instant; end: Instant }): number {
  return (w.end - w.start) / DAY_MS / DAYS_PER_MONTH;
}

/** Hours per month times the engineering cost, as a Money with its formula. */
export function hoursCostPerMonth(hoursPerMonth: number, params: BusinessParams, formula: string, extra: Record<string, number | string | null> = {}): Money {
  const c = params.currency;
  const inputs = { ...extra, hours_per_month: hoursPerMonth, engineering_cost_per_hour: params.engineeringCostPerHour };
  if (params.engineeringCostPerHour === null) return { value: null, currency: c, formula, calculation: null, inputs, reason: 'no-engineering-cost-configured' };
  const value = roundMoney(hoursPerMonth * params.engineeringCostPerHour);
  return { value, currency: c, formula, calculation: `${num(hoursPerMonth)} h x ${num(params.engineeringCostPerHour)} ${c}/h = ${num(value)} ${c}`, inputs, reason: null };
}

export function unplannedWork(deployments: readonly Deployment[], responderHours: number, params: BusinessParams, w: { start: Instant; end: Instant }): UnplannedWork {
  const prod = deployments
    .filter((d) => isProductionDeployment(d) && d.finishedAt >= w.start && d.finishedAt < w.end)
    .sort((a, b) => a.finishedAt - b.finishedAt || a.id.localeCompare(b.id));
  const unplanned = prod.filter(isUnplanned);
  const count = (k: Deployment['kind']) => unplanned.filter((d) => d.kind === k).length;
  const months = windowMonths(w);
  const perMonth = months > 0 ? responderHours / months : 0;
  return {
    production_deployments: prod.length,
    unplanned_deployments: unplanned.length,
    unplanned_share: roundRate(unplanned.length, prod.length),
    by_kind: { rollback: count('rollback'), revert: count('revert'), hotfix: count('hotfix'), remediation_only: unplanned.filter((d) => d.kind === 'regular').length },
    deployment_ids: unplanned.map((d) => d.id),
    incident_response_hours: roundHalfAwayFromZero(responderHours, 4),
    incident_response_hours_per_month: roundHalfAwayFromZero(perMonth, 4),
    incident_response_cost_per_month: hoursCostPerMonth(perMonth, params, 'incident_response_hours_per_month x engineering_cost_per_hour', {
      incident_response_hours: responderHours,
      window_months: roundHalfAwayFromZero(months, 6),
    }),
    reason: prod.length === 0 ? 'no-deployments' : null,
  };
}

export interface DebtItemCost {
  id: string;
  service: string;
  title: string;
  interest_hours_per_month: number;
  principal_hours: number;
  interest_per_month: Money;
  incident_ids: string[];
  pull_request_ids: string[];
  url: string | null;
}

export interface DebtInterest {
  /** Items open at the window end. */
  open_items: number;
  interest_hours_per_month: number;
  principal_hours: number;
  interest_per_month: Money;
  principal: Money;
  /** Open items, highest interest first (then id). */
  items: DebtItemCost[];
  reason: string | null;
}

/** Whether a debt item is open at instant `t`. */
export function isDebtOpenAt(item: DebtItem, t: Instant): boolean {
  return item.createdAt < t && (item.resolvedAt === null || item.resolvedAt >= t);
}

export function debtInterest(items: readonly DebtItem[], params: BusinessParams, at: Instant): DebtInterest {
  const open = items.filter((i) => isDebtOpenAt(i, at)).sort((a, b) => b.interestHoursPerMonth - a.interestHoursPerMonth || a.id.localeCompare(b.id));
  const interestHours = open.reduce((s, i) => s + i.interestHoursPerMonth, 0);
  const principalHours = open.reduce((s, i) => s + i.principalHours, 0);
  const principal = hoursCostPerMonth(principalHours, params, 'principal_hours x engineering_cost_per_hour');
  // The principal is a one-off amount, not per month: restate its inputs and calculation.
  principal.inputs = { principal_hours: principalHours, engineering_cost_per_hour: params.engineeringCostPerHour };
  return {
    open_items: open.length,
    interest_hours_per_month: roundHalfAwayFromZero(interestHours, 4),
    principal_hours: roundHalfAwayFromZero(principalHours, 4),
    interest_per_month: hoursCostPerMonth(interestHours, params, 'interest_hours_per_month x engineering_cost_per_hour', { items: open.length }),
    principal,
    items: open.map((i) => ({
      id: i.id,
      service: i.service,
      title: i.title,
      interest_hours_per_month: i.interestHoursPerMonth,
      principal_hours: i.principalHours,
      interest_per_month: hoursCostPerMonth(i.interestHoursPerMonth, params, 'interest_hours_per_month x engineering_cost_per_hour'),
      incident_ids: [...i.incidentIds],
      pull_request_ids: [...i.pullRequestIds],
      url: i.url,
    })),
    reason: open.length === 0 ? 'no-open-debt' : null,
  };
}
