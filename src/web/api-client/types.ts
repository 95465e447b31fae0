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
  ReworkDeployment,
  UnrecoveredDeployment,
} from '../../metrics/report-types.js';
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

/** A report window: bare dates, since inclusive, until exclusive (local midnight). */
export interface ReportWindow {
  since: string;
  until: string;
}
