/**
 * GitHub Actions runs as deployments: the workflow-runs phase of a repository sync.
 */
import type { Deployment, RawPayload } from '../../domain/index.js';
import type { SyncBatch, SyncOptions } from '../sync-connector.js';
import { globMatcher } from '../git/glob.js';
import type { RestWorkflowJobList, RestWorkflowRun, RestWorkflowRunList } from './github-api-types.js';
import type { GithubClient, RestAnswer } from './github-client.js';
import { closePassKeepingPending, isBefore, maxIso, notePending, openPass, stopMark, type GithubCursor } from './github-cursor.js';
import { mapWorkflowJob, mapWorkflowRun, rawId } from './github-graphql-mapper.js';
import type { GithubMapContext } from './github-mapper.js';
import { deploymentWorkflowMatcher } from './github-workflows.js';

/** What the phase needs of the repository sync it is part of. */
export interface WorkflowRunsHost {
  readonly client: GithubClient;
  readonly owner: string;
  readonly repo: string;
  readonly cursor: GithubCursor;
  readonly ctx: GithubMapContext & { isProduction: (environment: string) => boolean };
  readonly options: SyncOptions;
  readonly pageSize: number;
  readonly lookbackMs: number;
  raw(entity: string, key: string, payload: unknown): RawPayload;
  progress(phase: string, done: number, total?: number): void;
  emit(records: SyncBatch['records'], raw: RawPayload[]): Promise<void>;
}

/**
 * Phase 4b of a repository sync (github-connector.ts): completed runs of the configured deployment workflows → deployments. An entry
 * `WORKFLOW` makes each run one deployment; `WORKFLOW#JOB` makes each matching job of its
 * runs one (one more request per run, for its jobs). Both sides are names or globs; a
 * workflow is matched by its name, path or file name.
 */
export async function syncWorkflowRuns(host: WorkflowRunsHost): Promise<void> {
  const { isDeployWorkflow, jobPatterns } = deploymentWorkflowMatcher(host.options.deploymentWorkflows ?? []);
  const list = host.cursor.workflowRuns;
  // Runs are listed newest first and read down to the mark, without filters: GitHub answers at
  // most 1,000 runs to a filtered list (status, created), so filtering would lose history on a
  // busy repository. A run still going at the last sync finishes later: read back a margin, or
  // to the oldest deployment run still going (as for deployments).
  const stop = stopMark(list, host.lookbackMs);
  const pass = openPass(list);
  let url: string | null = pass.after ?? '/repos/{owner}/{repo}/actions/runs';
  let done = 0;
  while (url !== null) {
    const params = { owner: host.owner, repo: host.repo, per_page: host.pageSize };
    const answer: RestAnswer<RestWorkflowRunList> = await host.client.get<RestWorkflowRunList>(url, params, null, 'workflow runs');
    if (answer.notModified) break;
    const deployments: Deployment[] = [];
    const raw: RawPayload[] = [];
    let reachedMark = false;
    for (const run of answer.data.workflow_runs) {
      if (stop !== null && isBefore(run.created_at, stop)) {
        reachedMark = true;
        break;
      }
      pass.highWater = maxIso(pass.highWater, run.created_at);
      const jobs = jobPatterns(run);
      if (!isDeployWorkflow(run) && jobs.length === 0) continue;
      if (run.status !== 'completed') {
        notePending(pass, run.created_at);
        continue;
      }
      const key = `${host.ctx.repository}#${run.id}`;
      raw.push(host.raw('workflow_runs', key, run));
      if (isDeployWorkflow(run)) {
        const d = mapWorkflowRun(host.ctx, run, rawId('workflow_runs', key));
        if (d !== null) deployments.push(d);
      }
      if (jobs.length > 0) deployments.push(...(await deploymentJobs(host, run, globMatcher(jobs), raw)));
    }
    url = reachedMark ? null : answer.next;
    pass.after = url;
    if (url === null) closePassKeepingPending(list);
    done += deployments.length;
    host.progress('workflow runs', done, answer.data.total_count);
    await host.emit({ deployments }, raw);
  }
}

/** The jobs of one run whose names match, as deployments (their payloads kept raw). */
async function deploymentJobs(host: WorkflowRunsHost, run: RestWorkflowRun, matches: (name: string) => boolean, raw: RawPayload[]): Promise<Deployment[]> {
  const deployments: Deployment[] = [];
  let url: string | null = '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs';
  while (url !== null) {
    const answer: RestAnswer<RestWorkflowJobList> = await host.client.get<RestWorkflowJobList>(
      url, { owner: host.owner, repo: host.repo, run_id: run.id, per_page: 100 }, null, `jobs of workflow run ${run.id}`,
    );
    if (answer.notModified) break;
    for (const job of answer.data.jobs) {
      if (!matches(job.name)) continue;
      const key = `${host.ctx.repository}#${job.id}`;
      raw.push(host.raw('workflow_jobs', key, job));
      const d = mapWorkflowJob(host.ctx, run, job, rawId('workflow_jobs', key));
      if (d !== null) deployments.push(d);
    }
    url = answer.next;
  }
  return deployments;
}
