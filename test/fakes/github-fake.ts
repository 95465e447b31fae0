/**
 * A local GitHub API (node:http on 127.0.0.1) that answers like the documented one for what the
 * GitHub connector reads, at `/` (api.github.com) and under `/api/v3` + `/api/graphql` (GitHub
 * Enterprise Server):
 * - REST `GET /repos/{owner}/{repo}`, `.../releases`, `.../actions/runs` (+ `/{id}/jobs`): typed with
 *   @octokit/openapi-types; `per_page`/`page` pagination with a Link header (next, last); every
 *   200 has an ETag and `If-None-Match` with it answers 304 with no body.
 * - GraphQL `POST /graphql`: real execution by graphql-js against GitHub's schema subset
 *   (github-fake-schema.ts): connections with `first`/`after` (at most 100, as GitHub),
 *   pageInfo, totalCount, orderBy, filters, and `rateLimit`.
 * - `x-ratelimit-limit/-remaining/-used/-reset/-resource` on every answer. Scripted faults
 *   (`fail`): a primary limit (403 with remaining 0 and a reset; GraphQL answers 200 with a
 *   RATE_LIMITED error, as GitHub does), a secondary limit (403 or 429 with retry-after and
 *   GitHub's message), a 5xx, or a normal answer that spends the last request of the quota
 *   (`last-of-quota`: remaining 0, a reset soon). A request made before a scripted reset or
 *   retry-after counts in `hammered`.
 * - `Authorization: token|bearer <token>` must match (401 "Bad credentials" otherwise).
 * - Every request is counted (`requests`, by kind) and may be delayed (`latencyMs`).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { GITHUB_SDL } from './github-fake-schema.js';

type Schemas = components['schemas'];

// ---------------------------------------------------------------------------------------------
// The data the fake serves (GraphQL names; REST shapes are derived from it)

export interface FakeCommit {
  oid: string;
  message: string;
  authoredDate: string;
  committedDate: string;
  additions: number;
  deletions: number;
  author: { name: string; email: string; login: string | null };
  parents: string[];
}

export interface FakeReview {
  author: string;
  submittedAt: string | null;
  state: 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED';
}

export interface FakePullRequest {
  number: number;
  title: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  author: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  baseRefName: string;
  headRefName: string;
  additions: number;
  deletions: number;
  mergeCommitOid: string | null;
  labels: string[];
  commits: FakeCommit[];
  reviews: FakeReview[];
}

export interface FakeDeploymentStatus {
  state: 'PENDING' | 'SUCCESS' | 'FAILURE' | 'INACTIVE' | 'ERROR' | 'QUEUED' | 'IN_PROGRESS' | 'WAITING';
  createdAt: string;
  logUrl?: string | null;
}

export interface FakeDeployment {
  databaseId: number;
  environment: string;
  createdAt: string;
  updatedAt: string;
  commitOid: string;
  ref: string;
  task: string;
  payload: string;
  statuses: FakeDeploymentStatus[];
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  author: string;
  labels: string[];
}

/** GET .../releases items, typed by GitHub's OpenAPI description. */
export type FakeRelease = Pick<
  Schemas['release'],
  'id' | 'node_id' | 'tag_name' | 'target_commitish' | 'name' | 'draft' | 'prerelease' | 'created_at' | 'published_at' | 'html_url' | 'url' | 'body'
>;

/** GET .../actions/runs items, typed by GitHub's OpenAPI description. */
export type FakeWorkflowRun = Pick<
  Schemas['workflow-run'],
  | 'id' | 'name' | 'node_id' | 'head_branch' | 'head_sha' | 'path' | 'run_number' | 'run_attempt' | 'event' | 'status'
  | 'conclusion' | 'workflow_id' | 'url' | 'html_url' | 'created_at' | 'updated_at' | 'run_started_at' | 'display_title'
>;

/** GET .../actions/runs/{run_id}/jobs items, typed by GitHub's OpenAPI description. */
export type FakeWorkflowJob = Pick<
  Schemas['job'],
  | 'id' | 'run_id' | 'run_url' | 'node_id' | 'head_sha' | 'url' | 'html_url' | 'status' | 'conclusion' | 'created_at'
  | 'started_at' | 'completed_at' | 'name' | 'labels' | 'runner_id' | 'runner_name' | 'runner_group_id' | 'runner_group_name'
  | 'workflow_name' | 'head_branch' | 'run_attempt' | 'check_run_url'
>;

/** GET /repos/{owner}/{repo}, typed by GitHub's OpenAPI description. */
export type FakeRestRepository = Pick<
  Schemas['full-repository'],
  | 'id' | 'node_id' | 'name' | 'full_name' | 'private' | 'html_url' | 'description' | 'fork' | 'url' | 'default_branch'
  | 'created_at' | 'updated_at' | 'pushed_at' | 'visibility' | 'archived' | 'disabled'
>;

export interface FakeRepository {
  owner: string;
  name: string;
  defaultBranch: string;
  pullRequests: FakePullRequest[];
  deployments: FakeDeployment[];
  issues: FakeIssue[];
  releases: FakeRelease[];
  workflowRuns: FakeWorkflowRun[];
  /** Jobs by workflow run id. */
  workflowJobs?: Record<number, FakeWorkflowJob[]>;
}

// ---------------------------------------------------------------------------------------------
// Faults and the request log

export type FakeFault =
  | { kind: 'primary'; resetInSec: number }
  /** A normal answer that spends the last request of the quota (remaining 0, reset soon). */
  | { kind: 'last-of-quota'; resetInSec: number }
  | { kind: 'secondary'; status: 403 | 429; retryAfterSec: number }
  | { kind: 'status'; status: 500 | 502 | 503 | 504 };

export interface FakeRequestRecord {
  method: string;
  /** Path without the GHES prefix and query (`/repos/acme/api`, `/graphql`). */
  path: string;
  kind: 'rest' | 'graphql';
  status: number;
  /** The GraphQL operation name, when any. */
  operation: string | null;
  at: number;
  /** Milliseconds the fake took to answer (its scripted latency included). */
  ms: number;
}

export interface GithubFakeOptions {
  token?: string;
  latencyMs?: number;
  /** Requests allowed per hour before the fake's own (unscripted) quota says 0. */
  limit?: number;
}

const DOCS = 'https://docs.github.com/rest';

function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

/** The operation name of a GraphQL request body (`PanoramaDelivery`), or null. */
function operationOf(bodyText: string): string | null {
  return /(?:query|mutation)\s+(\w+)/.exec(bodyText)?.[1] ?? null;
}

function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function indexOf(cursor: string | null | undefined): number {
  if (!cursor) return -1;
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  if (!m?.[1]) throw new Error(`\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * A GitHub connection over `items`: `first` at most 100 (GitHub's limit), `after` a cursor.
 * `view` turns only the page's items into their GraphQL objects.
 */
function connection<T, V = T>(items: readonly T[], args: ConnectionArgs, name: string, view?: (item: T) => V) {
  const first = args.first ?? null;
  if (first === null) throw new Error(`You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  if (first > 100) throw new Error(`Requesting ${first} records on the \`${name}\` connection exceeds the \`first\` limit of 100 records.`);
  const start = indexOf(args.after) + 1;
  const page = items.slice(start, start + first);
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length > 0 ? cursorOf(start) : null,
      endCursor: page.length > 0 ? cursorOf(start + page.length - 1) : null,
    },
    nodes: view ? page.map(view) : page,
  };
}

type Order = { field: string; direction: 'ASC' | 'DESC' } | null | undefined;

/** Sorted copies by list, order and length: a 10,000-item list is sorted once, not per request. */
const orderCache = new WeakMap<readonly object[], Map<string, { length: number; sorted: object[] }>>();

function ordered<T extends { createdAt: string; updatedAt: string }>(items: readonly T[], order: Order, tie: (t: T) => number): T[] {
  const field = order?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
  const sign = order?.direction === 'DESC' ? -1 : 1;
  const key = `${field}:${sign}`;
  const byOrder = orderCache.get(items) ?? new Map<string, { length: number; sorted: object[] }>();
  orderCache.set(items, byOrder);
  const hit = byOrder.get(key);
  // Tests change the data between syncs by adding items (the length changes) or changing their
  // times (the cached order no longer holds); they never remove one.
  if (hit && hit.length === items.length && isSorted(hit.sorted as T[], field, sign, tie)) return hit.sorted as T[];
  const keyed = items.map((item) => ({ item, at: Date.parse(item[field]), tie: tie(item) }));
  keyed.sort((a, b) => sign * (a.at - b.at || a.tie - b.tie));
  const sorted = keyed.map((k) => k.item);
  byOrder.set(key, { length: items.length, sorted });
  return sorted;
}

function isSorted<T extends { createdAt: string; updatedAt: string }>(list: readonly T[], field: 'createdAt' | 'updatedAt', sign: number, tie: (t: T) => number): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1] as T;
    const b = list[i] as T;
    if (sign * (Date.parse(a[field]) - Date.parse(b[field]) || tie(a) - tie(b)) > 0) return false;
  }
  return true;
}

const userView = (login: string) => ({ __typename: 'User', login, url: `https://github.com/${login}`, name: null });

/** Commits by SHA, rebuilt only when pull requests were added (tests only ever add them). */
const commitCache = new WeakMap<FakeRepository, { prs: number; commits: Map<string, FakeCommit> }>();

function commitsOf(repo: FakeRepository): Map<string, FakeCommit> {
  const hit = commitCache.get(repo);
  if (hit && hit.prs === repo.pullRequests.length) return hit.commits;
  const commits = new Map<string, FakeCommit>();
  for (const pr of repo.pullRequests) for (const c of pr.commits) commits.set(c.oid, c);
  commitCache.set(repo, { prs: repo.pullRequests.length, commits });
  return commits;
}

/** The GraphQL views of one repository (the default resolver calls these with their args). */
function repositoryView(repo: FakeRepository) {
  const full = `${repo.owner}/${repo.name}`;
  const commits = commitsOf(repo);
  const commitView = (oid: string): Record<string, unknown> => {
    const c = commits.get(oid);
    return {
      __typename: 'Commit',
      oid,
      message: c?.message ?? `commit ${oid}`,
      authoredDate: c?.authoredDate ?? '2026-01-01T00:00:00Z',
      committedDate: c?.committedDate ?? '2026-01-01T00:00:00Z',
      additions: c?.additions ?? 0,
      deletions: c?.deletions ?? 0,
      author: c ? { name: c.author.name, email: c.author.email, date: c.authoredDate, user: c.author.login ? userView(c.author.login) : null } : null,
      parents: (args: ConnectionArgs) => connection((c?.parents ?? []).map((p) => ({ __typename: 'Commit', oid: p })), args, 'parents'),
      deployments: (args: ConnectionArgs & { environments?: string[] | null; orderBy?: Order }) =>
        deploymentConnection(repo.deployments.filter((d) => d.commitOid === oid), args),
    };
  };
  const labels = (names: readonly string[]) => (args: ConnectionArgs) => connection(names.map((name) => ({ name, color: 'ededed' })), args, 'labels');
  const deploymentView = (d: FakeDeployment) => {
    const newestFirst = [...d.statuses].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    const statusView = (s: FakeDeploymentStatus) => ({
      state: s.state, createdAt: s.createdAt, updatedAt: s.createdAt, logUrl: s.logUrl ?? null, environmentUrl: null, description: null,
    });
    return {
      databaseId: d.databaseId,
      environment: d.environment,
      originalEnvironment: d.environment,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      commitOid: d.commitOid,
      task: d.task,
      payload: d.payload,
      description: null,
      ref: { name: d.ref, prefix: 'refs/heads/' },
      latestStatus: newestFirst[0] ? statusView(newestFirst[0]) : null,
      // GitHub lists a deployment's statuses newest first.
      statuses: (args: ConnectionArgs) => connection(newestFirst.map(statusView), args, 'statuses'),
    };
  };
  const deploymentConnection = (list: readonly FakeDeployment[], args: ConnectionArgs & { environments?: string[] | null; orderBy?: Order }) => {
    const filtered = args.environments ? list.filter((d) => args.environments?.includes(d.environment)) : list;
    return connection(ordered(filtered, args.orderBy, (d) => d.databaseId), args, 'deployments', deploymentView);
  };
  const pullRequestView = (pr: FakePullRequest) => ({
    number: pr.number,
    title: pr.title,
    state: pr.state,
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    mergedAt: pr.mergedAt,
    closedAt: pr.closedAt,
    url: `https://github.com/${full}/pull/${pr.number}`,
    additions: pr.additions,
    deletions: pr.deletions,
    baseRefName: pr.baseRefName,
    headRefName: pr.headRefName,
    author: userView(pr.author),
    mergeCommit: pr.mergeCommitOid ? commitView(pr.mergeCommitOid) : null,
    labels: labels(pr.labels),
    commits: (args: ConnectionArgs) => connection(pr.commits.map((c) => ({ commit: commitView(c.oid) })), args, 'commits'),
    reviews: (args: ConnectionArgs & { states?: string[] | null }) =>
      connection(
        pr.reviews
          .filter((r) => !args.states || args.states.includes(r.state))
          .map((r) => ({ author: userView(r.author), submittedAt: r.submittedAt, createdAt: r.submittedAt ?? pr.createdAt, state: r.state })),
        args,
        'reviews',
      ),
  });
  const issueView = (i: FakeIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    url: `https://github.com/${full}/issues/${i.number}`,
    author: userView(i.author),
    labels: labels(i.labels),
  });
  return {
    name: repo.name,
    nameWithOwner: full,
    url: `https://github.com/${full}`,
    defaultBranchRef: { name: repo.defaultBranch, prefix: 'refs/heads/' },
    pullRequest: ({ number }: { number: number }) => {
      const pr = repo.pullRequests.find((p) => p.number === number);
      return pr ? pullRequestView(pr) : null;
    },
    pullRequests: (args: ConnectionArgs & { states?: string[] | null; orderBy?: Order }) => {
      const list = args.states ? repo.pullRequests.filter((p) => args.states?.includes(p.state)) : repo.pullRequests;
      return connection(ordered(list, args.orderBy, (p) => p.number), args, 'pullRequests', pullRequestView);
    },
    deployments: (args: ConnectionArgs & { environments?: string[] | null; orderBy?: Order }) => deploymentConnection(repo.deployments, args),
    issues: (args: ConnectionArgs & { labels?: string[] | null; states?: string[] | null; filterBy?: { since?: string | null; labels?: string[] | null } | null; orderBy?: Order }) => {
      const wanted = [...(args.labels ?? []), ...(args.filterBy?.labels ?? [])].map((l) => l.toLowerCase());
      const since = args.filterBy?.since ? Date.parse(args.filterBy.since) : null;
      const list = repo.issues.filter(
        (i) =>
          (wanted.length === 0 || i.labels.some((l) => wanted.includes(l.toLowerCase()))) &&
          (!args.states || args.states.includes(i.state)) &&
          (since === null || Date.parse(i.updatedAt) >= since),
      );
      return connection(ordered(list, args.orderBy, (i) => i.number), args, 'issues', issueView);
    },
    object: ({ expression, oid }: { expression?: string | null; oid?: string | null }) => {
      const wanted = (oid ?? expression ?? '').toLowerCase();
      if (wanted.length < 4) return null;
      const known = [...commits.keys(), ...repo.deployments.map((d) => d.commitOid), ...repo.pullRequests.flatMap((p) => (p.mergeCommitOid ? [p.mergeCommitOid] : []))];
      const match = [...new Set(known.filter((k) => k.startsWith(wanted)))];
      return match.length === 1 && match[0] ? commitView(match[0]) : null;
    },
  };
}

/** GitHub's `type` of an error (NOT_FOUND, ...), when the resolver set one. */
function errorType(error: unknown): { type?: string } {
  const type = (error as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? { type } : {};
}

// ---------------------------------------------------------------------------------------------
// REST shapes

function restRepository(repo: FakeRepository, id: number): FakeRestRepository {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id, node_id: `R_${id}`, name: repo.name, full_name: full, private: true, html_url: `https://github.com/${full}`,
    description: null, fork: false, url: `https://api.github.com/repos/${full}`, default_branch: repo.defaultBranch,
    created_at: '2024-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', pushed_at: '2026-01-01T00:00:00Z',
    visibility: 'private', archived: false, disabled: false,
  };
}

export interface GithubFake {
  readonly url: string;
  /** REST base URL for GitHub Enterprise style (`<url>/api/v3`). */
  readonly enterpriseUrl: string;
  readonly log: FakeRequestRecord[];
  /** Requests answered (faults and 304s included). */
  readonly requests: number;
  /** Requests made while a scripted rate limit was still in force (should stay 0). */
  readonly hammered: number;
  latencyMs: number;
  repositories: Map<string, FakeRepository>;
  /** Adds a repository (its data is read live: change it between syncs). */
  addRepository(repo: FakeRepository): FakeRepository;
  /** Scripts faults for the next requests matching `path` (a prefix; `/graphql` for GraphQL). */
  fail(path: string, ...faults: FakeFault[]): void;
  /** Called as each request arrives, before it is answered (a test may kill its client there). */
  onRequest: ((request: FakeRequestRecord) => void) | undefined;
  /** Forgets the request log and counts. */
  resetLog(): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startGithubFake(options: GithubFakeOptions = {}): Promise<GithubFake> {
  const token = options.token ?? 'ghp_fake_token_for_tests';
  const schema: GraphQLSchema = buildSchema(GITHUB_SDL);
  const repositories = new Map<string, FakeRepository>();
  const faults: Array<{ path: string; fault: FakeFault }> = [];
  const log: FakeRequestRecord[] = [];
  let hammered = 0;
  let blockedUntil = 0;
  /** Set while answering a `last-of-quota` request: its reset (epoch seconds). */
  let exhaustedReset: number | null = null;
  const limit = options.limit ?? 5000;
  const used = { core: 0, graphql: 0 };
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  const repoIds = new Map<string, number>();

  const state = {
    latencyMs: options.latencyMs ?? 0,
  };
  const hooks: { onRequest?: ((request: FakeRequestRecord) => void) | undefined } = {};

  function send(res: ServerResponse, status: number, body: string | null, headers: Record<string, string> = {}): void {
    res.writeHead(status, { ...(body !== null ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers });
    res.end(body ?? undefined);
  }

  function rateHeaders(resource: 'core' | 'graphql', remaining?: number, reset?: number): Record<string, string> {
    if (exhaustedReset !== null && remaining === undefined) {
      blockedUntil = exhaustedReset * 1000;
      return rateHeaders(resource, 0, exhaustedReset);
    }
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining ?? Math.max(0, limit - used[resource])),
      'x-ratelimit-used': String(used[resource]),
      'x-ratelimit-reset': String(reset ?? resetAt),
      'x-ratelimit-resource': resource,
    };
  }

  function findRepo(owner: string, name: string): FakeRepository | undefined {
    return repositories.get(`${owner}/${name}`.toLowerCase());
  }

  function restAnswer(req: IncomingMessage, res: ServerResponse, data: unknown, extra: Record<string, string> = {}): number {
    const body = JSON.stringify(data);
    const etag = etagOf(body);
    // A conditional request answered 304 does not count against the quota (GitHub docs).
    if (req.headers['if-none-match'] === etag) {
      send(res, 304, null, { etag, ...rateHeaders('core'), ...extra });
      return 304;
    }
    used.core++;
    send(res, 200, body, { etag, ...rateHeaders('core'), ...extra });
    return 200;
  }

  function paged<T>(req: IncomingMessage, res: ServerResponse, url: URL, items: readonly T[], wrap: (page: T[]) => unknown): number {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1), 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    const link = (p: number, rel: string): string => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    return restAnswer(req, res, wrap(items.slice((page - 1) * perPage, page * perPage)), links.length ? { link: links.join(', ') } : {});
  }

  function rest(req: IncomingMessage, res: ServerResponse, path: string, url: URL): number {
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo = m?.[1] && m[2] ? findRepo(m[1], m[2]) : undefined;
    if (!m || !repo) {
      send(res, 404, JSON.stringify({ message: 'Not Found', documentation_url: DOCS, status: '404' }), rateHeaders('core'));
      return 404;
    }
    const full = `${repo.owner}/${repo.name}`.toLowerCase();
    const rest = m[3] ?? '';
    if (rest === '') {
      if (!repoIds.has(full)) repoIds.set(full, 1000 + repoIds.size);
      return restAnswer(req, res, restRepository(repo, repoIds.get(full) ?? 0));
    }
    if (rest === '/releases') {
      const list = [...repo.releases].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
      return paged(req, res, url, list, (page) => page);
    }
    const jobsOf = /^\/actions\/runs\/(\d+)\/jobs$/.exec(rest);
    if (jobsOf?.[1]) {
      const runId = Number(jobsOf[1]);
      if (!repo.workflowRuns.some((r) => Number(r.id) === runId)) {
        send(res, 404, JSON.stringify({ message: 'Not Found', documentation_url: DOCS, status: '404' }), rateHeaders('core'));
        return 404;
      }
      const jobs = repo.workflowJobs?.[runId] ?? [];
      return paged(req, res, url, jobs, (page) => ({ total_count: jobs.length, jobs: page }));
    }
    if (rest === '/actions/runs') {
      const status = url.searchParams.get('status');
      const created = url.searchParams.get('created');
      const from = created?.startsWith('>=') ? Date.parse(created.slice(2)) : null;
      const sorted = repo.workflowRuns
        .filter((r) => (status === null || r.status === status) && (from === null || Date.parse(r.created_at) >= from))
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || Number(b.id) - Number(a.id));
      // GitHub: "up to 1,000 results for each search" when status, created (and others) filter.
      const list = status !== null || created !== null ? sorted.slice(0, 1000) : sorted;
      return paged(req, res, url, list, (page) => ({ total_count: list.length, workflow_runs: page }));
    }
    send(res, 404, JSON.stringify({ message: 'Not Found', documentation_url: DOCS, status: '404' }), rateHeaders('core'));
    return 404;
  }

  async function graphqlAnswer(res: ServerResponse, bodyText: string): Promise<{ status: number; operation: string | null }> {
    let request: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      request = JSON.parse(bodyText) as typeof request;
    } catch {
      send(res, 400, JSON.stringify({ message: 'Problems parsing JSON', documentation_url: DOCS }), rateHeaders('graphql'));
      return { status: 400, operation: null };
    }
    used.graphql++;
    const operation = operationOf(bodyText);
    const rootValue = {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = findRepo(owner, name);
        if (!repo) throw Object.assign(new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`), { type: 'NOT_FOUND' });
        return repositoryView(repo);
      },
      rateLimit: () => ({
        cost: 1, limit, nodeCount: 0, remaining: Math.max(0, limit - used.graphql), used: used.graphql,
        resetAt: new Date(resetAt * 1000).toISOString(),
      }),
    };
    const result = await graphql({ schema, source: request.query ?? '', rootValue, variableValues: request.variables ?? {}, operationName: request.operationName ?? null });
    const body = {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors
        ? {
            errors: result.errors.map((e) => ({
              ...errorType(e.originalError),
              path: e.path,
              locations: e.locations,
              message: e.message,
            })),
          }
        : {}),
    };
    send(res, 200, JSON.stringify(body), rateHeaders('graphql'));
    return { status: 200, operation };
  }

  /** Answers a scripted fault; returns its status. */
  function answerFault(res: ServerResponse, fault: FakeFault, kind: 'rest' | 'graphql'): number {
    const resource = kind === 'graphql' ? 'graphql' : 'core';
    if (fault.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/html', ...rateHeaders(resource) });
      res.end(`<html><body><h1>${fault.status} Bad Gateway</h1></body></html>`);
      return fault.status;
    }
    if (fault.kind === 'secondary') {
      blockedUntil = Date.now() + fault.retryAfterSec * 1000;
      send(
        res,
        fault.status,
        JSON.stringify({
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        }),
        { 'retry-after': String(fault.retryAfterSec), ...rateHeaders(resource) },
      );
      return fault.status;
    }
    const reset = Math.ceil(Date.now() / 1000) + fault.resetInSec;
    blockedUntil = reset * 1000;
    const message = 'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:0000.';
    if (kind === 'graphql') {
      send(res, 200, JSON.stringify({ errors: [{ type: 'RATE_LIMITED', message }] }), rateHeaders(resource, 0, reset));
      return 200;
    }
    send(res, 403, JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }), rateHeaders(resource, 0, reset));
    return 403;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
        const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
        const kind = path === '/graphql' ? 'graphql' : 'rest';
        const arrived = Date.now();
        if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
        if (Date.now() < blockedUntil) hammered++;
        const record: FakeRequestRecord = { method: req.method ?? 'GET', path, kind, status: 0, operation: null, at: Date.now(), ms: 0 };
        res.on('finish', () => (record.ms = Date.now() - arrived));
        log.push(record);
        const bodyText = Buffer.concat(chunks).toString();
        hooks.onRequest?.({ ...record, operation: kind === 'graphql' ? operationOf(bodyText) : null });
        const auth = req.headers.authorization ?? '';
        if (auth !== `token ${token}` && auth !== `bearer ${token}` && auth !== `Bearer ${token}`) {
          send(res, 401, JSON.stringify({ message: 'Bad credentials', documentation_url: DOCS, status: '401' }), rateHeaders(kind === 'graphql' ? 'graphql' : 'core'));
          record.status = 401;
          return;
        }
        const i = faults.findIndex((f) => path.startsWith(f.path));
        const scripted = i >= 0 ? faults.splice(i, 1)[0] : undefined;
        exhaustedReset = null;
        if (scripted?.fault.kind === 'last-of-quota') {
          exhaustedReset = Math.ceil(Date.now() / 1000) + scripted.fault.resetInSec;
        } else if (scripted) {
          record.status = answerFault(res, scripted.fault, kind);
          return;
        }
        if (kind === 'graphql' && req.method === 'POST') {
          const answer = await graphqlAnswer(res, bodyText);
          record.status = answer.status;
          record.operation = answer.operation;
          return;
        }
        if (req.method !== 'GET') {
          send(res, 404, JSON.stringify({ message: 'Not Found', documentation_url: DOCS }));
          record.status = 404;
          return;
        }
        record.status = rest(req, res, path, url);
      })().catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake failure: ${String(error)}`);
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    enterpriseUrl: `${url}/api/v3`,
    log,
    get requests() {
      return log.length;
    },
    get hammered() {
      return hammered;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    repositories,
    get onRequest() {
      return hooks.onRequest;
    },
    set onRequest(fn) {
      hooks.onRequest = fn;
    },
    addRepository(repo) {
      repositories.set(`${repo.owner}/${repo.name}`.toLowerCase(), repo);
      return repo;
    },
    fail(path, ...list) {
      for (const fault of list) faults.push({ path, fault });
    },
    resetLog() {
      log.length = 0;
      hammered = 0;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
