/**
 * The GitLab sync connector: for one project, its merge requests (with approvals, notes and
 * commits), deployments, pipelines (kept raw) and incidents (issues of type incident, with
 * their links), read incrementally in `updated_at` order (see gitlab-cursor.ts) and handed over
 * one page per batch, each batch with the cursor that is true once it is stored.
 *
 * Pipelines are kept raw only: deployments come from GitLab's deployments API, which already
 * records every environment job; mapping pipeline jobs to deployments is left out.
 */
import type { Deployment, RawPayload } from '../../domain/index.js';
import type { RecordSink } from '../connector.js';
import type { SyncBatch, SyncCollectResult, SyncConnector, SyncOptions, SyncRecords, SyncScope } from '../sync-connector.js';
import {
  gitlabApprovalsSchema,
  gitlabCommitSchema,
  gitlabDeploymentSchema,
  gitlabIssueLinkSchema,
  gitlabIssueSchema,
  gitlabMergeRequestSchema,
  gitlabNoteSchema,
  gitlabPipelineSchema,
  gitlabProjectSchema,
  type GitlabCommit,
  type GitlabNote,
} from './gitlab-api-types.js';
import { remember, resolveCausedBy } from './gitlab-caused-by.js';
import { GitlabClient, gitlabHost } from './gitlab-client.js';
import { readGitlabCursor } from './gitlab-cursor.js';
import {
  issueKey,
  mapGitlabCommit,
  mapGitlabDeployment,
  mapGitlabIncident,
  mapGitlabMergeRequest,
  mapGitlabProject,
  mergeRequestKey,
  parseCausedBy,
  productionMatcher,
  type GitlabMapContext,
} from './gitlab-mapper.js';
import { raw, readAll, readPhase, type Run } from './gitlab-pages.js';

/** Tuning of the connector (tests shorten the waits; the CLI uses the defaults). */
export interface GitlabConnectorSettings {
  /** Items per page (GitLab's maximum, 100, by default). */
  perPage?: number;
  /** First backoff after a 5xx (default 1000 ms, doubled per retry). */
  retryBaseMs?: number;
  maxRetries?: number;
}


async function syncMergeRequests(run: Run): Promise<void> {
  const { client, ctx } = run;
  await readPhase(
    run,
    'merge_requests',
    'merge requests',
    'merge_requests',
    { state: 'all', scope: 'all' },
    (body) => client.parse(gitlabMergeRequestSchema.array(), body, 'the merge request list'),
    async (mrs) => {
      const records: SyncRecords = { pullRequests: [], commits: [] };
      const raws: RawPayload[] = [];
      for (const mr of mrs) {
        const key = mergeRequestKey(ctx.project, mr.iid);
        const approvalsBody = await client.get(`${run.endpoint}/merge_requests/${mr.iid}/approvals`, {});
        const approvals = client.parse(gitlabApprovalsSchema, approvalsBody.body, `the approvals of !${mr.iid}`);
        const notes = await readAll<GitlabNote>(
          run,
          `merge_requests/${mr.iid}/notes`,
          { sort: 'asc', order_by: 'created_at' },
          (body) => client.parse(gitlabNoteSchema.array(), body, `the notes of !${mr.iid}`),
          // Notes come oldest first: once one by someone else is read, later ones cannot be first.
          (page) => page.some((n) => n.author.id !== mr.author.id && (!n.system || /^approved this merge request/i.test(n.body))),
        );
        const commits = await readAll<GitlabCommit>(run, `merge_requests/${mr.iid}/commits`, {}, (body) =>
          client.parse(gitlabCommitSchema.array(), body, `the commits of !${mr.iid}`),
        );
        records.pullRequests?.push(mapGitlabMergeRequest(ctx, mr, approvals, notes.items, commits.items));
        for (const commit of commits.items) {
          records.commits?.push(mapGitlabCommit(ctx, commit));
          raws.push(raw(run, 'commits', `${ctx.project}@${commit.id.toLowerCase()}`, commit));
        }
        raws.push(
          raw(run, 'merge_requests', key, mr),
          raw(run, 'merge_request_approvals', key, approvalsBody.body),
          raw(run, 'merge_request_notes', key, notes.bodies.flat()),
        );
      }
      return { records, raw: raws };
    },
  );
}

async function syncDeployments(run: Run): Promise<void> {
  const { client, ctx } = run;
  await readPhase(
    run,
    'deployments',
    'deployments',
    'deployments',
    {},
    (body) => client.parse(gitlabDeploymentSchema.array(), body, 'the deployment list'),
    (items) => {
      const deployments: Deployment[] = [];
      const raws: RawPayload[] = [];
      for (const item of items) {
        raws.push(raw(run, 'deployments', `${ctx.project}/deployments/${item.id}`, item));
        const deployment = mapGitlabDeployment(ctx, item, run.isProduction);
        if (deployment === null) continue; // Not final yet: kept raw; its update brings it back.
        deployments.push(deployment);
        remember(run, deployment);
      }
      return Promise.resolve({ records: { deployments }, raw: raws });
    },
  );
}

async function syncPipelines(run: Run): Promise<void> {
  const { client, ctx } = run;
  await readPhase(
    run,
    'pipelines',
    'pipelines',
    'pipelines',
    {},
    (body) => client.parse(gitlabPipelineSchema.array(), body, 'the pipeline list'),
    (items) => Promise.resolve({ records: {}, raw: items.map((p) => raw(run, 'pipelines', `${ctx.project}/pipelines/${p.id}`, p)) }),
  );
}

async function syncIncidents(run: Run): Promise<void> {
  const { client, ctx } = run;
  await readPhase(
    run,
    'incidents',
    'incidents',
    'issues',
    { issue_type: 'incident', scope: 'all', state: 'all' },
    (body) => client.parse(gitlabIssueSchema.array(), body, 'the incident list'),
    async (issues) => {
      const records: SyncRecords = { incidents: [] };
      const raws: RawPayload[] = [];
      for (const issue of issues) {
        const key = issueKey(ctx.project, issue.iid);
        const linksBody = await client.get(`${run.endpoint}/issues/${issue.iid}/links`, {});
        const links = client.parse(gitlabIssueLinkSchema.array(), linksBody.body, `the links of #${issue.iid}`);
        const ref = parseCausedBy(issue.description, ctx.project);
        const causedBy = ref ? await resolveCausedBy(run, ref) : null;
        records.incidents?.push(mapGitlabIncident(ctx, issue, links, causedBy));
        raws.push(raw(run, 'issues', key, issue), raw(run, 'issue_links', key, linksBody.body));
      }
      return { records, raw: raws };
    },
    true,
  );
}

/** The sync-state key of a project: its path, behind its host unless it is gitlab.com. */
export function gitlabScopeKey(scope: SyncScope): string {
  const host = new URL(gitlabHost(scope.apiUrl)).host;
  return host === 'gitlab.com' ? `gitlab:${scope.name}` : `gitlab:${host}/${scope.name}`;
}

async function collect(
  settings: GitlabConnectorSettings,
  scope: SyncScope,
  options: SyncOptions,
  stored: unknown,
  sink: RecordSink<SyncBatch>,
): Promise<SyncCollectResult> {
  const client = new GitlabClient({
    baseUrl: gitlabHost(scope.apiUrl),
    token: options.token,
    project: scope.name,
    ...(options.signal ? { signal: options.signal } : {}),
    onRateLimitWait: (wait) => options.onRateLimitWait?.({ scope: scope.name, ...wait }),
    ...(settings.retryBaseMs === undefined ? {} : { retryBaseMs: settings.retryBaseMs }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
  });
  const project = client.parse(gitlabProjectSchema, await client.project(), 'the project');
  const ctx: GitlabMapContext = {
    org: options.org,
    project: project.path_with_namespace,
    service: scope.service ?? project.name,
    productionEnvironments: options.productionEnvironments,
  };
  const run: Run = {
    client,
    ctx,
    endpoint: `projects/${encodeURIComponent(project.path_with_namespace)}`,
    options,
    scope,
    sink,
    cursor: readGitlabCursor(stored).cursor,
    perPage: settings.perPage ?? 100,
    fetchedAt: Date.now(),
    isProduction: productionMatcher(options.productionEnvironments),
    productionBySha: new Map(),
    allDeploymentsLoaded: false,
  };
  await sink.onRecords({
    records: { repositories: [mapGitlabProject(ctx, project)] },
    raw: [raw(run, 'projects', ctx.project, project)],
    cursor: structuredClone(run.cursor),
  });
  await syncMergeRequests(run);
  // Deployments before incidents: a Caused-by line is resolved against them.
  await syncDeployments(run);
  await syncPipelines(run);
  await syncIncidents(run);
  return { cursor: run.cursor, requests: client.requests };
}

/** The GitLab connector (`panorama sync --source gitlab`). */
export function createGitlabConnector(settings: GitlabConnectorSettings = {}): SyncConnector {
  return {
    source: 'gitlab',
    description: 'GitLab (gitlab.com or self-managed): merge requests, deployments, pipelines, incidents',
    scopeKey: (scope) => Promise.resolve(gitlabScopeKey(scope)),
    collect: (scope, options, cursor, sink) => collect(settings, scope, options, cursor, sink),
  };
}
