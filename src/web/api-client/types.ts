/**
 * The shapes the dashboard reads from the API. The report is the server's `panorama.report/v1`
 * contract, re-exported type-only: nothing of metrics/ reaches the bundle.
 */
export type {
  ChangeEvidence,
  DeploymentWeek,
  ExcludedChange,
  FailedDeployment,
  RecoveredDeployment,
  Report,
  RestoredIncident,
  ReworkDeployment,
  UnrecoveredDeployment,
} from '../../metrics/report-types.js';
export type { FlowStepsWeek, PullRequestFlow } from '../../metrics/flow/flow-metrics.js';
export type { Level } from '../../metrics/benchmarks.js';

/** One organisation of GET /api/v1/orgs. */
export interface Organization {
  id: string;
  name: string;
}

/** One service of GET /api/v1/orgs/{org}/services. */
export interface Service {
  name: string;
}

/** A report window: bare dates, since inclusive, until exclusive (local midnight in `timezone`). */
export interface ReportWindow {
  since: string;
  until: string;
  /** IANA name; null: the server's default (UTC). */
  timezone: string | null;
}

/** One page of a record list. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** One repository of GET /api/v1/orgs/{org}/repositories. */
export interface Repository {
  name: string;
  url: string | null;
  source: string;
}

/** One deployment of GET /api/v1/orgs/{org}/deployments (the fields the dashboard reads). */
export interface DeploymentRecord {
  id: string;
  service: string;
  repository: string;
  environment: string;
  status: 'success' | 'failure' | 'cancelled';
  finished_at: string;
  commit_sha: string;
  kind: 'regular' | 'rollback' | 'revert' | 'hotfix';
  trigger: 'planned' | 'incident_remediation';
  remediates_deployment_id: string | null;
  url: string | null;
}

/** One incident of GET /api/v1/orgs/{org}/incidents. */
export interface IncidentRecord {
  id: string;
  service: string;
  title: string | null;
  started_at: string;
  resolved_at: string | null;
  caused_by_deployment_id: string | null;
  severity: string | null;
  url: string | null;
}

/** One pull request of GET /api/v1/orgs/{org}/pull-requests. */
export interface PullRequestRecord {
  id: string;
  repository: string;
  number: number | null;
  title: string | null;
  url: string | null;
}
