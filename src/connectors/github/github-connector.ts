/**
 * The GitHub sync connector: one repository per scope, read in four phases, each page handed to
 * the ingest as one batch with the cursor that is true once it is stored.
 *
 * 1. the repository (REST, with its ETag: unchanged → a free 304);
 * 2. pull requests and deployments, side by side in one GraphQL query (github-queries.ts),
 *    newest change first, stopping at the previous run's high-water mark;
 * 3. issues carrying an incident label, changed since the last run, with the cause named by a
 *    `Caused-by:` line resolved to a deployment (never guessed from time proximity);
 * 4. releases (REST, ETag; kept raw) and, when configured, Actions runs of deployment workflows.
 *
 * Resuming: see github-cursor.ts. Incident causes: github-causes.ts.
 */
import type { Commit, Deployment, Incident, PullRequest, RawPayload, Repository } from '../../domain/index.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { SyncBatch, SyncConnector, SyncOptions, SyncScope } from '../sync-connector.js';
import type {
  GqlCommit,
  GqlDeliveryPage,
  GqlIssuePage,
  GqlPullRequest,
  GqlReview,
  RestRelease,
  RestRepository,
} from './github-api-types.js';
import { IncidentCauses } from './github-causes.js';
import { GithubClient, type RestAnswer } from './github-client.js';
import {
  closePass,
  closePassKeepingPending,
  cloneCursor,
  isBefore,
  maxIso,
  notePending,
  openPass,
  readCursor,
  stopMark,
  type GithubCursor,
} from './github-cursor.js';
import { issueFacts, mapGqlCommit, mapGqlDeployment, mapGqlPullRequest, rawId } from './github-graphql-mapper.js';
import {
  DEFAULT_INCIDENT_LABELS,
  githubOrigin,
  isIncidentIssue,
  mapIncident,
  mapRepository,
  productionMatcher,
  type GithubMapContext,
} from './github-mapper.js';
import { syncWorkflowRuns } from './github-workflow-runs.js';
import { DELIVERY_QUERY, ISSUES_QUERY, PULL_REQUEST_MORE_QUERY } from './github-queries.js';

/** Tuning a test or a server may change; the CLI uses the defaults. */
export interface GithubConnectorSettings {
  /** Items per GraphQL page (default 100, GitHub's maximum). */
  pageSize?: number;
  /** 5xx backoff base in ms (default 1000). */
  retryBaseMs?: number;
  /** Hours of deployments re-read before the last run's newest (default 24): late statuses. */
  deploymentLookbackHours?: number;
}

function splitName(name: string): { owner: string; repo: string } {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(name.trim());
  if (!m?.[1] || !m[2]) {
    throw new ConnectorError(ERROR_CODES.CONNECTOR_NOT_FOUND, `"${name}" is not a GitHub repository name: use OWNER/NAME (e.g. acme/api)`);
  }
  return { owner: m[1], repo: m[2] };
}

/** What one collect of one repository holds while it runs. */
class RepositorySync {
  readonly client: GithubClient;
  readonly owner: string;
  readonly repo: string;
  cursor: GithubCursor;
  ctx: GithubMapContext & { isProduction: (environment: string) => boolean };
  /** Items per GraphQL page; halved when GitHub times out on a page (see deliveryPage). */
  pageSize: number;
  readonly lookbackMs: number;
  /** What incident causes are resolved against: this run's deployments and merge commits. */
  private readonly causes: IncidentCauses;

  constructor(
    readonly scope: SyncScope,
    readonly options: SyncOptions,
    cursor: unknown,
    readonly sink: { onRecords(batch: SyncBatch): Promise<void> },
    settings: GithubConnectorSettings,
  ) {
    ({ owner: this.owner, repo: this.repo } = splitName(scope.name));
    this.cursor = readCursor(cursor);
    const repository = this.cursor.repository ?? `${this.owner}/${this.repo}`;
    this.ctx = {
      org: options.org,
      repository,
      service: scope.service ?? repository.split('/')[1] ?? this.repo,
      isProduction: productionMatcher(options.productionEnvironments),
    };
    this.pageSize = settings.pageSize ?? 100;
    this.lookbackMs = (settings.deploymentLookbackHours ?? 24) * 3_600_000;
    this.client = new GithubClient({
      token: options.token,
      ...(scope.apiUrl ? { apiUrl: scope.apiUrl } : {}),
      scope: scope.name,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onRateLimitWait ? { onRateLimitWait: options.onRateLimitWait } : {}),
      ...(settings.retryBaseMs !== undefined ? { retryBaseMs: settings.retryBaseMs } : {}),
      onRequest: () => this.report(),
    });
    this.causes = new IncidentCauses(this);
  }

  private phase: { name: string; done: number; total?: number } = { name: 'repository', done: 0 };

  /** Reports progress; also called after every request, so a failed scope still knows its count. */
  progress(phase: string, done: number, total?: number): void {
    this.phase = { name: phase, done, ...(total !== undefined ? { total } : {}) };
    this.report();
  }

  private report(): void {
    const { name, done, total } = this.phase;
    this.options.onProgress?.({ scope: this.scope.name, phase: name, done, ...(total !== undefined ? { total } : {}), requests: this.client.requests });
  }

  raw(entity: string, key: string, payload: unknown): RawPayload {
    return { org: this.options.org, source: 'github', entity, key, payload, fetchedAt: Date.now() };
  }

  async emit(records: SyncBatch['records'], raw: RawPayload[]): Promise<void> {
    await this.sink.onRecords({ records, raw, cursor: cloneCursor(this.cursor) });
  }

  async run(): Promise<void> {
    await this.syncRepository();
    await this.syncDelivery();
    await this.syncIncidents();
    await this.syncReleases();
    if ((this.options.deploymentWorkflows ?? []).length > 0) await syncWorkflowRuns(this);
  }

  /** Phase 1: the repository itself, and the canonical OWNER/NAME the ids use. */
  private async syncRepository(): Promise<void> {
    this.progress('repository', 0);
    const answer = await this.client.get<RestRepository>(
      '/repos/{owner}/{repo}', { owner: this.owner, repo: this.repo }, this.cursor.repositoryEtag, 'repository',
    );
    if (answer.notModified) return;
    const repo = answer.data;
    this.cursor.repository = repo.full_name;
    this.cursor.repositoryEtag = answer.etag;
    this.ctx = { ...this.ctx, repository: repo.full_name, service: this.scope.service ?? repo.name };
    const record: Repository = mapRepository(this.options.org, repo, githubOrigin(rawId('repositories', repo.full_name)));
    await this.emit({ repositories: [record] }, [this.raw('repositories', repo.full_name, repo)]);
  }

  /** Phase 2: pull requests and deployments, one GraphQL request per page of both. */
  private async syncDelivery(): Promise<void> {
    const prs = this.cursor.pullRequests;
    const deps = this.cursor.deployments;
    const prStop = prs.since;
    // Back past the mark by the lookback, or to the oldest deployment still waiting for a final
    // status at the last run (within PENDING_HORIZON_MS), whichever is earlier.
    const depStop = stopMark(deps, this.lookbackMs);
    openPass(prs);
    openPass(deps);
    let prDone = 0;
    let depDone = 0;
    const fetchPage = (): Promise<Settled<GqlDeliveryPage>> =>
      settle(this.deliveryPage({
        owner: this.owner, name: this.repo,
        prAfter: prs.pass?.after ?? null, deploymentAfter: deps.pass?.after ?? null,
        withPullRequests: prs.pass !== null, withDeployments: deps.pass !== null,
      }));
    let pending: Promise<Settled<GqlDeliveryPage>> | null = fetchPage();
    while (pending !== null) {
      const page = unwrap(await pending);
      pending = null;
      const repository = page.repository;
      if (repository === null) throw this.notFound();
      const records: { pullRequests: PullRequest[]; commits: Commit[]; deployments: Deployment[] } = { pullRequests: [], commits: [], deployments: [] };
      const raw: RawPayload[] = [];

      if (repository.pullRequests && prs.pass) {
        const conn = repository.pullRequests;
        let reachedMark = false;
        for (const node of conn.nodes) {
          if (prStop !== null && isBefore(node.updatedAt, prStop)) {
            reachedMark = true;
            break;
          }
          prs.pass.highWater = maxIso(prs.pass.highWater, node.updatedAt);
          const { commits, reviews } = await this.completePullRequest(node);
          const key = `${this.ctx.repository}#${node.number}`;
          const origin = rawId('pull_requests', key);
          const pr = mapGqlPullRequest(this.ctx, node, commits, reviews, origin);
          records.pullRequests.push(pr);
          for (const c of commits) records.commits.push(mapGqlCommit(this.ctx, c, origin));
          raw.push(this.raw('pull_requests', key, { ...node, commits: { ...node.commits, nodes: commits.map((commit) => ({ commit })) }, reviews: { ...node.reviews, nodes: reviews } }));
          if (pr.mergeCommitSha && pr.number !== null) this.causes.rememberMerge(pr.number, pr.mergeCommitSha);
          prDone++;
        }
        if (reachedMark || !conn.pageInfo.hasNextPage) closePass(prs);
        else prs.pass.after = conn.pageInfo.endCursor;
        this.progress('pull requests', prDone, prStop === null ? conn.totalCount : undefined);
      }

      if (repository.deployments && deps.pass) {
        const conn = repository.deployments;
        let reachedMark = false;
        for (const node of conn.nodes) {
          if (depStop !== null && isBefore(node.createdAt, depStop)) {
            reachedMark = true;
            break;
          }
          deps.pass.highWater = maxIso(deps.pass.highWater, node.createdAt);
          const key = `${this.ctx.repository}#${node.databaseId}`;
          raw.push(this.raw('deployments', key, node));
          const d = mapGqlDeployment(this.ctx, node, rawId('deployments', key));
          if (d === null) notePending(deps.pass, node.createdAt);
          if (d !== null) {
            records.deployments.push(d);
            this.causes.remember(d);
          }
          depDone++;
        }
        if (reachedMark || !conn.pageInfo.hasNextPage) closePassKeepingPending(deps);
        else deps.pass.after = conn.pageInfo.endCursor;
        if (prs.pass === null || repository.pullRequests === undefined) {
          this.progress('deployments', depDone, depStop === null ? conn.totalCount : undefined);
        }
      }
      // The next page is fetched while this one is stored: the request and the write overlap.
      // Its cursor moves only with its own batch, so a crash between the two loses nothing.
      if (prs.pass !== null || deps.pass !== null) pending = fetchPage();
      await this.emit(records, raw);
    }
  }

  /**
   * One page of the delivery query. GitHub answers 502 or 504 when a query runs past its time
   * limit (heavy pull requests); once the retries still time out, the same page is asked for
   * again at half the size (down to 10), and the smaller size is kept for the rest of the run.
   */
  private async deliveryPage(variables: Record<string, unknown>): Promise<GqlDeliveryPage> {
    for (;;) {
      try {
        return await this.client.graphql<GqlDeliveryPage>(DELIVERY_QUERY, { ...variables, pageSize: this.pageSize }, 'pull requests and deployments');
      } catch (error) {
        const status = error instanceof ConnectorError ? error.details?.['status'] : undefined;
        const timedOut = error instanceof ConnectorError && error.code === ERROR_CODES.CONNECTOR_REQUEST_FAILED && (status === 502 || status === 504);
        if (!timedOut || this.pageSize <= 10) throw error;
        this.pageSize = Math.max(10, Math.floor(this.pageSize / 2));
      }
    }
  }

  /** Every commit and enough reviews of a pull request (more pages only when the first fell short). */
  private async completePullRequest(node: GqlPullRequest): Promise<{ commits: GqlCommit[]; reviews: GqlReview[] }> {
    const commits = node.commits.nodes.map((n) => n.commit);
    const reviews = [...(node.reviews?.nodes ?? [])];
    const author = node.author?.login ?? null;
    let commitsAfter = node.commits.pageInfo.hasNextPage ? node.commits.pageInfo.endCursor : null;
    const hasOtherReview = (): boolean => reviews.some((r) => r.author?.login !== author && r.submittedAt !== null && r.state !== 'PENDING');
    let reviewsAfter = node.reviews?.pageInfo.hasNextPage && !hasOtherReview() ? node.reviews.pageInfo.endCursor : null;
    while (commitsAfter !== null || reviewsAfter !== null) {
      const page = await this.client.graphql<{ repository: { pullRequest: { commits?: GqlPullRequest['commits']; reviews?: NonNullable<GqlPullRequest['reviews']> } | null } | null }>(
        PULL_REQUEST_MORE_QUERY,
        {
          owner: this.owner, name: this.repo, number: node.number, commitsAfter, reviewsAfter,
          withCommits: commitsAfter !== null, withReviews: reviewsAfter !== null,
        },
        `commits and reviews of pull request #${node.number}`,
      );
      const pr = page.repository?.pullRequest;
      if (!pr) break;
      if (pr.commits) {
        commits.push(...pr.commits.nodes.map((n) => n.commit));
        commitsAfter = pr.commits.pageInfo.hasNextPage ? pr.commits.pageInfo.endCursor : null;
      }
      if (pr.reviews) {
        reviews.push(...pr.reviews.nodes);
        reviewsAfter = pr.reviews.pageInfo.hasNextPage && !hasOtherReview() ? pr.reviews.pageInfo.endCursor : null;
      }
    }
    return { commits, reviews };
  }

  private notFound(): ConnectorError {
    return new ConnectorError(
      ERROR_CODES.CONNECTOR_NOT_FOUND,
      `GitHub has no repository ${this.scope.name} the token can see; check OWNER/NAME and --api-url`,
    );
  }

  /** Phase 3: incident issues, with their causes resolved. */
  private async syncIncidents(): Promise<void> {
    const labels = [...(this.options.incidentLabels ?? DEFAULT_INCIDENT_LABELS)];
    const list = this.cursor.issues;
    const since = list.since;
    openPass(list);
    let done = 0;
    while (list.pass !== null) {
      const page = await this.client.graphql<GqlIssuePage>(ISSUES_QUERY, {
        owner: this.owner, name: this.repo, pageSize: this.pageSize, after: list.pass.after, labels, since,
      }, 'incident issues');
      if (page.repository === null) throw this.notFound();
      const conn = page.repository.issues;
      const issues = conn.nodes.filter((i) => isIncidentIssue((i.labels?.nodes ?? []).map((l) => l.name), labels));
      for (const i of conn.nodes) list.pass.highWater = maxIso(list.pass.highWater, i.updatedAt);
      const { causes, deployments, namedCommits } = await this.causes.resolve(issues);
      const incidents: Incident[] = [];
      const raw: RawPayload[] = [];
      for (const issue of issues) {
        const key = `${this.ctx.repository}#${issue.number}`;
        raw.push(this.raw('issues', key, issue));
        incidents.push(
          mapIncident(
            this.ctx,
            issueFacts(issue, this.ctx.repository),
            causes.get(issue.number) ?? null,
            githubOrigin(rawId('issues', key)),
            namedCommits.get(issue.number) ?? null,
          ),
        );
      }
      if (conn.pageInfo.hasNextPage) list.pass.after = conn.pageInfo.endCursor;
      else closePass(list);
      done += issues.length;
      this.progress('incidents', done, since === null ? conn.totalCount : undefined);
      await this.emit({ incidents, deployments }, raw);
    }
  }

  /** Phase 4a: releases, kept raw (re-mappable); one free 304 when none changed. */
  private async syncReleases(): Promise<void> {
    let url: string | null = '/repos/{owner}/{repo}/releases';
    let etag: string | null = this.cursor.releasesEtag;
    let first = true;
    let done = 0;
    while (url !== null) {
      const answer: RestAnswer<RestRelease[]> = await this.client.get<RestRelease[]>(url, { owner: this.owner, repo: this.repo, per_page: this.pageSize }, first ? etag : null, 'releases');
      if (answer.notModified) return;
      if (first) etag = answer.etag;
      first = false;
      url = answer.next;
      done += answer.data.length;
      if (url === null) this.cursor.releasesEtag = etag;
      this.progress('releases', done);
      await this.emit({}, answer.data.map((r) => this.raw('releases', `${this.ctx.repository}#${r.id}`, r)));
    }
  }

}

/** A request's outcome held as a value, so a request running ahead never rejects unobserved. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(settled: Settled<T>): T {
  if (settled.ok) return settled.value;
  throw settled.error;
}

/** The GitHub connector for `panorama sync` and the server's sync jobs. */
export function createGithubSyncConnector(settings: GithubConnectorSettings = {}): SyncConnector {
  return {
    source: 'github',
    description: 'GitHub (and GitHub Enterprise): pull requests, deployments, incident issues, releases, Actions runs',
    async scopeKey(scope) {
      const { owner, repo } = splitName(scope.name);
      const apiHost = scope.apiUrl ? new URL(scope.apiUrl).host : 'api.github.com';
      const host = apiHost === 'api.github.com' ? '' : `${apiHost}/`;
      return `github:${host}${owner.toLowerCase()}/${repo.toLowerCase()}`;
    },
    async collect(scope, options, cursor, sink) {
      const sync = new RepositorySync(scope, options, cursor, sink, settings);
      await sync.run();
      return { cursor: cloneCursor(sync.cursor), requests: sync.client.requests };
    },
  };
}
