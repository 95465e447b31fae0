/**
 * The `business` key of `panorama.config.yaml`: what money, SLO and debt figures read
 * (docs/metrics.md, "Business figures"). Every money figure shows these inputs beside it.
 *
 * ```yaml
 * business:
 *   currency: EUR                   # ISO 4217 (default EUR)
 *   revenue_per_hour: 1200          # or annual_revenue: 10512000 (spread over 8,760 h), not both
 *   engineering_cost_per_hour: 95   # fully loaded, per engineer-hour
 *   revenue_at_risk: { SEV1: 1.0, SEV2: 0.25, SEV3: 0.05, default: 0.1 }   # share of revenue lost while an incident lasts
 *   slo: { target: 99.9, window_days: 28 }   # every service without its own
 *   services:
 *     api:   { revenue_share: 0.6, slo: { target: 99.95, window_days: 28 } }
 *     batch: { revenue_per_hour: 50 }
 *   organizations:                  # other organisations of the same database, by id
 *     beta: { currency: USD, annual_revenue: 2000000, services: { shop: { revenue_share: 1 } } }
 * ```
 * The top-level block is the config's organisation and the default of every other. An entry
 * under `organizations` inherits currency, engineering cost, revenue at risk and the default
 * SLO, but never revenue or services: those belong to one company.
 */
import { z } from 'zod';

const amount = z.number().nonnegative('must be 0 or more');
const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

export const sloConfigSchema = z.strictObject({
  /** Percent of good time or requests, e.g. 99.9. */
  target: z.number().gt(0, 'must be above 0').lt(100, 'must be below 100 (100% leaves no error budget)'),
  /** Rolling window, days (default 28). */
  window_days: z.number().positive('must be more than 0').max(366, 'must be at most 366').default(28),
});

export const serviceBusinessSchema = z.strictObject({
  /** The service's own revenue per hour; wins over revenue_share. */
  revenue_per_hour: amount.optional(),
  /** The share of the organisation's revenue this service carries, 0..1. */
  revenue_share: share.optional(),
  slo: sloConfigSchema.optional(),
});

export const DEFAULT_REVENUE_AT_RISK = { SEV1: 1, SEV2: 0.25, SEV3: 0.05, default: 0.1 };

const businessFields = {
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, such as EUR or USD').optional(),
  /** Revenue per hour of the whole organisation. */
  revenue_per_hour: amount.optional(),
  /** Revenue per year; per hour = annual / 8,760. */
  annual_revenue: amount.optional(),
  /** Fully loaded engineering cost per hour. */
  engineering_cost_per_hour: amount.optional(),
  /** Share of revenue at risk while an incident lasts, by severity; `default` for any other. */
  revenue_at_risk: z
    .record(z.string().min(1), share)
    .refine((m) => m['default'] !== undefined, 'must have a `default` entry: the share for any other severity')
    .optional(),
  slo: sloConfigSchema.optional(),
  services: z.record(z.string().min(1), serviceBusinessSchema).optional(),
};

type BusinessFields = { revenue_per_hour?: number | undefined; annual_revenue?: number | undefined; services?: Record<string, { revenue_share?: number | undefined }> | undefined };

/** Cross-field rules, each problem reported with its path. */
function checkBusiness(value: BusinessFields, ctx: z.RefinementCtx): void {
  if (value.revenue_per_hour !== undefined && value.annual_revenue !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['annual_revenue'], message: 'give revenue_per_hour or annual_revenue, not both' });
  }
  const shares = Object.values(value.services ?? {}).reduce((s, x) => s + (x.revenue_share ?? 0), 0);
  if (shares > 1 + 1e-9) {
    ctx.addIssue({ code: 'custom', path: ['services'], message: `the services' revenue_share add up to ${Math.round(shares * 1e4) / 1e4}, more than 1` });
  }
}

export const organizationBusinessSchema = z.strictObject(businessFields).superRefine(checkBusiness);

export const businessConfigSchema = z
  .strictObject({ ...businessFields, organizations: z.record(z.string().min(1), organizationBusinessSchema).optional() })
  .superRefine(checkBusiness);

export type BusinessConfig = z.output<typeof businessConfigSchema>;
export type OrganizationBusinessConfig = z.output<typeof organizationBusinessSchema>;
