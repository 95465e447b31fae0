/**
 * The shape of `panorama report --format json` (schema `panorama.report/v1`, METRICS.md
 * section 7). Keys are snake_case, instants are ISO-8601 UTC strings, durations are whole
 * seconds (a median may end in .5), rates have 4 decimals. Fields named by METRICS.md are a
 * public contract: never rename or drop them; new fields may be added.
 *
 * A value that cannot be computed is `null` and its metric's `reason` says why
 * (`no-deployments`, `no-changes`, ...); `reason` is `null` when the value exists.
 */
import type { DeploymentKind } from '../domain/index.js';
import type { DurationBand, FrequencyBand, Level } from './benchmarks.js';
import type { QuickCheck } from './quick-check.js';
import type { FlowMetrics } from './flow/flow-metrics.js';
import type { ReportWarning } from './warnings.js';

/** One local ISO week of the deployment frequency. */
export interface DeploymentWeek {
  /** Local Monday, `YYYY-MM-DD`. */
  week_start: string;
  deployments: number;
  /** Distinct local days with at least one production deployment. */
  deploy_days: number;
  /** The week sticks out of the window (edge week). Partial weeks count in the medians. */
  partial: boolean;
}

/** Deployment frequency (METRICS.md section 3). */
export interface DeploymentFrequencyReport {
  count: number;
  per_week: DeploymentWeek[];
  median_deploy_days_per_week: number | null;
  median_deployments_per_week: number | null;
  /** 7 x mean per day, from the unrounded rate; 4 decimals. */
  mean_deployments_per_week: number | null;
  /** count / window days; 4 decimals. */
  mean_deployments_per_day: number | null;
  /** (end - start) / 86,400 s, 4 decimals (not whole across DST). */
  window_days: number;
  /** Distinct local deploy days in the window (across services in the organisation view). */
  deploy_days: number;
  band: FrequencyBand | null;
  level: Level | null;
  reason: string | null;
  /** Evidence: the counted deployments, by (finished_at, id). Dropped without evidence. */
  deployment_ids?: string[];
}

/** Why a change is left out of the lead time. */
export type ExclusionReason =
  'not_deployed' | 'deployed_after_window' | 'unknown_start' | 'deployed_before_window';

/** A change left out of the lead time, listed as evidence. */
export interface ExcludedChange {
  sha: string;
  repository: string;
  service: string;
  reason: Exclude<ExclusionReason, 'deployed_before_window'>;
  committed_at: string;
  /** The first production deployment that shipped it, if any. */
  deployment_id: string | null;
  deployed_at: string | null;
}

/** One change counted in the lead time. */
export interface ChangeEvidence {
  sha: string;
  repository: string;
  service: string;
  deployment_id: string;
  committed_at: string;
  authored_at: string;
  deployed_at: string;
  /** deployed_at - committed_at, whole seconds (negative kept). */
  seconds: number;
  /** deployed_at - authored_at, whole seconds. */
  seconds_authored: number;
}

/** One local week of the change lead time (src/metrics/dora/weekly-series.ts). */
export interface LeadTimeWeek {
  week_start: string;
  changes: number;
  median_seconds: number | null;
  partial: boolean;
}

/** One local week of the change failure rate. */
export interface FailureRateWeek {
  week_start: string;
  deployments: number;
  failed: number;
  value: number | null;
  partial: boolean;
}

/** One local week of the deployment rework rate. */
export interface ReworkRateWeek {
  week_start: string;
  deployments: number;
  rework: number;
  value: number | null;
  partial: boolean;
}

/** One local week of the failed deployment recovery time. */
export interface RecoveryWeek {
  week_start: string;
  recovered: number;
  median_seconds: number | null;
  partial: boolean;
}

/** Change lead time (METRICS.md section 3). */
export interface ChangeLeadTimeReport {
  changes: number;
  median_seconds: number | null;
  mean_seconds: number | null;
  p75_seconds: number | null;
  p90_seconds: number | null;
  median_seconds_authored: number | null;
  band: DurationBand | null;
  level: Level | null;
  reason: string | null;
  excluded: ExcludedChange[];
  excluded_counts: Record<ExclusionReason, number>;
  per_change?: ChangeEvidence[];
  /** Per local week: the changes first deployed that week and their median lead time. */
  per_week: LeadTimeWeek[];
}

/** Why a deployment is failed. */
export type FailureWhy =
  | {
      rule: 'caused_incident';
      incident_id: string;
      /**
       * The inference rule that linked the incident to the deployment (`caused-by-line`,
       * `caused-by-commit`, ...); absent when the source linked them explicitly.
       */
      linked_by?: string;
    }
  | { rule: 'remediated_by'; deployment_id: string; kind: DeploymentKind };

/** A failed deployment and the links that make it failed. */
export interface FailedDeployment {
  deployment_id: string;
  service: string;
  finished_at: string;
  why: FailureWhy[];
}

/** Change failure rate (METRICS.md section 3). */
export interface ChangeFailureRateReport {
  numerator: number;
  denominator: number;
  value: number | null;
  level: Level | null;
  reason: string | null;
  failed_deployments: FailedDeployment[];
  /** Per local week: failed / production deployments finished that week. */
  per_week: FailureRateWeek[];
}

/** A deployment triggered by incident remediation. */
export interface ReworkDeployment {
  deployment_id: string;
  service: string;
  finished_at: string;
  kind: DeploymentKind;
  remediates_deployment_id: string | null;
}

/** Deployment rework rate (METRICS.md section 3). */
export interface DeploymentReworkRateReport {
  numerator: number;
  denominator: number;
  value: number | null;
  reason: string | null;
  rework_deployments: ReworkDeployment[];
  /** Per local week: rework / production deployments finished that week. */
  per_week: ReworkRateWeek[];
}

/** How a failed deployment was restored. */
export type RestoredBy =
  | { rule: 'incidents_resolved'; incident_id: string }
  | { rule: 'remediated_by'; deployment_id: string };

/** Recovery of one failed deployment. */
export interface RecoveredDeployment {
  deployment_id: string;
  service: string;
  finished_at: string;
  restored_at: string;
  /** restored_at - finished_at, whole seconds. */
  seconds: number;
  /** restored_at - earliest linked incident's started_at; null without incident. */
  seconds_from_incident_start: number | null;
  incident_ids: string[];
  restored_by: RestoredBy;
}

/** A failed deployment with a linked incident still open. */
export interface UnrecoveredDeployment {
  deployment_id: string;
  service: string;
  finished_at: string;
  open_incident_ids: string[];
  /** A later remediation does not make it recovered while an incident is open. */
  remediated_by: string | null;
}

/** Failed deployment recovery time (METRICS.md section 3). */
export interface RecoveryTimeReport {
  failures: number;
  recovered: number;
  median_seconds: number | null;
  median_seconds_from_incident_start: number | null;
  band: DurationBand | null;
  level: Level | null;
  reason: string | null;
  per_failed_deployment: RecoveredDeployment[];
  unrecovered: UnrecoveredDeployment[];
  /** Per local week: failed deployments of that week that recovered, their median time. */
  per_week: RecoveryWeek[];
}

/** One incident of the legacy restore time. */
export interface RestoredIncident {
  incident_id: string;
  service: string;
  started_at: string;
  resolved_at: string;
  seconds: number;
  caused_by_deployment_id: string | null;
}

/** Time to restore service, legacy, all incidents (METRICS.md section 3). */
export interface TimeToRestoreReport {
  incidents: number;
  median_seconds: number | null;
  mean_seconds: number | null;
  reason: string | null;
  per_incident?: RestoredIncident[];
}

/** The five DORA metrics plus the legacy restore time. */
export interface DoraReport {
  deployment_frequency: DeploymentFrequencyReport;
  change_lead_time: ChangeLeadTimeReport;
  change_failure_rate: ChangeFailureRateReport;
  deployment_rework_rate: DeploymentReworkRateReport;
  failed_deployment_recovery_time: RecoveryTimeReport;
  time_to_restore_service: TimeToRestoreReport;
}

/** The whole report, `panorama.report/v1`. */
export interface Report {
  schema: 'panorama.report/v1';
  org: string;
  window: { start: string; end: string };
  timezone: string;
  /** The service asked for; null for the organisation view. */
  service: string | null;
  /** The services included (the organisation view aggregates them all). */
  services: string[];
  /** `organization` when the report pools every service (service null), else `service`. */
  scope: 'service' | 'organization';
  generated_at: string;
  dora: DoraReport;
  flow: FlowMetrics;
  quick_check: QuickCheck;
  /** Source and year of every benchmark shown. */
  benchmarks: { bands: BenchmarkSource; levels: BenchmarkSource; quick_check: BenchmarkSource };
  warnings: ReportWarning[];
}

/** Where a benchmark comes from. */
export interface BenchmarkSource {
  source: string;
  year: number;
}
