/**
 * The GitLab connector against a local fake of the REST v4 API (test/fakes/gitlab-fake.ts),
 * through the real sync loop (ingest/sync-ingest.ts) into a real SQLite store: exact records,
 * pagination (offset with ties, keyset for incidents), an incremental run with few requests and
 * ETag 304s, 429 / RateLimit-Remaining waits that never hammer, 502 retries, a refused token,
 * a missing project that does not stop the next one, resuming after a crash at every batch, and
 * the token never in output, errors or the database. The CLI: gitlab-sync-cli.test.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitlabConnector, type GitlabConnectorSettings } from '../../src/connectors/gitlab/index.js';
import type { SyncScope } from '../../src/connectors/sync-connector.js';
import type { Deployment, Incident, PullRequest } from '../../src/domain/index.js';
import { syncScopes, type SyncIngestOptions, type SyncIngestResult } from '../../src/ingest/sync-ingest.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { startGitlabFake, type GitlabFake } from '../fakes/gitlab-fake.js';
import { tempDir } from '../helpers/cli.js';
import { ALICE, M1, M5, M6, PROJECT_PATH, S3, acmeApi, commit, deployment, mergeRequest, sha, snapshot } from './gitlab-fixtures.js';

const TOKEN = 'glpat-Secret-Token-9xQ7';
const at = (iso: string): number => Date.parse(iso);
const FAST: GitlabConnectorSettings = { perPage: 2, retryBaseMs: 10 };
const PRODUCTION = ['production', 'prod', 'prod-*'];

let fake: GitlabFake;
let dir: string;
let stores: Store[] = [];

beforeEach(async () => {
  fake = await startGitlabFake(TOKEN, { [PROJECT_PATH]: acmeApi() });
  dir = tempDir('panorama-gitlab-');
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function store(name = 'panorama.db'): Promise<Store> {
  const s = await openStore(join(dir, name));
  stores.push(s);
  return s;
}

function scope(name = PROJECT_PATH): SyncScope {
  return { name, apiUrl: fake.url };
}

async function sync(
  target: Store,
  settings: GitlabConnectorSettings = FAST,
  more: Partial<SyncIngestOptions> = {},
  scopes: SyncScope[] = [scope()],
): Promise<SyncIngestResult[]> {
  return syncScopes(target, createGitlabConnector(settings), scopes, {
    org: 'acme',
    token: TOKEN,
    productionEnvironments: PRODUCTION,
    ...more,
  });
}

const MR1: PullRequest = {
  org: 'acme',
  id: 'gitlab:merge_request:acme/api:1',
  repository: 'acme/api',
  service: 'api',
  number: 1,
  title: 'Checkout v2',
  author: 'alice',
  createdAt: at('2026-11-02T09:00:00Z'),
  // Bob's approval; Alice's own approval at 10:00 and her notes are not reviews.
  firstReviewAt: at('2026-11-02T12:00:00Z'),
  mergedAt: at('2026-11-02T15:00:00Z'),
  mergeCommitSha: M1,
  commitShas: [sha('12'), sha('11')],
  baseBranch: 'main',
  state: 'merged',
  revertsPr: null,
  additions: null,
  deletions: null,
  url: 'https://gitlab.example.com/acme/api/-/merge_requests/1',
  origin: { source: 'gitlab', rawId: 'merge_requests:acme/api!1' },
  extra: { source_branch: 'feature-1', draft: false, squash: false, approved_by: ['alice', 'bob'] },
};

const DEPLOY_101: Deployment = {
  org: 'acme',
  id: 'gitlab:deployment:acme/api:101',
  service: 'api',
  repository: 'acme/api',
  environment: 'production',
  originalEnvironment: 'production',
  status: 'success',
  originalStatus: 'success',
  startedAt: at('2026-11-02T15:06:00Z'),
  finishedAt: at('2026-11-02T15:20:00Z'),
  commitSha: M1,
  kind: 'regular',
  trigger: 'planned',
  remediatesDeploymentId: null,
  inferences: [],
  url: 'https://gitlab.example.com/acme/api/-/jobs/5101',
  origin: { source: 'gitlab', rawId: 'deployments:acme/api/deployments/101' },
  extra: { gitlab_iid: 1, ref: 'main', environment_tier: 'production', pipeline_id: 1001 },
};

const INCIDENT_7: Incident = {
  org: 'acme',
  id: 'gitlab:incident:acme/api:7',
  service: 'api',
  title: 'Checkout fails for EU cards',
  startedAt: at('2026-11-02T16:00:00Z'),
  detectedAt: at('2026-11-02T16:00:00Z'),
  acknowledgedAt: null,
  resolvedAt: at('2026-11-02T18:30:00Z'),
  causedByDeploymentId: 'gitlab:deployment:acme/api:101',
  severity: 'CRITICAL',
  inferences: [
    {
      field: 'caused_by_deployment_id',
      value: 'gitlab:deployment:acme/api:101',
      rule: 'caused-by-merge-request',
      detail: `The description's "Caused-by: !1" line names !1, which landed as ${M1.slice(0, 12)}; gitlab:deployment:acme/api:101 is the first successful production deployment of it.`,
    },
  ],
  url: 'https://gitlab.example.com/acme/api/-/issues/7',
  origin: { source: 'gitlab', rawId: 'issues:acme/api#7' },
  extra: { labels: ['incident', 'payments'], links: [] },
};

describe('GitLab sync', () => {
  it('stores exact merge requests, commits, deployments and incidents', async () => {
    const s = await store();
    const [result] = await sync(s);
    expect(result?.status).toBe('ok');
    expect(result?.scope).toBe(`gitlab:${new URL(fake.url).host}/acme/api`);

    expect(await s.listRepositories('acme')).toEqual([
      {
        org: 'acme',
        name: 'acme/api',
        defaultBranch: 'main',
        baselineProductionSha: null,
        url: 'https://gitlab.example.com/acme/api',
        origin: { source: 'gitlab', rawId: 'projects:acme/api' },
        extra: { gitlab_project_id: 42 },
      },
    ]);

    const prs = await s.listPullRequests({ org: 'acme' });
    expect(prs.map((p) => p.id)).toEqual([1, 2, 3, 4, 5].map((n) => `gitlab:merge_request:acme/api:${n}`));
    expect(prs[0]).toEqual(MR1);
    // Older GitLab (no approved_at): Carol's comment at 11:30 comes before Alice's approval note
    // at 13:00; Carol's "mentioned in" system note at 10:00 is not a review.
    expect(prs[1]).toMatchObject({ author: 'bob', state: 'open', firstReviewAt: at('2026-11-03T11:30:00Z'), mergedAt: null, mergeCommitSha: null });
    // Squashed without a merge commit: the squash commit is what landed.
    expect(prs[2]).toMatchObject({ state: 'merged', mergeCommitSha: S3, firstReviewAt: null, commitShas: [sha('14')] });
    expect(prs[3]).toMatchObject({ state: 'closed', mergedAt: null, mergeCommitSha: null, commitShas: [] });

    const commits = await s.listCommits({ org: 'acme' });
    expect(commits.map((c) => [c.sha, c.parents, c.authoredAt])).toEqual([
      [sha('11'), [sha('e0')], at('2026-11-01T20:00:00Z')],
      [sha('12'), [sha('11')], at('2026-11-02T08:00:00Z')],
      [sha('13'), [M1], at('2026-11-03T08:30:00Z')],
      [sha('14'), [M1], at('2026-11-04T07:30:00Z')],
      [sha('15'), [S3], at('2026-11-05T07:00:00Z')],
    ]);
    expect(commits[0]).toMatchObject({ author: 'Alice Martin <alice@acme.test>', message: 'Checkout: extract pricing', repository: 'acme/api', services: [] });

    const deployments = await s.listDeployments({ org: 'acme' });
    expect(deployments.find((d) => d.id === DEPLOY_101.id)).toEqual(DEPLOY_101);
    expect(deployments.map((d) => [d.id.split(':').at(-1), d.environment, d.originalEnvironment, d.status, d.originalStatus, new Date(d.finishedAt).toISOString()])).toEqual([
      ['102', 'staging', 'staging', 'success', 'success', '2026-11-02T15:10:00.000Z'],
      ['101', 'production', 'production', 'success', 'success', '2026-11-02T15:20:00.000Z'],
      ['103', 'production', 'production', 'failure', 'failed', '2026-11-04T10:30:00.000Z'],
      // Canceled with no finished_at: its last update.
      ['104', 'production', 'production', 'cancelled', 'canceled', '2026-11-04T10:40:00.000Z'],
      // prod-eu-1 matches the glob prod-*.
      ['105', 'production', 'prod-eu-1', 'success', 'success', '2026-11-05T12:00:00.000Z'],
    ]);

    const incidents = await s.listIncidents({ org: 'acme' });
    expect(incidents.map((i) => i.id)).toEqual([7, 8, 9, 11].map((n) => `gitlab:incident:acme/api:${n}`));
    expect(incidents[0]).toEqual(INCIDENT_7);
    expect(incidents[1]).toMatchObject({
      resolvedAt: null,
      severity: 'HIGH',
      causedByDeploymentId: 'gitlab:deployment:acme/api:105',
      inferences: [{ field: 'caused_by_deployment_id', value: 'gitlab:deployment:acme/api:105', rule: 'caused-by-deployment', detail: `The description's "Caused-by: deployment 105" line names deployment gitlab:deployment:acme/api:105.` }],
    });
    expect(incidents[2]).toMatchObject({
      resolvedAt: at('2026-11-05T15:00:00Z'),
      causedByDeploymentId: 'gitlab:deployment:acme/api:105',
      inferences: [{ rule: 'caused-by-sha', detail: `The description's "Caused-by: ${M5.slice(0, 8)}" line names commit ${M5.slice(0, 8)}; gitlab:deployment:acme/api:105 is the first successful production deployment of it.` }],
    });
    expect(incidents[3]).toMatchObject({ causedByDeploymentId: null, inferences: [], extra: { labels: [], links: [{ issue: 'acme/api#10', type: 'relates_to' }] } });

    const raw = await s.listRawPayloads({ org: 'acme', source: 'gitlab' });
    const entities = new Map<string, number>();
    for (const r of raw) entities.set(r.entity, (entities.get(r.entity) ?? 0) + 1);
    // The running deployment 106 and every pipeline are kept raw though not mapped.
    expect(Object.fromEntries(entities)).toEqual({
      commits: 5,
      deployments: 6,
      issue_links: 4,
      issues: 4,
      merge_request_approvals: 5,
      merge_request_notes: 5,
      merge_requests: 5,
      pipelines: 3,
      projects: 1,
    });
    expect(raw.find((r) => r.entity === 'merge_requests' && r.key === 'acme/api!1')?.payload).toEqual(fake.projects[PROJECT_PATH]?.mergeRequests[0]);
  });

  it('pages merge requests by updated_at, deployments through ties with x-next-page, incidents by keyset', async () => {
    const s = await store();
    const [result] = await sync(s);
    const lists = fake.requests.filter((r) => /\/(merge_requests|deployments|pipelines|issues)$/.test(r.path));
    const described = lists.map((r) => {
      const q = r.query;
      const what = r.path.split('/').at(-1) ?? '';
      const from = q.get('updated_after') ?? '-';
      return `${what} ${from} ${q.get('pagination') === 'keyset' ? `keyset ${q.has('cursor') ? 'next' : 'first'}` : `page ${q.get('page')}`}`;
    });
    expect(described).toEqual([
      // 5 merge requests, 2 a page, each next page asked again from the last stored update
      // (updated_after is inclusive: the last stored one comes again and is skipped).
      'merge_requests - page 1',
      'merge_requests 2026-11-03T13:00:00.000Z page 1',
      'merge_requests 2026-11-04T10:00:00.000Z page 1',
      'merge_requests 2026-11-04T11:00:00.000Z page 1',
      'merge_requests 2026-11-05T11:00:00.000Z page 1',
      // 6 deployments: 103 and 104 share 10:40, so after them the next page is by offset.
      'deployments - page 1',
      'deployments 2026-11-02T15:20:00.000Z page 1',
      'deployments 2026-11-04T10:40:00.000Z page 1',
      'deployments 2026-11-04T10:40:00.000Z page 2',
      'deployments 2026-11-05T12:11:00.000Z page 1',
      'pipelines - page 1',
      'pipelines 2026-11-04T10:41:00.000Z page 1',
      'pipelines 2026-11-05T12:11:00.000Z page 1',
      // 4 incidents by keyset: the Link header's cursor, then the end.
      'issues - keyset first',
      'issues - keyset next',
    ]);
    expect(lists.every((r) => r.query.get('order_by') === 'updated_at' && r.query.get('sort') === 'asc' && r.query.get('per_page') === '2')).toBe(true);
    expect(result?.requests).toBe(fake.requests.length);
    expect(result?.counts).toMatchObject({ pullRequests: 5, deployments: 5, incidents: 4, commits: 5 });
  });

  it('falls back to asking again from the mark when a GitLab answers keyset requests with offset pages', async () => {
    const clean = await store('clean.db');
    await sync(clean);
    fake.issuesKeyset = false;
    fake.requests.length = 0;
    const s = await store();
    const [result] = await sync(s);
    const issues = fake.requests.filter((r) => r.path.endsWith('/issues'));
    // The first request asks for keyset pages, the answer is an offset page: from then on each
    // page is asked for again from the new mark, never followed by page number.
    expect(issues[0]?.query.get('pagination')).toBe('keyset');
    expect(issues.slice(1).every((r) => r.query.get('pagination') === null && r.query.get('page') === '1')).toBe(true);
    expect(result?.counts.incidents).toBe(4);
    expect(await s.listIncidents({ org: 'acme' })).toEqual(await clean.listIncidents({ org: 'acme' }));
  });

  it('an incremental run reads only what changed, and an unchanged project costs one request per entity (ETag 304)', async () => {
    const s = await store();
    await sync(s, { ...FAST, perPage: 100 });
    const first = fake.requests.length;

    const data = fake.projects[PROJECT_PATH];
    if (!data) throw new Error('no fixture');
    data.mergeRequests.push(
      mergeRequest(6, { author: ALICE, state: 'merged', created_at: '2026-11-07T08:00:00.000Z', updated_at: '2026-11-07T10:00:00.000Z', merged_at: '2026-11-07T10:00:00.000Z', merge_commit_sha: M6 }),
    );
    data.commits[6] = [commit(sha('16'), M5, '2026-11-07T07:00:00.000Z', 'Faster login')];
    data.deployments.push(deployment(107, 'production', 'success', M6, { created_at: '2026-11-07T10:05:00.000Z', finished_at: '2026-11-07T10:20:00.000Z', updated_at: '2026-11-07T10:20:00.000Z' }));

    const [second] = await sync(s, { ...FAST, perPage: 100 });
    expect(second).toMatchObject({ status: 'ok', incremental: true });
    expect(second?.counts).toMatchObject({ pullRequests: 1, commits: 1, deployments: 1, incidents: 0 });
    const secondPaths = fake.requests.slice(first).map((r) => `${r.status} ${r.path.replace('/projects/acme/api', '')}`);
    expect(secondPaths).toEqual([
      '200 ',
      // From the last stored update: !5 again (skipped, already stored) and the new !6.
      '200 /merge_requests',
      '200 /merge_requests/6/approvals',
      '200 /merge_requests/6/notes',
      '200 /merge_requests/6/commits',
      '200 /deployments',
      // Nothing new: the last page is asked again (its ETag is new) ...
      '200 /pipelines',
      '200 /issues',
    ]);
    expect((await s.listDeployments({ org: 'acme' })).map((d) => d.id.split(':').at(-1))).toEqual(['102', '101', '103', '104', '105', '107']);

    const before = fake.requests.length;
    await sync(s, { ...FAST, perPage: 100 });
    const third = fake.requests.slice(before).map((r) => `${r.status} ${r.path.replace('/projects/acme/api', '')}`);
    // ... and from then on answers 304: nothing is read twice.
    expect(third).toEqual(['200 ', '200 /merge_requests', '200 /deployments', '304 /pipelines', '304 /issues']);
    const fourthStart = fake.requests.length;
    await sync(s, { ...FAST, perPage: 100 });
    expect(fake.requests.slice(fourthStart).map((r) => `${r.status} ${r.path.replace('/projects/acme/api', '')}`)).toEqual([
      '200 ',
      '304 /merge_requests',
      '304 /deployments',
      '304 /pipelines',
      '304 /issues',
    ]);
  });

  it('resolves a Caused-by naming a merge request deployed in an earlier sync, by reading the successful deployments once', async () => {
    const s = await store();
    await sync(s, { ...FAST, perPage: 100 });
    const data = fake.projects[PROJECT_PATH];
    if (!data) throw new Error('no fixture');
    data.issues.push({
      ...data.issues[0],
      id: 7012,
      iid: 12,
      title: 'Checkout fails again',
      description: 'Caused-by: https://gitlab.example.com/acme/api/-/merge_requests/1',
      state: 'opened',
      closed_at: null,
      created_at: '2026-11-08T09:00:00.000Z',
      updated_at: '2026-11-08T09:00:00.000Z',
    });
    const before = fake.requests.length;
    await sync(s, { ...FAST, perPage: 100 });
    const paths = fake.requests.slice(before).map((r) => `${r.status} ${r.path.replace('/projects/acme/api', '')}${r.query.get('status') ? `?status=${r.query.get('status')}` : ''}`);
    expect(paths).toEqual([
      '200 ',
      '200 /merge_requests',
      '200 /deployments',
      '200 /pipelines',
      '200 /issues',
      '200 /issues/12/links',
      '200 /merge_requests/1',
      '200 /deployments?status=success',
    ]);
    const incident = (await s.listIncidents({ org: 'acme' })).find((i) => i.id === 'gitlab:incident:acme/api:12');
    expect(incident?.causedByDeploymentId).toBe('gitlab:deployment:acme/api:101');
    expect(incident?.inferences[0]?.rule).toBe('caused-by-merge-request');
  });

  it('waits out a 429 (Retry-After) and a spent budget (RateLimit-Remaining 0) with the resume time, never hammering', async () => {
    const s = await store();
    const waits: Array<{ scope: string; resumeAt: number; reason: string; seenAt: number }> = [];
    fake.failNext({ path: '/projects/acme/api/deployments', status: 429, times: 1, retryAfter: 1 });
    fake.exhaust(1);
    const started = Date.now();
    const [result] = await sync(s, FAST, { onRateLimitWait: (w) => waits.push({ ...w, seenAt: Date.now() }) });
    expect(result?.status).toBe('ok');
    expect(fake.hammered).toBe(0);
    expect(fake.count('/projects/acme/api/deployments', 429)).toBe(1);
    expect(waits.map((w) => [w.scope, w.reason])).toEqual([
      ['acme/api', 'RateLimit-Remaining is 0'],
      ['acme/api', 'GitLab answered 429 with Retry-After 1'],
    ]);
    for (const w of waits) {
      expect(w.resumeAt - w.seenAt).toBeGreaterThan(0);
      expect(w.resumeAt - w.seenAt).toBeLessThanOrEqual(2000);
    }
    // The request after a 429 came no sooner than Retry-After.
    const i = fake.requests.findIndex((r) => r.status === 429);
    expect((fake.requests[i + 1]?.at ?? 0) - (fake.requests[i]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect((await s.countRecords('acme')).deployments).toBe(5);
  });

  it('spreads a long sync over the rate-limit windows: waits for each reset, never a 429', async () => {
    const s = await store();
    fake.limit = 10;
    fake.windowMs = 1000;
    const waits: string[] = [];
    const [result] = await sync(s, FAST, { onRateLimitWait: (w) => waits.push(w.reason) });
    expect(result?.status).toBe('ok');
    expect(fake.requests.length).toBe(36);
    expect(fake.requests.filter((r) => r.status !== 200)).toEqual([]);
    expect(fake.hammered).toBe(0);
    // A wait after every 10th answer (it says 0 remaining) that is followed by another request.
    expect(waits.length).toBe(3);
    expect(new Set(waits)).toEqual(new Set(['RateLimit-Remaining is 0']));
  });

  it('retries 502s with backoff and stores the same as a clean run', async () => {
    const clean = await store('clean.db');
    await sync(clean);
    const s = await store();
    fake.failNext({ path: '/projects/acme/api/merge_requests', status: 502, times: 2 });
    fake.failNext({ path: '/projects/acme/api/issues', status: 503, times: 1 });
    const [result] = await sync(s);
    expect(result?.status).toBe('ok');
    expect(fake.count('/projects/acme/api/merge_requests', 502)).toBe(2);
    expect(await snapshot(s)).toEqual(await snapshot(clean));
  });

  it('gives up on a lasting 5xx with CONNECTOR_REQUEST_FAILED after its retries; the next sync resumes', async () => {
    const s = await store();
    fake.failNext({ path: '/projects/acme/api/deployments', status: 502, times: 4 });
    const [failed] = await sync(s, { ...FAST, maxRetries: 3 });
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('CONNECTOR_REQUEST_FAILED');
    expect(failed?.error?.message).toBe('GitLab answered 502 for acme/api (projects/acme/api/deployments) 4 times; run the sync again later (it resumes where it stopped)');
    // Merge requests were stored before; the next run starts at deployments.
    expect((await s.countRecords('acme')).pullRequests).toBe(5);
    const before = fake.requests.length;
    const [again] = await sync(s);
    expect(again?.status).toBe('ok');
    expect(fake.requests.slice(before).filter((r) => r.path.endsWith('/merge_requests')).map((r) => r.query.get('updated_after'))).toEqual(['2026-11-05T11:00:00.000Z']);
    expect((await s.countRecords('acme')).deployments).toBe(5);
  });

  it('a refused token fails with CONNECTOR_AUTH_FAILED naming the project, never the token', async () => {
    const s = await store();
    const [result] = await syncScopes(s, createGitlabConnector(FAST), [scope()], {
      org: 'acme',
      token: 'glpat-Wrong-Token-123',
      productionEnvironments: PRODUCTION,
    });
    expect(result?.status).toBe('failed');
    expect(result?.error?.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(result?.error?.message).toBe(
      'GitLab returned 401 for acme/api: the token was refused (401 Unauthorized); set GITLAB_TOKEN to a token with the read_api scope that can see the project',
    );
    expect(JSON.stringify(result)).not.toContain('glpat-Wrong-Token-123');
    expect(fake.requests).toHaveLength(1);
  });

  it('one missing project never stops the next one', async () => {
    const s = await store();
    const results = await sync(s, FAST, {}, [scope('acme/gone'), scope()]);
    expect(results.map((r) => [r.name, r.status, r.error?.code])).toEqual([
      ['acme/gone', 'failed', 'CONNECTOR_NOT_FOUND'],
      ['acme/api', 'ok', undefined],
    ]);
    expect(results[0]?.error?.message).toContain('GitLab returned 404 for acme/gone');
    expect((await s.countRecords('acme')).pullRequests).toBe(5);
  });

  it('resumes after a crash at any batch: nothing lost, nothing twice', async () => {
    const clean = await store('clean.db');
    const [reference] = await sync(clean);
    const batches = reference?.counts.batches ?? 0;
    expect(batches).toBeGreaterThan(8);
    const expected = await snapshot(clean);
    for (let crashAt = 1; crashAt <= batches; crashAt += 1) {
      const s = await store(`crash-${crashAt}.db`);
      // The process dies while writing batch `crashAt`: its transaction never commits.
      let writes = 0;
      const dying = new Proxy(s, {
        get(target, prop, receiver) {
          if (prop === 'transaction') {
            return async (fn: Parameters<Store['transaction']>[0]) => {
              writes += 1;
              if (writes === crashAt) throw new Error('killed');
              return target.transaction(fn);
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const [crashed] = await sync(dying);
      expect(crashed?.status).toBe('failed');
      const [resumed] = await sync(s);
      expect(resumed?.status).toBe('ok');
      expect(resumed?.incremental).toBe(crashAt > 1);
      expect(await snapshot(s), `crash at batch ${crashAt}`).toEqual(expected);
    }
  });

  it('never writes the token to progress, errors or the database', async () => {
    const s = await store();
    const seen: string[] = [];
    fake.failNext({ path: '/projects/acme/api/pipelines', status: 429, times: 1, retryAfter: 1 });
    const results = await sync(s, FAST, {
      onProgress: (p) => seen.push(JSON.stringify(p)),
      onRateLimitWait: (w) => seen.push(JSON.stringify(w)),
    }, [scope(), scope('acme/gone')]);
    seen.push(JSON.stringify(results), results[1]?.error?.stack ?? '');
    expect(fake.requests.every((r) => r.token === TOKEN)).toBe(true);
    expect(seen.join('\n')).not.toContain(TOKEN);
    for (const s2 of stores) await s2.close();
    stores = [];
    expect(readFileSync(join(dir, 'panorama.db')).includes(TOKEN)).toBe(false);
  });

  it('stops between requests when aborted (Ctrl-C), keeping what was stored; the next run completes it', async () => {
    const clean = await store('clean.db');
    await sync(clean);
    const s = await store();
    const abort = new AbortController();
    fake.latencyMs = 10;
    const [stopped] = await sync(s, FAST, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'deployments') abort.abort();
      },
    });
    fake.latencyMs = 0;
    expect(stopped?.status).toBe('failed');
    expect(stopped?.error?.code).toBe('SYNC_CANCELLED');
    expect(stopped?.error?.message).toBe('gitlab acme/api: the sync was interrupted; run it again to resume');
    const counts = await s.countRecords('acme');
    expect([counts.pullRequests, counts.incidents]).toEqual([5, 0]);
    const [resumed] = await sync(s);
    expect(resumed).toMatchObject({ status: 'ok', incremental: true });
    expect(await snapshot(s)).toEqual(await snapshot(clean));
  });

  it('takes a self-managed base URL given with its /api/v4 suffix', async () => {
    const s = await store();
    const [result] = await sync(s, FAST, {}, [{ name: PROJECT_PATH, apiUrl: `${fake.url}/api/v4/` }]);
    expect(result?.status).toBe('ok');
    expect(fake.requests[0]?.path).toBe('/projects/acme/api');
  });

  it('reads a self-managed instance served under a relative URL root (https://host/gitlab)', async () => {
    const rooted = await startGitlabFake(TOKEN, { [PROJECT_PATH]: acmeApi() }, { prefix: '/gitlab' });
    try {
      const s = await store();
      const [result] = await sync(s, FAST, {}, [{ name: PROJECT_PATH, apiUrl: rooted.url }]);
      expect(result?.status).toBe('ok');
      expect(rooted.url).toMatch(/\/gitlab$/);
      expect(rooted.requests.every((r) => r.status === 200 && !r.path.startsWith('/gitlab'))).toBe(true);
      expect((await s.countRecords('acme')).incidents).toBe(4);
    } finally {
      await rooted.close();
    }
  });
});
