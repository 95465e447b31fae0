/**
 * The business view of one organisation over a window: incident cost, MTTA/MTTR, availability
 * against each SLO with its error budget and burn-rate alerts, unplanned work and debt
 * interest, each beside its value in the previous window of equal length (the trend).
 * Pure: `now` is passed in. The JSON this returns is the contract of the board report and of
 * the HTTP API (`panorama.business/v1`): snake_case keys, ISO-8601 UTC instants, money as
 * `Money` (value, currency, formula, calculation, inputs).
 *
 * Windows: incidents by `startedAt`, deployments by `finishedAt`, both in `[start, end)`;
 * availability over each service's SLO window ending at the report's end (the report window
 * when the service has no SLO); alerts evaluated at `min(now, end)`; debt open at the end.
 */
import { formatInstant, type DebtItem, type Deployment, type Incident, type Instant, type UptimeSample } from '../../domain/index.js';
import { sloFor, type BusinessParams } from './business-params.js';
import { serviceAvailability, type ServiceAvailability } from './availability.js';
import { BURN_RATE_RULES, evaluateBurnRateAlerts, type ServiceAlerts } from './burn-rate-alerts.js';
import { incidentMetrics, type IncidentSummary } from './incident-metrics.js';
import { debtInterest, unplannedWork, type DebtInterest, type UnplannedWork } from './unplanned-work.js';

const DAY_MS = 86_400_000;

export interface BusinessInput {
  org: string;
  /** The services to show availability for (every service of the organisation). */
  services: readonly string[];
  incidents: readonly Incident[];
  deployments: readonly Deployment[];
  uptimeSamples: readonly UptimeSample[];
  debtItems: readonly DebtItem[];
}

export interface BusinessOptions {
  window: { start: Instant; end: Instant };
  now: Instant;
}

/** A service's availability now and in the previous window, and its alerts. */
export interface ServiceSlo {
  service: string;
  current: ServiceAvailability;
  previous: ServiceAvailability;
  /** Null when the service has no SLO target. */
  alerts: ServiceAlerts | null;
}

export interface BusinessReport {
  schema: 'panorama.business/v1';
  org: string;
  currency: string;
  window: { start: string; end: string; days: number };
  previous_window: { start: string; end: string };
  generated_at: string;
  /** The parameters used, so every figure can be redone by hand. */
  parameters: {
    revenue_per_hour: number | null;
    revenue_source: string | null;
    annual_revenue: number | null;
    engineering_cost_per_hour: number | null;
    revenue_at_risk: Record<string, number>;
    services: Record<string, { revenue_per_hour: number | null; revenue_share: number | null; slo_target: number | null; slo_window_days: number | null }>;
  };
  incidents: IncidentSummary;
  /** The previous window's incident figures, without the per-incident list. */
  incidents_previous: Omit<IncidentSummary, 'per_incident'>;
  availability: ServiceSlo[];
  unplanned: UnplannedWork;
  unplanned_previous: UnplannedWork;
  debt: DebtInterest;
  debt_previous: Omit<DebtInterest, 'items'>;
}

/**
 * The instants of uptime samples a business report can read, as a half-open `[from, to)` for a
 * store query: the two SLO windows of every service (each service's SLO, the default one, or
 * the report window's length) before the end, and the longest alert window before the
 * evaluation instant. Loading only these keeps a year of samples out of memory.
 */
export function uptimeSampleRange(params: BusinessParams, options: BusinessOptions): { from: Instant; to: Instant } {
  const { window: w, now } = options;
  const days = [params.defaultSlo?.windowDays ?? 0, ...Object.values(params.services).map((s) => s.slo?.windowDays ?? 0)];
  const longest = Math.max(w.end - w.start, ...days.map((d) => d * DAY_MS));
  const alertsFrom = Math.min(now, w.end) - Math.max(...BURN_RATE_RULES.map((r) => r.longWindowMs));
  return { from: Math.min(w.end - 2 * longest, alertsFrom), to: w.end + 1 };
}

export function computeBusinessReport(input: BusinessInput, params: BusinessParams, options: BusinessOptions): BusinessReport {
  const { window: w, now } = options;
  const length = w.end - w.start;
  const prev = { start: w.start - length, end: w.start };
  // Everything is measured up to now when the window has not ended: never into the future.
  const at = Math.min(now, w.end);
  const incidents = incidentMetrics(input.incidents, params, w, at);
  const { per_incident: _dropped, ...incidentsPrevious } = incidentMetrics(input.incidents, params, prev);
  const services = [...new Set(input.services)].sort();
  const availability = services.map((service): ServiceSlo => {
    const slo = sloFor(params, service);
    const sloMs = slo ? slo.windowDays * DAY_MS : length;
    const current = { start: at - sloMs, end: at };
    const before = { start: current.start - sloMs, end: current.start };
    return {
      service,
      current: serviceAvailability(service, input.incidents, input.uptimeSamples, current, slo?.target ?? null),
      previous: serviceAvailability(service, input.incidents, input.uptimeSamples, before, slo?.target ?? null),
      alerts: slo ? evaluateBurnRateAlerts(service, slo.target, input.incidents, input.uptimeSamples, at) : null,
    };
  });
  const { items: _items, ...debtPrevious } = debtInterest(input.debtItems, params, prev.end);
  const serviceParams: BusinessReport['parameters']['services'] = {};
  for (const [name, s] of Object.entries(params.services)) {
    const slo = sloFor(params, name);
    serviceParams[name] = { revenue_per_hour: s.revenuePerHour ?? null, revenue_share: s.revenueShare ?? null, slo_target: slo?.target ?? null, slo_window_days: slo?.windowDays ?? null };
  }
  return {
    schema: 'panorama.business/v1',
    org: input.org,
    currency: params.currency,
    window: { start: formatInstant(w.start), end: formatInstant(w.end), days: Math.round((length / DAY_MS) * 10_000) / 10_000 },
    previous_window: { start: formatInstant(prev.start), end: formatInstant(prev.end) },
    generated_at: formatInstant(now),
    parameters: {
      revenue_per_hour: params.revenuePerHour,
      revenue_source: params.revenueSource,
      annual_revenue: params.annualRevenue,
      engineering_cost_per_hour: params.engineeringCostPerHour,
      revenue_at_risk: { ...params.revenueAtRisk },
      services: serviceParams,
    },
    incidents,
    incidents_previous: incidentsPrevious,
    availability,
    unplanned: unplannedWork(input.deployments, incidents.responder_hours, params, w),
    unplanned_previous: unplannedWork(input.deployments, incidentsPrevious.responder_hours, params, prev),
    debt: debtInterest(input.debtItems, params, w.end),
    debt_previous: debtPrevious,
  };
}
