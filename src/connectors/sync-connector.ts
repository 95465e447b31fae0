/**
 * The contract of connectors that sync from a remote API (GitHub, GitLab, PagerDuty), which
 * `panorama sync` and the server's sync jobs run through one ingest loop
 * (ingest/sync-ingest.ts).
 *
 * A sync connector streams batches; each batch carries the cursor that is true once the
 * batch is stored, and the ingest writes the batch's records, its raw payloads and that cursor
 * in one transaction. A sync killed at any point therefore resumes from the last stored batch:
 * nothing is lost, and idempotent upserts mean nothing is stored twice.
 */
import type { Commit, Deployment, Incident, PullRequest, RawPayload, Repository } from '../domain/index.js';
import type { Connector } from './connector.js';

/** What one `panorama sync` scope names: a repository, project or incident service. */
export interface SyncScope {
  /** `OWNER/NAME` (GitHub), `group/subgroup/project` (GitLab), a service id (PagerDuty). */
  name: string;
  /** The API's base URL (GitHub Enterprise, self-managed GitLab); the vendor's by default. */
  apiUrl?: string;
  /** The Panorama service its records belong to (default: the repository's name). */
  service?: string;
}

/** Options of a sync: the same for every scope of one call. */
export interface SyncOptions {
  /** The organisation (tenant) records are written to. */
  org: string;
  /** The API token. Never logged, never stored, never put in an error message. */
  token: string;
  /** Source environment names (exact or globs) that mean production. */
  productionEnvironments: readonly string[];
  /** Issue labels that mark an incident (GitHub; default `incident`). */
  incidentLabels?: readonly string[];
  /**
   * GitHub Actions workflows (file names or names) whose completed runs count as deployments;
   * `WORKFLOW#JOB` counts that job of each run instead (names or globs).
   */
  deploymentWorkflows?: readonly string[];
  /**
   * The issue field that names an incident's cause, besides `Caused-by:` lines: a `Name: value`
   * line or an issue-form heading `### Name` (GitHub; e.g. `Root cause deployment`).
   */
  incidentCauseField?: string;
  /** Stops the sync between requests; the cursor of the last stored batch stays. */
  signal?: AbortSignal;
  /** Called as work advances (for progress bars). */
  onProgress?: (progress: SyncProgress) => void;
  /** Called when the connector waits for a rate limit, with when it will resume. */
  onRateLimitWait?: (wait: { scope: string; resumeAt: number; reason: string }) => void;
}

export interface SyncProgress {
  scope: string;
  /** What is being read (`pull requests`, `deployments`, ...). */
  phase: string;
  /** Items read so far in this phase, and the total when the API says it. */
  done: number;
  total?: number;
  /** HTTP requests made so far for this scope. */
  requests: number;
}

/** Records of one batch (any kind may be missing). */
export interface SyncRecords {
  repositories?: Repository[];
  commits?: Commit[];
  pullRequests?: PullRequest[];
  deployments?: Deployment[];
  incidents?: Incident[];
}

/** One batch: stored in one transaction with `cursor`, the cursor once it is stored. */
export interface SyncBatch {
  records: SyncRecords;
  /** Raw API payloads the records were mapped from (kept so mapping can be re-run). */
  raw: RawPayload[];
  cursor: unknown;
}

/** What a collect returns once every batch was handed over. */
export interface SyncCollectResult {
  cursor: unknown;
  /** HTTP requests made (304s included). */
  requests: number;
}

/** A connector for one remote source. */
export type SyncConnector = Connector<SyncScope, SyncOptions, SyncBatch, SyncCollectResult>;
