/**
 * The business parameters the money and SLO figures read, resolved for one organisation from
 * `panorama.config.yaml` (see src/config/schema.ts, key `business`). Pure data: the config layer
 * builds it, the engine only reads it, so every figure can name the inputs it used.
 *
 * Revenue of a service (per hour), first rule that applies:
 * 1. the service's own `revenue_per_hour`;
 * 2. the organisation's revenue per hour x the service's `revenue_share`;
 * 3. the organisation's whole revenue per hour (the incident's share at risk scales it).
 * The organisation's revenue per hour is `revenue_per_hour`, or `annual_revenue` / 8,760 h
 * (365 days x 24 h). Example: annual 8,760,000 EUR and share 0.5 -> 500 EUR/h for the service.
 */

/** An SLO: `target` in percent (99.9) over a rolling window of `windowDays` days. */
export interface SloTarget {
  target: number;
  windowDays: number;
}

/** Per-service business settings; every field optional. */
export interface ServiceBusinessParams {
  revenuePerHour?: number | null;
  /** Share of the organisation's revenue the service carries, in [0, 1]. */
  revenueShare?: number | null;
  slo?: SloTarget | null;
}

export interface BusinessParams {
  /** ISO 4217 code (`EUR`). */
  currency: string;
  /** The organisation's revenue per hour, or null when not configured. */
  revenuePerHour: number | null;
  /** Where `revenuePerHour` came from. */
  revenueSource: 'revenue_per_hour' | 'annual_revenue' | null;
  annualRevenue: number | null;
  /** Fully loaded engineering cost per hour, or null when not configured. */
  engineeringCostPerHour: number | null;
  /** Share of revenue at risk during an incident, by severity; `default` for any other. */
  revenueAtRisk: Readonly<Record<string, number>>;
  /** The SLO of services that configure none; null: no default. */
  defaultSlo: SloTarget | null;
  services: Readonly<Record<string, ServiceBusinessParams>>;
}

/** Hours in the year `annual_revenue` is spread over (365 x 24). */
export const HOURS_PER_YEAR = 8_760;
/** One month, as in METRICS.md section 5 (30.4375 days). */
export const DAYS_PER_MONTH = 30.4375;

/** Parameters with nothing configured: money figures are null with a reason. */
export const EMPTY_BUSINESS_PARAMS: BusinessParams = {
  currency: 'EUR',
  revenuePerHour: null,
  revenueSource: null,
  annualRevenue: null,
  engineeringCostPerHour: null,
  revenueAtRisk: { default: 0.1 },
  defaultSlo: null,
  services: {},
};

/** A service's revenue per hour and the rule that gave it. */
export interface ServiceRevenue {
  revenuePerHour: number | null;
  source: 'service_revenue_per_hour' | 'organisation_x_share' | 'organisation' | null;
  share: number | null;
}

export function serviceRevenue(params: BusinessParams, service: string): ServiceRevenue {
  const own = Object.hasOwn(params.services, service) ? params.services[service] : undefined;
  if (own?.revenuePerHour != null) return { revenuePerHour: own.revenuePerHour, source: 'service_revenue_per_hour', share: null };
  if (params.revenuePerHour === null) return { revenuePerHour: null, source: null, share: null };
  if (own?.revenueShare != null) {
    return { revenuePerHour: params.revenuePerHour * own.revenueShare, source: 'organisation_x_share', share: own.revenueShare };
  }
  return { revenuePerHour: params.revenuePerHour, source: 'organisation', share: null };
}

/**
 * The share of revenue at risk for a severity: the exact key, else a key equal ignoring case
 * (`sev1` finds `SEV1`), else `default` (0 if the map has none). Returns the key used.
 */
export function shareAtRisk(params: BusinessParams, severity: string | null): { share: number; key: string } {
  const map = params.revenueAtRisk;
  if (severity !== null) {
    if (Object.hasOwn(map, severity)) return { share: map[severity] as number, key: severity };
    const lower = severity.toLowerCase();
    const found = Object.keys(map).find((k) => k.toLowerCase() === lower);
    if (found !== undefined) return { share: map[found] as number, key: found };
  }
  return { share: map['default'] ?? 0, key: 'default' };
}

/** The SLO of a service: its own, else the default, else null. */
export function sloFor(params: BusinessParams, service: string): SloTarget | null {
  return (Object.hasOwn(params.services, service) ? params.services[service]?.slo : undefined) ?? params.defaultSlo;
}
