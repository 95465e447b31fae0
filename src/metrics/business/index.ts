/**
 * The business engine's public surface: money with formulas, incident cost, availability and
 * error budgets, burn-rate alerts, unplanned work and debt interest. Pure (docs/metrics.md,
 * section "Business figures").
 */
export { computeBusinessReport, uptimeSampleRange } from './business-report.js';
export type { BusinessInput, BusinessOptions, BusinessReport, ServiceSlo } from './business-report.js';
export { EMPTY_BUSINESS_PARAMS, HOURS_PER_YEAR, DAYS_PER_MONTH, serviceRevenue, shareAtRisk, sloFor } from './business-params.js';
export type { BusinessParams, ServiceBusinessParams, SloTarget, ServiceRevenue } from './business-params.js';
export type { Money } from './money.js';
export { incidentCost, incidentMetrics, INCIDENT_COST_FORMULA } from './incident-metrics.js';
export type { IncidentBusiness, IncidentSummary, ResponderTime } from './incident-metrics.js';
export { mergeIntervals, serviceAvailability } from './availability.js';
export type { ServiceAvailability } from './availability.js';
export { BURN_RATE_RULES, evaluateBurnRateAlerts } from './burn-rate-alerts.js';
export type { BurnRateAlert, BurnRateRule, ServiceAlerts } from './burn-rate-alerts.js';
export { debtInterest, unplannedWork } from './unplanned-work.js';
export type { DebtInterest, DebtItemCost, UnplannedWork } from './unplanned-work.js';
