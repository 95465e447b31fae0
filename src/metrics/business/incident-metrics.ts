/**
 * Incident metrics for the business view: MTTA, MTTR, customer-impact minutes, responder hours
 * and the estimated cost of each incident.
 *
 * Window: an incident belongs to the window `[start, end)` its `startedAt` falls in (the
 * quarter an incident starts in carries all of its cost, even when it is resolved later).
 * - Impact = `resolvedAt - startedAt`; an open incident is counted up to the window end (or up
 *   to now, for a window that has not ended) and flagged `open` (its impact and cost will still
 *   grow).
 * - MTTA (mean time to acknowledge) = mean of `acknowledgedAt - (detectedAt ?? startedAt)`: the
 *   clock starts when someone could know (the alert, as PagerDuty and Atlassian measure it),
 *   falling back to the start of impact when detection is not recorded.
 * - MTTR (mean time to resolve) = mean of `resolvedAt - startedAt` over resolved incidents.
 * - Responder hours: from `incident.extra.responders`, a list of `{name, from, to}` (ISO
 *   timestamps; `from` defaults to acknowledgement or start, `to` to resolution or window end),
 *   or a number `incident.extra.responder_hours`; with neither, one responder from
 *   acknowledgement (or start) to resolution, flagged `responders_estimated`.
 * - Cost = impact minutes x revenue per minute x share at risk(severity)
 *          + responder hours x engineering cost per hour.
 * Example: SEV2 (share 0.25) of 90 min on a service earning 1,200 EUR/h (20 EUR/min) with 3
 * responder hours at 95 EUR/h costs 90 x 20 x 0.25 + 3 x 95 = 450 + 285 = 735 EUR.
 */
import { formatInstant, parseTimestamp, type Incident, type Instant } from '../../domain/index.js';
import { mean, median, roundHalfAwayFromZero, roundSeconds } from '../stats.js';
import { serviceRevenue, shareAtRisk, type BusinessParams } from './business-params.js';
import { num, roundMoney, sumMoney, type Money } from './money.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const INCIDENT_COST_FORMULA =
  'impact_minutes x revenue_per_minute x share_at_risk + responder_hours x engineering_cost_per_hour';

/** One responder's time on an incident. */
export interface ResponderTime {
  name: string | null;
  from: string;
  to: string;
  hours: number;
}

/** One incident's business figures. */
export interface IncidentBusiness {
  incident_id: string;
  service: string;
  title: string | null;
  severity: string | null;
  started_at: string;
  resolved_at: string | null;
  /** Resolution not recorded: impact counted up to the window end. */
  open: boolean;
  /** Impact minutes, 2 decimals. */
  impact_minutes: number;
  /** acknowledgedAt - (detectedAt ?? startedAt), whole seconds; null when not acknowledged. */
  seconds_to_acknowledge: number | null;
  /** resolvedAt - startedAt, whole seconds; null while open. */
  seconds_to_resolve: number | null;
  /** Responder hours, 4 decimals. */
  responder_hours: number;
  responders: ResponderTime[];
  /** No responder data: one responder from acknowledgement (or start) to resolution assumed. */
  responders_estimated: boolean;
  cost: Money;
}

export interface IncidentSummary {
  incidents: number;
  open: number;
  /** Mean and median time to acknowledge, whole seconds, over acknowledged incidents. */
  mtta_seconds: number | null;
  median_tta_seconds: number | null;
  acknowledged: number;
  /** Mean and median time to resolve, whole seconds, over resolved incidents. */
  mttr_seconds: number | null;
  median_ttr_seconds: number | null;
  resolved: number;
  impact_minutes: number;
  responder_hours: number;
  total_cost: Money;
  /** The incidents, most expensive first (then by start, id). */
  per_incident: IncidentBusiness[];
  reason: string | null;
}

interface RawResponder {
  name?: unknown;
  from?: unknown;
  to?: unknown;
}

function instantOf(value: unknown): Instant | null {
  if (typeof value !== 'string') return null;
  const parsed = parseTimestamp(value);
  return parsed.ok ? parsed.value : null;
}

function respondersOf(incident: Incident, defaultFrom: Instant, defaultTo: Instant): { list: ResponderTime[]; hours: number; estimated: boolean } {
  const extra = incident.extra ?? {};
  const raw = extra['responders'];
  if (Array.isArray(raw) && raw.length > 0) {
    const list: ResponderTime[] = [];
    for (const r of raw as RawResponder[]) {
      if (r === null || typeof r !== 'object') continue;
      const from = instantOf(r.from) ?? defaultFrom;
      const to = instantOf(r.to) ?? defaultTo;
      const hours = Math.max(0, to - from) / HOUR_MS;
      list.push({ name: typeof r.name === 'string' ? r.name : null, from: formatInstant(from), to: formatInstant(to), hours: roundHalfAwayFromZero(hours, 4) });
    }
    return { list, hours: list.reduce((s, r) => s + r.hours, 0), estimated: false };
  }
  const given = extra['responder_hours'];
  if (typeof given === 'number' && Number.isFinite(given) && given >= 0) return { list: [], hours: given, estimated: false };
  const hours = Math.max(0, defaultTo - defaultFrom) / HOUR_MS;
  return { list: [{ name: null, from: formatInstant(defaultFrom), to: formatInstant(defaultTo), hours: roundHalfAwayFromZero(hours, 4) }], hours, estimated: true };
}

/** The estimated cost of one incident (see the file comment). */
export function incidentCost(input: { service: string; severity: string | null; impactMinutes: number; responderHours: number }, params: BusinessParams): Money {
  const revenue = serviceRevenue(params, input.service);
  const risk = shareAtRisk(params, input.severity);
  const c = params.currency;
  const inputs: Record<string, number | string | null> = {
    impact_minutes: input.impactMinutes,
    revenue_per_hour: revenue.revenuePerHour,
    revenue_per_minute: revenue.revenuePerHour === null ? null : revenue.revenuePerHour / 60,
    revenue_source: revenue.source,
    severity: input.severity,
    share_at_risk: risk.share,
    share_at_risk_key: risk.key,
    responder_hours: input.responderHours,
    engineering_cost_per_hour: params.engineeringCostPerHour,
  };
  if (revenue.share !== null) inputs['revenue_share'] = revenue.share;
  const base = { currency: c, formula: INCIDENT_COST_FORMULA, inputs };
  if (revenue.revenuePerHour === null) return { ...base, value: null, calculation: null, reason: 'no-revenue-configured' };
  if (params.engineeringCostPerHour === null) return { ...base, value: null, calculation: null, reason: 'no-engineering-cost-configured' };
  const perMinute = revenue.revenuePerHour / 60;
  const revenuePart = input.impactMinutes * perMinute * risk.share;
  const engineeringPart = input.responderHours * params.engineeringCostPerHour;
  const value = roundMoney(revenuePart + engineeringPart);
  const calculation =
    `${num(input.impactMinutes)} min x ${num(perMinute)} ${c}/min x ${num(risk.share)} + ` +
    `${num(input.responderHours)} h x ${num(params.engineeringCostPerHour)} ${c}/h = ${num(value)} ${c}`;
  return { ...base, value, calculation, reason: null };
}

/**
 * Business figures of the incidents that started in `[window.start, window.end)`. An open
 * incident counts up to `openUntil` (now, when the window has not ended yet), never into the
 * future.
 */
export function incidentMetrics(
  incidents: readonly Incident[],
  params: BusinessParams,
  window: { start: Instant; end: Instant },
  openUntil: Instant = window.end,
): IncidentSummary {
  const inWindow = incidents.filter((i) => i.startedAt >= window.start && i.startedAt < window.end);
  const per: IncidentBusiness[] = inWindow.map((i) => {
    const open = i.resolvedAt === null;
    const impactEnd = i.resolvedAt ?? Math.max(i.startedAt, Math.min(window.end, openUntil));
    const impactMinutes = Math.max(0, impactEnd - i.startedAt) / MINUTE_MS;
    const responders = respondersOf(i, i.acknowledgedAt ?? i.startedAt, impactEnd);
    const responderHours = roundHalfAwayFromZero(responders.hours, 4);
    return {
      incident_id: i.id,
      service: i.service,
      title: i.title,
      severity: i.severity,
      started_at: formatInstant(i.startedAt),
      resolved_at: i.resolvedAt === null ? null : formatInstant(i.resolvedAt),
      open,
      impact_minutes: roundHalfAwayFromZero(impactMinutes, 2),
      seconds_to_acknowledge: i.acknowledgedAt === null ? null : Math.trunc((i.acknowledgedAt - (i.detectedAt ?? i.startedAt)) / 1000),
      seconds_to_resolve: i.resolvedAt === null ? null : Math.trunc((i.resolvedAt - i.startedAt) / 1000),
      responder_hours: responderHours,
      responders: responders.list,
      responders_estimated: responders.estimated,
      cost: incidentCost({ service: i.service, severity: i.severity, impactMinutes, responderHours }, params),
    };
  });
  per.sort((a, b) => (b.cost.value ?? -1) - (a.cost.value ?? -1) || a.started_at.localeCompare(b.started_at) || a.incident_id.localeCompare(b.incident_id));
  const tta = per.flatMap((p) => (p.seconds_to_acknowledge === null ? [] : [p.seconds_to_acknowledge]));
  const ttr = per.flatMap((p) => (p.seconds_to_resolve === null ? [] : [p.seconds_to_resolve]));
  const med = (v: number[]) => median(v);
  return {
    incidents: per.length,
    open: per.filter((p) => p.open).length,
    mtta_seconds: roundSeconds(mean(tta)),
    median_tta_seconds: med(tta),
    acknowledged: tta.length,
    mttr_seconds: roundSeconds(mean(ttr)),
    median_ttr_seconds: med(ttr),
    resolved: ttr.length,
    impact_minutes: roundHalfAwayFromZero(per.reduce((s, p) => s + p.impact_minutes, 0), 2),
    responder_hours: roundHalfAwayFromZero(per.reduce((s, p) => s + p.responder_hours, 0), 4),
    total_cost: sumMoney(per.map((p) => p.cost), params.currency, 'sum of the incident costs'),
    per_incident: per,
    reason: per.length === 0 ? 'no-incidents' : null,
  };
}
