/**
 * The GitLab sync connector: for one project, its merge requests (with approvals, notes and
 * commits), deployments, pipelines (kept raw) and incidents (issues of type incident, with
 * their links), read incrementally in `updated_at` order (see gitlab-cursor.ts) and handed over
 * one page per batch, each batch with the cursor that is true once it is stored.
 *
 * Pipelines are kept raw only: deployments come from GitLab's deployments API, which already
 * records every environment job; mapping pipeline jobs to deployments is left out.
 */
import type { Deployment, Instant, RawPayload } from '../../domain/index.js';
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
import { GitlabClient, gitlabHost, type GitlabPage } from './gitlab-client.js';
import { phaseCursor, readGitlabCursor, type GitlabCursor, type GitlabPhase, type GitlabPhaseCursor } from './gitlab-cursor.js';
import {
  issueKey,
  mapGitlabCommit,
  mapGitlabDeployment,
  mapGitlabIncident,
  mapGitlabMergeRequest,
  mapGitlabProject,
  mergeRequestKey,
  parseCausedBy,
  parseGitlabTime,
  productionMatcher,
  type CausedByReference,
  type CausedByResolution,
  type GitlabMapContext,
} from './gitlab-mapper.js';

/** Tuning of the connector (tests shorten the waits; the CLI uses the defaults). */
export interface GitlabConnectorSettings {
  /** Items per page (GitLab's maximum, 100, by default). */
  perPage?: number;
  /** First backoff after a 5xx (default 1000 ms, doubled per retry). */
  retryBaseMs?: number;
  maxRetries?: number;
}


/** Everything one collect shares. */
interface Run {
  client: GitlabClient;
  ctx: GitlabMapContext;
  endpoint: string;
  options: SyncOptions;
  scope: SyncScope;
  sink: RecordSink<SyncBatch>;
  cursor: GitlabCursor;
  perPage: number;
  fetchedAt: Instant;
  isProduction: (environment: string) => boolean;
  /** Successful production deployments by commit SHA (the earliest finished one kept). */
  productionBySha: Map<string, { id: string; finishedAt: Instant }>;
  /** Whether every successful deployment of the project was read into `productionBySha`. */
  allDeploymentsLoaded: boolean;
}

interface HasUpdate {
  id: number;
  updated_at: string;
}

function instantOf(text: string): number {
  const parsed = parseGitlabTime(text);
  return parsed.ok ? parsed.value : Number.NaN;
}

function raw(run: Run, entity: string, key: string, payload: unknown): RawPayload {
  return { org: run.options.org, source: 'gitlab', entity, key, payload, fetchedAt: run.fetchedAt };
}

/** The page's new mark and the ids at it, given the previous ones. */
function advance(previous: GitlabPhaseCursor, items: readonly HasUpdate[]): GitlabPhaseCursor {
  let mark = previous.updatedAfter;
  let ids = new Set(previous.idsAtMark);
  for (const item of items) {
    const at = instantOf(item.updated_at);
    const current = mark === null ? Number.NEGATIVE_INFINITY : instantOf(mark);
    if (at > current) {
      mark = item.updated_at;
      ids = new Set([item.id]);
    } else if (at === current) {
      ids.add(item.id);
    }
  }
  return { updatedAfter: mark, idsAtMark: [...ids].sort((a, b) => a - b) };
}

function requestKey(params: Record<string, string | number>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}

/** The query of a `Link: <...>; rel="next"` URL, or null when there is no next page. */
function nextLink(headers: Record<string, string>): Record<string, string> | null {
  const link = headers.link;
  if (!link) return null;
  const next = /<([^>]+)>;\s*rel="next"/.exec(link);
  if (!next?.[1]) return null;
  return Object.fromEntries(new URL(next[1]).searchParams.entries());
}

/**
 * Reads one entity from the phase's mark in `updated_at` order, page by page, and hands each
 * page's new items to `handle`, which turns them into a batch (stored with the advanced cursor).
 * `keyset`: GitLab's keyset pagination (Link header) where the endpoint has it; otherwise each
 * page is asked for again from the new mark, and x-next-page steps only through ties.
 */
async function readPhase<T extends HasUpdate>(
  run: Run,
  phase: GitlabPhase,
  label: string,
  path: string,
  filters: Record<string, string | number>,
  parseItems: (body: unknown) => T[],
  handle: (items: T[]) => Promise<{ records: SyncRecords; raw: RawPayload[] }>,
  keyset = false,
): Promise<void> {
  let state = phaseCursor(run.cursor, phase);
  const endpoint = `${run.endpoint}/${path}`;
  let done = 0;
  let total: number | undefined;
  let page = 1;
  let linkParams: Record<string, string> | null = null;
  let firstKey: string | null = null;
  let firstEtag: string | undefined;
  let requestsInPhase = 0;
  for (;;) {
    const params: Record<string, string | number> =
      linkParams ??
      {
        ...filters,
        order_by: 'updated_at',
        sort: 'asc',
        per_page: run.perPage,
        ...(keyset ? { pagination: 'keyset' } : { page }),
        ...(state.updatedAfter === null ? {} : { updated_after: state.updatedAfter }),
      };
    const key = requestKey(params);
    const etag = requestsInPhase === 0 && state.etag?.url === key ? state.etag.value : undefined;
    const response: GitlabPage = await run.client.get(endpoint, params, etag);
    requestsInPhase += 1;
    if (response.status === 304) {
      run.options.onProgress?.({ scope: run.scope.name, phase: label, done, total: 0, requests: run.client.requests });
      return; // Unchanged since the last run: the cursor (and its ETag) stay.
    }
    if (requestsInPhase === 1) {
      firstKey = key;
      firstEtag = response.headers.etag;
    }
    const items = parseItems(response.body);
    const xTotal = Number(response.headers['x-total']);
    if (total === undefined && response.headers['x-total'] !== undefined && Number.isFinite(xTotal)) total = xTotal;
    const markAt = state.updatedAfter === null ? Number.NaN : instantOf(state.updatedAfter);
    const seen = new Set(state.idsAtMark);
    const fresh = items.filter((i) => !(instantOf(i.updated_at) === markAt && seen.has(i.id)));
    const next = advance(state, items);
    const full = keyset ? nextLink(response.headers) !== null : items.length >= run.perPage;
    const finished = !full;
    // The ETag is worth keeping only if the next run will send this very request: it was the
    // first of the phase, it was the last page, and the mark did not move.
    const keepEtag = finished && requestsInPhase === 1 && next.updatedAfter === state.updatedAfter && firstEtag !== undefined;
    const nextState: GitlabPhaseCursor = {
      ...next,
      ...(keepEtag && firstKey !== null && firstEtag !== undefined ? { etag: { url: firstKey, value: firstEtag } } : {}),
    };
    if (fresh.length > 0 || JSON.stringify(nextState) !== JSON.stringify(state)) {
      const batch = fresh.length > 0 ? await handle(fresh) : { records: {}, raw: [] };
      run.cursor = { ...run.cursor, phases: { ...run.cursor.phases, [phase]: nextState } };
      await run.sink.onRecords({ ...batch, cursor: structuredClone(run.cursor) });
    }
    done += fresh.length;
    run.options.onProgress?.({ scope: run.scope.name, phase: label, done, ...(total === undefined ? {} : { total }), requests: run.client.requests });
    if (finished) return;
    const moved = next.updatedAfter !== state.updatedAfter;
    state = nextState;
    if (keyset) {
      linkParams = nextLink(response.headers);
    } else if (moved) {
      page = 1; // Ask again from the new mark (see gitlab-cursor.ts).
    } else {
      // Every item of a full page shares the mark's instant: step past them by offset.
      page = Number(response.headers['x-next-page']) || page + 1;
    }
  }
}

/** Every page of a sub-list (commits of a merge request), by x-next-page. */
async function readAll<T>(run: Run, path: string, params: Record<string, string | number>, parse: (body: unknown) => T[], stop?: (items: T[]) => boolean): Promise<{ items: T[]; bodies: unknown[] }> {
  const items: T[] = [];
  const bodies: unknown[] = [];
  let page = 1;
  for (;;) {
    const response = await run.client.get(`${run.endpoint}/${path}`, { ...params, per_page: 100, page });
    bodies.push(response.body);
    const pageItems = parse(response.body);
    items.push(...pageItems);
    const next = Number(response.headers['x-next-page']);
    if (!next || pageItems.length === 0 || stop?.(pageItems)) return { items, bodies };
    page = next;
  }
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

function remember(run: Run, d: Deployment): void {
  if (d.environment !== 'production' || d.status !== 'success') return;
  const known = run.productionBySha.get(d.commitSha);
  if (!known || d.finishedAt < known.finishedAt) run.productionBySha.set(d.commitSha, { id: d.id, finishedAt: d.finishedAt });
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

/** Reads every successful deployment of the project once, for Caused-by lines naming older ones. */
async function loadAllProductionDeployments(run: Run): Promise<void> {
  if (run.allDeploymentsLoaded) return;
  const { items } = await readAll(run, 'deployments', { status: 'success', order_by: 'id', sort: 'asc' }, (body) =>
    run.client.parse(gitlabDeploymentSchema.array(), body, 'the successful deployment list'),
  );
  for (const item of items) {
    const deployment = mapGitlabDeployment(run.ctx, item, run.isProduction);
    if (deployment) remember(run, deployment);
  }
  run.allDeploymentsLoaded = true;
}

async function productionDeploymentAt(run: Run, shas: readonly string[]): Promise<{ id: string; sha: string } | null> {
  const find = (): { id: string; sha: string } | null => {
    let best: { id: string; sha: string; finishedAt: Instant } | null = null;
    for (const [sha, d] of run.productionBySha) {
      if (!shas.some((s) => sha.startsWith(s))) continue;
      if (best === null || d.finishedAt < best.finishedAt) best = { id: d.id, sha, finishedAt: d.finishedAt };
    }
    return best && { id: best.id, sha: best.sha };
  };
  const found = find();
  if (found || run.allDeploymentsLoaded) return found;
  await loadAllProductionDeployments(run);
  return find();
}

/** Resolves a Caused-by line to a deployment, by explicit links only. */
async function resolveCausedBy(run: Run, ref: CausedByReference): Promise<CausedByResolution | null> {
  const line = `"Caused-by: ${ref.text}"`;
  if (ref.kind === 'deployment') {
    return { deploymentId: ref.deploymentId, rule: 'caused-by-deployment', detail: `The description's ${line} line names deployment ${ref.deploymentId}.` };
  }
  if (ref.kind === 'sha') {
    const at = await productionDeploymentAt(run, [ref.sha]);
    return at
      ? { deploymentId: at.id, rule: 'caused-by-sha', detail: `The description's ${line} line names commit ${ref.sha}; ${at.id} is the first successful production deployment of it.` }
      : null;
  }
  if (ref.project !== run.ctx.project) return null; // Another project's merge request: not this scope's deployments.
  const response = await run.client.get(`${run.endpoint}/merge_requests/${ref.iid}`, {});
  const mr = run.client.parse(gitlabMergeRequestSchema, response.body, `merge request !${ref.iid}`);
  const landed = [mr.merge_commit_sha, mr.squash_commit_sha, mr.state === 'merged' ? mr.sha : null].filter((s): s is string => !!s).map((s) => s.toLowerCase());
  const at = await productionDeploymentAt(run, landed);
  return at
    ? {
        deploymentId: at.id,
        rule: 'caused-by-merge-request',
        detail: `The description's ${line} line names !${ref.iid}, which landed as ${at.sha.slice(0, 12)}; ${at.id} is the first successful production deployment of it.`,
      }
    : null;
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

