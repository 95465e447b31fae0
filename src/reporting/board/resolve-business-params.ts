/**
 * Turns the `business` key of the config into the engine's BusinessParams for one
 * organisation (the rules are in src/config/business-schema.ts): the top-level block for the
 * config's own organisation (`homeOrg`; for every organisation not listed when it is not
 * given); a listed organisation, or with `homeOrg` any other, inherits currency, engineering
 * cost, revenue at risk and the default SLO, never revenue or services.
 */
import { DEFAULT_REVENUE_AT_RISK, type BusinessConfig, type OrganizationBusinessConfig } from '../../config/business-schema.js';
import { EMPTY_BUSINESS_PARAMS, HOURS_PER_YEAR, type BusinessParams, type ServiceBusinessParams, type SloTarget } from '../../metrics/index.js';

function slo(s: { target: number; window_days: number } | undefined): SloTarget | null {
  return s ? { target: s.target, windowDays: s.window_days } : null;
}

export function resolveBusinessParams(business: BusinessConfig | undefined, orgId: string, homeOrg?: string): BusinessParams {
  if (!business) return EMPTY_BUSINESS_PARAMS;
  const own: OrganizationBusinessConfig | undefined = business.organizations?.[orgId];
  // The top-level revenue and services are the config's own organisation's (`homeOrg`, when
  // known): another organisation of the database, not listed, shares only the settings that are
  // not one company's (currency, engineering cost, revenue at risk, the default SLO). On a
  // server for several clients, one client's revenue never prices another's incidents.
  const foreign = own === undefined && homeOrg !== undefined && orgId !== homeOrg;
  const listed: OrganizationBusinessConfig | undefined = own ?? (foreign ? {} : undefined);
  const block: OrganizationBusinessConfig = listed
    ? {
        ...listed,
        currency: listed.currency ?? business.currency,
        engineering_cost_per_hour: listed.engineering_cost_per_hour ?? business.engineering_cost_per_hour,
        revenue_at_risk: listed.revenue_at_risk ?? business.revenue_at_risk,
        slo: listed.slo ?? business.slo,
      }
    : business;
  const services: Record<string, ServiceBusinessParams> = {};
  for (const [name, s] of Object.entries(block.services ?? {})) {
    services[name] = { revenuePerHour: s.revenue_per_hour ?? null, revenueShare: s.revenue_share ?? null, slo: slo(s.slo) };
  }
  const revenuePerHour =
    block.revenue_per_hour !== undefined ? block.revenue_per_hour
    : block.annual_revenue !== undefined ? block.annual_revenue / HOURS_PER_YEAR
    : null;
  return {
    currency: block.currency ?? 'EUR',
    revenuePerHour,
    revenueSource: block.revenue_per_hour !== undefined ? 'revenue_per_hour' : block.annual_revenue !== undefined ? 'annual_revenue' : null,
    annualRevenue: block.annual_revenue ?? null,
    engineeringCostPerHour: block.engineering_cost_per_hour ?? null,
    revenueAtRisk: { ...(block.revenue_at_risk ?? DEFAULT_REVENUE_AT_RISK) },
    defaultSlo: slo(block.slo),
    services,
  };
}
