/**
 * The GitHub sync (connector + ingest loop) against the local GitHub fake (test/fakes/
 * github-fake.ts), on real SQLite and PostgreSQL: the exact records of a hand-written
 * repository, pagination, incremental runs and their request counts, 304s, rate-limit waits,
 * 502 retries, errors that name the repository but never the token, and one failing
 * repository never stopping another.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGithubConnector } from '../../src/connectors/github/index.js';
import type { SyncOptions } from '../../src/connectors/sync-connector.js';
import { syncScopes, type SyncIngestResult } from '../../src/ingest/sync-ingest.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { startGithubFake, type GithubFake } from '../fakes/github-fake.js';
import { generatedRepository, sha, smallRepository } from '../fakes/github-fake-data.js';
import { DATABASES } from './test-databases.js';

const TOKEN = 'ghp_fake_token_for_tests';
const t = (iso: string): number => Date.parse(iso);
const M1 = sha('m1');

function options(extra: Partial<SyncOptions> = {}): SyncOptions {
  return { org: 'acme', token: TOKEN, productionEnvironments: ['production', 'prod-*'], ...extra };
}

async function sync(store: Store, fake: GithubFake, names: string[], extra: Partial<SyncOptions> = {}, pageSize?: number): Promise<SyncIngestResult[]> {
  const connector = await createGithubConnector({ retryBaseMs: 20, ...(pageSize ? { pageSize } : {}) });
  return syncScopes(store, connector, names.map((name) => ({ name, apiUrl: fake.url })), options(extra));
}

const requestsOf = (fake: GithubFake): string[] => fake.log.map((r) => `${r.operation ?? `${r.method} ${r.path}`} ${r.status}`);

for (const db of DATABASES) {
  describe.skipIf(db.skipReason !== undefined)(`GitHub sync on ${db.name}`, () => {
    let fake: GithubFake;
    let store: Store;
    beforeAll(async () => {
      fake = await startGithubFake({ token: TOKEN });
      store = await openStore(await db.setUp());
    });
    afterAll(async () => {
      await store.close();
      await db.tearDown();
      await fake.close();
    });
    beforeEach(async () => {
      await db.clear();
      fake.repositories.clear();
      fake.addRepository(smallRepository());
      fake.resetLog();
    });

    it('maps pull requests, commits, deployments and incident issues exactly', async () => {
      const [result] = await sync(store, fake, ['acme/api']);
      expect(result).toMatchObject({ scope: `github:${new URL(fake.url).host}/acme/api`, status: 'ok', requests: 4, incremental: false });
      expect(result?.counts).toEqual({ repositories: 1, commits: 4, pullRequests: 3, deployments: 5, incidents: 4, raw: 16, batches: 4 });

      const prs = await store.listPullRequests({ org: 'acme' });
      expect(prs.map((p) => [p.id, p.state, p.firstReviewAt, p.mergedAt, p.mergeCommitSha, p.commitShas])).toEqual([
        // First review by someone else: carol at 13:00 (alice's own review and dave's pending draft do not count).
        ['github:pull_request:acme/api:1', 'merged', t('2026-03-01T13:00:00Z'), t('2026-03-02T12:00:00Z'), M1, [sha('c1'), sha('c2')]],
        ['github:pull_request:acme/api:2', 'open', null, null, null, [sha('c3')]],
        ['github:pull_request:acme/api:3', 'closed', t('2026-03-03T08:45:00Z'), null, null, [sha('c4')]],
      ]);
      expect(prs[0]).toEqual({
        org: 'acme', id: 'github:pull_request:acme/api:1', repository: 'acme/api', service: 'api', number: 1,
        title: 'Faster checkout', author: 'alice', createdAt: t('2026-03-01T10:00:00Z'), firstReviewAt: t('2026-03-01T13:00:00Z'),
        mergedAt: t('2026-03-02T12:00:00Z'), mergeCommitSha: M1, commitShas: [sha('c1'), sha('c2')], baseBranch: 'main',
        state: 'merged', revertsPr: null, additions: 20, deletions: 4, url: 'https://github.com/acme/api/pull/1',
        origin: { source: 'github', rawId: 'pull_requests:acme/api#1' },
        extra: { head_branch: 'feat/checkout', labels: ['feature'], closed_at: '2026-03-02T12:00:00Z' },
      });

      const commits = await store.listCommits({ org: 'acme' });
      expect(commits.map((c) => [c.sha, c.parents, c.author, c.committedAt])).toEqual([
        [sha('c1'), [sha('base')], 'alice', t('2026-03-01T09:00:00Z')],
        [sha('c2'), [sha('c1')], 'alice', t('2026-03-01T09:30:00Z')],
        [sha('c3'), [sha('base')], 'bob', t('2026-03-02T08:00:00Z')],
        [sha('c4'), [sha('base')], 'carol', t('2026-03-03T08:00:00Z')],
      ]);

      const deployments = await store.listDeployments({ org: 'acme' });
      expect(deployments.map((d) => [d.id, d.service, d.environment, d.originalEnvironment, d.status, d.originalStatus, d.startedAt, d.finishedAt, d.url])).toEqual([
        ['github:deployment:acme/api:103', 'api', 'staging', 'staging', 'success', 'success', t('2026-03-02T12:30:00Z'), t('2026-03-02T12:40:00Z'), null],
        // Inactive after a success stays a success, finished when it succeeded.
        ['github:deployment:acme/api:101', 'api', 'production', 'production', 'success', 'success', t('2026-03-02T13:00:00Z'), t('2026-03-02T13:10:00Z'), 'https://ci.acme.test/runs/101'],
        // prod-eu matches the configured glob prod-*; its payload names the service.
        ['github:deployment:acme/api:104', 'checkout', 'production', 'prod-eu', 'success', 'success', t('2026-03-02T13:20:00Z'), t('2026-03-02T13:30:00Z'), null],
        ['github:deployment:acme/api:102', 'api', 'production', 'production', 'failure', 'failure', t('2026-03-03T10:00:00Z'), t('2026-03-03T10:05:00Z'), null],
        // error → failure; 105 (still in progress) is no deployment yet.
        ['github:deployment:acme/api:106', 'api', 'production', 'production', 'failure', 'error', t('2026-03-04T11:00:00Z'), t('2026-03-04T11:02:00Z'), null],
      ]);
      expect(deployments[1]?.commitSha).toBe(M1);
      expect(deployments[1]?.extra).toEqual({ ref: 'main', deployment_id: 101 });

      const incidents = await store.listIncidents({ org: 'acme' });
      expect(incidents.map((i) => [i.id, i.startedAt, i.resolvedAt, i.severity, i.causedByDeploymentId, i.inferences.map((x) => x.rule)])).toEqual([
        // Caused-by: #1 → PR 1 merged as m1 → the api's production deployment of m1 (101), not checkout's (104).
        ['github:incident:acme/api:10', t('2026-03-02T14:00:00Z'), t('2026-03-02T16:00:00Z'), '1', 'github:deployment:acme/api:101', ['caused-by-pull-request']],
        // No Caused-by line: no cause, although deployment 101 finished 60 minutes before.
        ['github:incident:acme/api:14', t('2026-03-02T14:10:00Z'), t('2026-03-02T18:00:00Z'), 'high', null, []],
        ['github:incident:acme/api:12', t('2026-03-02T15:00:00Z'), null, null, 'github:deployment:acme/api:101', ['caused-by-commit']],
        ['github:incident:acme/api:11', t('2026-03-03T10:30:00Z'), t('2026-03-03T11:00:00Z'), null, 'github:deployment:acme/api:102', ['caused-by-deployment']],
      ]);
      expect(incidents[0]?.inferences[0]).toEqual({
        field: 'caused_by_deployment_id', value: 'github:deployment:acme/api:101', rule: 'caused-by-pull-request',
        detail: `issue #10 names its cause "#1": pull request #1, merged as ${M1.slice(0, 12)}, deployed to production by github:deployment:acme/api:101 at 2026-03-02T13:10:00Z`,
      });

      const raw = await store.listRawPayloads({ org: 'acme', source: 'github' });
      expect(raw.map((r) => `${r.entity}:${r.key}`).sort()).toEqual([
        'deployments:acme/api#101', 'deployments:acme/api#102', 'deployments:acme/api#103', 'deployments:acme/api#104',
        'deployments:acme/api#105', 'deployments:acme/api#106',
        'issues:acme/api#10', 'issues:acme/api#11', 'issues:acme/api#12', 'issues:acme/api#14',
        'pull_requests:acme/api#1', 'pull_requests:acme/api#2', 'pull_requests:acme/api#3',
        'releases:acme/api#7001', 'releases:acme/api#7002', 'repositories:acme/api',
      ]);
      expect((await store.listRepositories('acme')).map((r) => [r.name, r.defaultBranch, r.url])).toEqual([
        ['acme/api', 'main', 'https://github.com/acme/api'],
      ]);
    });

    it('incremental runs read only what changed: a few requests, 304s for the unchanged', async () => {
      await sync(store, fake, ['acme/api']);
      fake.resetLog();
      const [same] = await sync(store, fake, ['acme/api']);
      expect(same).toMatchObject({ status: 'ok', incremental: true, requests: 4 });
      expect(requestsOf(fake)).toEqual([
        'GET /repos/acme/api 304', 'PanoramaDelivery 200', 'PanoramaIncidents 200', 'GET /repos/acme/api/releases 304',
      ]);

      // A new pull request and an incident blaming PR #1, which this run does not re-read.
      const repo = fake.repositories.get('acme/api');
      if (!repo) throw new Error('no repository');
      const base = repo.pullRequests[0];
      if (!base) throw new Error('no PR 1');
      repo.pullRequests.push({ ...base, number: 4, title: 'Next', updatedAt: '2026-03-06T10:00:00Z', createdAt: '2026-03-06T09:00:00Z', mergedAt: null, closedAt: null, state: 'OPEN', mergeCommitOid: null, reviews: [] });
      repo.issues.push({ number: 15, title: 'Issue 15', body: 'Caused-by: https://github.com/acme/api/pull/1', state: 'OPEN', createdAt: '2026-03-06T11:00:00Z', updatedAt: '2026-03-06T11:00:00Z', closedAt: null, author: 'oncall', labels: ['incident'] });
      fake.resetLog();
      const [next] = await sync(store, fake, ['acme/api']);
      expect(next).toMatchObject({ status: 'ok', incremental: true, requests: 5 });
      expect(requestsOf(fake)).toEqual([
        'GET /repos/acme/api 304', 'PanoramaDelivery 200', 'PanoramaIncidents 200', 'PanoramaCauses 200', 'GET /repos/acme/api/releases 304',
      ]);
      // PR 4 is new; PR 3 sits at the previous high-water mark and is read again (idempotent).
      expect(next?.counts.pullRequests).toBe(2);
      expect((await store.listPullRequests({ org: 'acme' })).map((p) => p.number)).toEqual([1, 2, 3, 4]);
      const incident = (await store.listIncidents({ org: 'acme' })).find((i) => i.id === 'github:incident:acme/api:15');
      expect(incident?.causedByDeploymentId).toBe('github:deployment:acme/api:101');
      expect(incident?.inferences[0]?.rule).toBe('caused-by-pull-request');
      expect((await store.listPullRequests({ org: 'acme' })).length).toBe(4);
    });
  });
}

describe('GitHub sync on SQLite: paging, limits and failures', () => {
  let fake: GithubFake;
  let store: Store;
  beforeAll(async () => {
    fake = await startGithubFake({ token: TOKEN });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    store = await openStore(':memory:');
    fake.repositories.clear();
    fake.addRepository(smallRepository());
    fake.resetLog();
  });
  afterEach(async () => {
    await store.close();
  });

  it('pages pull requests, deployments and issues side by side and stores each page with its cursor', async () => {
    const [result] = await sync(store, fake, ['acme/api'], {}, 2);
    // Pull requests: 2 pages; deployments: 3 pages → 3 shared requests. Incident issues: 2 pages.
    expect(requestsOf(fake)).toEqual([
      'GET /repos/acme/api 200',
      'PanoramaDelivery 200', 'PanoramaDelivery 200', 'PanoramaDelivery 200',
      'PanoramaIncidents 200', 'PanoramaIncidents 200',
      'GET /repos/acme/api/releases 200',
    ]);
    expect(result?.counts).toMatchObject({ pullRequests: 3, deployments: 5, incidents: 4, batches: 7 });
    expect((await store.listPullRequests({ org: 'acme' })).map((p) => p.number)).toEqual([1, 2, 3]);
    expect((await store.listDeployments({ org: 'acme' })).length).toBe(5);
  });

  it('follows Link headers across release pages, and an unchanged first page is a 304', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    repo.releases.push({ ...repo.releases[0]!, id: 7003, tag_name: 'v1.2.0', created_at: '2026-03-05T00:00:00Z' });
    await sync(store, fake, ['acme/api'], {}, 2);
    expect(fake.log.filter((r) => r.path.endsWith('/releases')).map((r) => r.status)).toEqual([200, 200]);
    expect((await store.listRawPayloads({ org: 'acme', source: 'github', entity: 'releases' })).map((r) => r.key)).toEqual([
      'acme/api#7001', 'acme/api#7002', 'acme/api#7003',
    ]);
    fake.resetLog();
    await sync(store, fake, ['acme/api'], {}, 2);
    expect(fake.log.filter((r) => r.path.endsWith('/releases')).map((r) => r.status)).toEqual([304]);
  });

  it('waits out primary and secondary rate limits (reported, never hammering), then finishes', async () => {
    fake.fail('/repos/acme/api', { kind: 'primary', resetInSec: 1 });
    fake.fail('/graphql', { kind: 'secondary', status: 429, retryAfterSec: 1 });
    const waits: string[] = [];
    const started = Date.now();
    const [result] = await sync(store, fake, ['acme/api'], {
      onRateLimitWait: (w) => waits.push(`${w.scope}: ${w.reason} (${w.resumeAt > Date.now() ? 'ahead' : 'past'})`),
    });
    expect(result?.status).toBe('ok');
    expect(waits).toEqual(['acme/api: GitHub primary rate limit (ahead)', 'acme/api: GitHub secondary rate limit (ahead)']);
    expect(fake.hammered).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(requestsOf(fake).slice(0, 4)).toEqual(['GET /repos/acme/api 403', 'GET /repos/acme/api 200', 'POST /graphql 429', 'PanoramaDelivery 200']);
    expect((await store.listPullRequests({ org: 'acme' })).length).toBe(3);
  });

  it('waits for the reset a GraphQL RATE_LIMITED answer names', async () => {
    fake.fail('/graphql', { kind: 'primary', resetInSec: 1 });
    const waits: string[] = [];
    const [result] = await sync(store, fake, ['acme/api'], { onRateLimitWait: (w) => waits.push(w.reason) });
    expect(result?.status).toBe('ok');
    expect(waits).toEqual(['GitHub primary rate limit']);
    expect(fake.hammered).toBe(0);
  });

  it('an answer that used up the quota makes the next request on it wait for the reset', async () => {
    fake.fail('/graphql', { kind: 'last-of-quota', resetInSec: 1 });
    const waits: string[] = [];
    const [result] = await sync(store, fake, ['acme/api'], { onRateLimitWait: (w) => waits.push(w.reason) });
    expect(result?.status).toBe('ok');
    expect(waits).toEqual(['GitHub GraphQL quota used up']);
    expect(fake.hammered).toBe(0);
    expect(requestsOf(fake)).toEqual(['GET /repos/acme/api 200', 'PanoramaDelivery 200', 'PanoramaIncidents 200', 'GET /repos/acme/api/releases 200']);
  });

  it('gives up after three waits on a limit that does not lift, with CONNECTOR_RATE_LIMITED', async () => {
    fake.fail('/graphql', ...Array.from({ length: 4 }, () => ({ kind: 'secondary' as const, status: 403 as const, retryAfterSec: 1 })));
    const [result] = await sync(store, fake, ['acme/api']);
    expect(result?.status).toBe('failed');
    expect(result?.error?.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(result?.error?.message).toBe(
      "GitHub's secondary rate limit for acme/api (pull requests and deployments) stayed in force after 3 waits; GitHub asks to wait another 1 s; run the sync again later, it resumes where it stopped",
    );
    expect(fake.hammered).toBe(0);
  });

  it('retries a 502 with backoff and counts every attempt', async () => {
    fake.fail('/graphql', { kind: 'status', status: 502 }, { kind: 'status', status: 502 });
    const [result] = await sync(store, fake, ['acme/api']);
    expect(result).toMatchObject({ status: 'ok', requests: 6 });
    expect(requestsOf(fake).slice(0, 4)).toEqual(['GET /repos/acme/api 200', 'POST /graphql 502', 'POST /graphql 502', 'PanoramaDelivery 200']);
  });

  it('asks again for a page that keeps timing out (502) at half the size', async () => {
    fake.addRepository(generatedRepository('acme', 'heavy', { pullRequests: 120, deployments: 10, incidents: 0 }));
    fake.fail('/graphql', ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 502 as const })));
    const [result] = await sync(store, fake, ['acme/heavy']);
    expect(result).toMatchObject({ status: 'ok', counts: { pullRequests: 120, deployments: 10 } });
    // 4 answers of 502 for the 100-item page (1 + 3 retries), then pages of 50: 50, 50, 20.
    expect(requestsOf(fake).filter((r) => r.startsWith('POST /graphql') || r.startsWith('PanoramaDelivery'))).toEqual([
      'POST /graphql 502', 'POST /graphql 502', 'POST /graphql 502', 'POST /graphql 502',
      'PanoramaDelivery 200', 'PanoramaDelivery 200', 'PanoramaDelivery 200',
    ]);
  });

  it('fails a repository after its retries with CONNECTOR_REQUEST_FAILED, keeping what was stored', async () => {
    fake.fail('/graphql', ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503 as const })));
    const [result] = await sync(store, fake, ['acme/api']);
    expect(result?.status).toBe('failed');
    expect(result?.error?.code).toBe('CONNECTOR_REQUEST_FAILED');
    expect(result?.error?.message).toMatch(/^GitHub answered 503 for acme\/api \(pull requests and deployments\) after 3 retries/);
    expect(result?.requests).toBe(5);
    // The repository batch was stored with its cursor: the next run resumes after it.
    expect((await store.listRepositories('acme')).length).toBe(1);
    fake.resetLog();
    expect((await sync(store, fake, ['acme/api']))[0]?.status).toBe('ok');
    expect(requestsOf(fake)[0]).toBe('GET /repos/acme/api 304');
  });

  it('stops between requests when interrupted (SYNC_CANCELLED), keeping the stored batches; the next run resumes', async () => {
    const abort = new AbortController();
    const [result] = await sync(store, fake, ['acme/api'], {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'pull requests') abort.abort();
      },
    }, 2);
    expect(result?.status).toBe('failed');
    expect(result?.error?.code).toBe('SYNC_CANCELLED');
    // Interrupted while reading page 1 (the two last updated: 3 and 1): it is stored, page 2 is never asked for.
    expect((await store.listPullRequests({ org: 'acme' })).map((p) => p.number)).toEqual([1, 3]);
    expect(fake.log.filter((r) => r.operation === 'PanoramaDelivery').length).toBe(1);
    const [again] = await sync(store, fake, ['acme/api'], {}, 2);
    expect(again).toMatchObject({ status: 'ok', incremental: true });
    expect((await store.listPullRequests({ org: 'acme' })).map((p) => p.number)).toEqual([1, 2, 3]);
    expect((await store.listIncidents({ org: 'acme' })).length).toBe(4);
  });

  it('a refused token fails with CONNECTOR_AUTH_FAILED naming the repository, never the token', async () => {
    const connector = await createGithubConnector();
    const [result] = await syncScopes(store, connector, [{ name: 'acme/api', apiUrl: fake.url }], options({ token: 'ghp_wrong_secret_value' }));
    expect(result?.status).toBe('failed');
    expect(result?.error?.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(result?.error?.message).toBe('GitHub returned 401 for acme/api (repository): the token is invalid or expired; set GITHUB_TOKEN to a valid token');
    const everything = JSON.stringify(result, Object.getOwnPropertyNames(result?.error ?? {})) + String(result?.error?.stack) + JSON.stringify(result?.error?.cause, Object.getOwnPropertyNames(result?.error?.cause ?? {}));
    expect(everything).not.toContain('ghp_wrong_secret_value');
  });

  it('one failing repository never stops the others (GitHub Enterprise URL)', async () => {
    const connector = await createGithubConnector({ retryBaseMs: 20 });
    const results = await syncScopes(
      store, connector,
      [{ name: 'acme/missing', apiUrl: fake.enterpriseUrl }, { name: 'acme/api', apiUrl: fake.enterpriseUrl }, { name: 'acme/api', apiUrl: fake.enterpriseUrl }, { name: 'not-a-name', apiUrl: fake.enterpriseUrl }],
      options(),
    );
    expect(results.map((r) => [r.name, r.status, r.error?.code])).toEqual([
      ['acme/missing', 'failed', 'CONNECTOR_NOT_FOUND'],
      ['acme/api', 'ok', undefined],
      ['acme/api', 'skipped', 'SYNC_DUPLICATE_SCOPE'],
      ['not-a-name', 'failed', 'CONNECTOR_NOT_FOUND'],
    ]);
    expect(results[0]?.error?.message).toBe('GitHub returned 404 for acme/missing (repository): no such repository, or the token cannot see it; check OWNER/NAME and --api-url');
    expect((await store.listPullRequests({ org: 'acme' })).length).toBe(3);
  });

  it('completed runs of configured deployment workflows are production deployments; others are ignored', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    const run = (id: number, name: string, path: string, conclusion: string | null, created: string, status = 'completed') => ({
      id, name, node_id: `WFR_${id}`, head_branch: 'main', head_sha: sha(`run${id}`), path, run_number: id, run_attempt: 1,
      event: 'push', status, conclusion, workflow_id: 9, url: `https://api.github.com/repos/acme/api/actions/runs/${id}`,
      html_url: `https://github.com/acme/api/actions/runs/${id}`, created_at: created, updated_at: created.replace(':00:00Z', ':09:00Z'),
      run_started_at: created, display_title: name,
    });
    repo.workflowRuns.push(
      run(801, 'Deploy', '.github/workflows/deploy.yml', 'success', '2026-03-05T10:00:00Z'),
      run(802, 'Deploy', '.github/workflows/deploy.yml', 'failure', '2026-03-05T11:00:00Z'),
      run(803, 'CI', '.github/workflows/ci.yml', 'success', '2026-03-05T12:00:00Z'),
      run(804, 'Deploy', '.github/workflows/deploy.yml', null, '2026-03-05T10:30:00Z', 'in_progress'),
    );
    await sync(store, fake, ['acme/api'], { deploymentWorkflows: ['deploy.yml'] });
    const runs = (await store.listDeployments({ org: 'acme' })).filter((d) => d.id.startsWith('github:workflow_run:'));
    expect(runs.map((d) => [d.id, d.environment, d.status, d.originalStatus, d.commitSha, d.finishedAt, d.inferences[0]?.rule])).toEqual([
      ['github:workflow_run:acme/api:801', 'production', 'success', 'success', sha('run801'), t('2026-03-05T10:09:00Z'), 'deployment-workflow'],
      ['github:workflow_run:acme/api:802', 'production', 'failure', 'failure', sha('run802'), t('2026-03-05T11:09:00Z'), 'deployment-workflow'],
    ]);
    // The in-progress run finishes; the next run reads it (created before the mark, within the margin).
    const inProgress = repo.workflowRuns[3];
    if (!inProgress) throw new Error('no run 804');
    Object.assign(inProgress, { status: 'completed', conclusion: 'success' });
    await sync(store, fake, ['acme/api'], { deploymentWorkflows: ['deploy.yml'] });
    expect((await store.listDeployments({ org: 'acme' })).filter((d) => d.id.startsWith('github:workflow_run:')).map((d) => d.id)).toEqual([
      'github:workflow_run:acme/api:801', 'github:workflow_run:acme/api:804', 'github:workflow_run:acme/api:802',
    ]);
  });

  it('reads past the first 100 commits and 20 reviews of a pull request, in one more request', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    const base = repo.pullRequests[0];
    if (!base) throw new Error('no PR 1');
    const commits = Array.from({ length: 130 }, (_, i) => ({ ...base.commits[0]!, oid: sha(`long${i}`), parents: [i === 0 ? sha('base') : sha(`long${i - 1}`)] }));
    const reviews = [
      ...Array.from({ length: 22 }, (_, i) => ({ author: 'alice', submittedAt: `2026-03-01T1${i % 10}:0${i % 6}:00Z`, state: 'COMMENTED' as const })),
      { author: 'erin', submittedAt: '2026-03-02T09:00:00Z', state: 'APPROVED' as const },
      { author: 'frank', submittedAt: '2026-03-02T08:00:00Z', state: 'COMMENTED' as const },
    ];
    repo.pullRequests.push({ ...base, number: 5, updatedAt: '2026-03-01T20:00:00Z', commits, reviews });
    const [result] = await sync(store, fake, ['acme/api']);
    expect(result?.requests).toBe(5);
    expect(requestsOf(fake)).toContain('PanoramaPullRequestMore 200');
    const pr = (await store.listPullRequests({ org: 'acme' })).find((p) => p.number === 5);
    expect(pr?.commitShas.length).toBe(130);
    expect(pr?.commitShas[129]).toBe(sha('long129'));
    // The first review by someone else is frank's, at 08:00 (found past the first 20 reviews).
    expect(pr?.firstReviewAt).toBe(t('2026-03-02T08:00:00Z'));
  });

  it('a configured WORKFLOW#JOB makes each matching completed job of its runs a deployment', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    repo.workflowRuns.push({
      id: 901, name: 'Release', node_id: 'WFR_901', head_branch: 'main', head_sha: sha('run901'), path: '.github/workflows/release.yml',
      run_number: 1, run_attempt: 1, event: 'push', status: 'completed', conclusion: 'failure', workflow_id: 10,
      url: 'https://api.github.com/repos/acme/api/actions/runs/901', html_url: 'https://github.com/acme/api/actions/runs/901',
      created_at: '2026-03-06T10:00:00Z', updated_at: '2026-03-06T10:20:00Z', run_started_at: '2026-03-06T10:00:00Z', display_title: 'Release',
    });
    const job = (id: number, name: string, conclusion: string | null, completed: string | null) => ({
      id, run_id: 901, run_url: 'https://api.github.com/repos/acme/api/actions/runs/901', node_id: `J_${id}`, head_sha: sha('run901'),
      url: `https://api.github.com/repos/acme/api/actions/jobs/${id}`, html_url: `https://github.com/acme/api/actions/runs/901/job/${id}`,
      status: (completed ? 'completed' : 'in_progress') as 'completed' | 'in_progress', conclusion: conclusion as 'success' | 'failure' | null,
      created_at: '2026-03-06T10:00:00Z', started_at: '2026-03-06T10:01:00Z', completed_at: completed, name, labels: ['ubuntu-latest'],
      runner_id: 1, runner_name: 'r1', runner_group_id: 1, runner_group_name: 'default', workflow_name: 'Release', head_branch: 'main',
      run_attempt: 1, check_run_url: `https://api.github.com/repos/acme/api/check-runs/${id}`,
    });
    repo.workflowJobs = { 901: [job(1, 'build', 'success', '2026-03-06T10:05:00Z'), job(2, 'deploy-prod', 'success', '2026-03-06T10:15:00Z'), job(3, 'smoke-tests', 'failure', '2026-03-06T10:20:00Z')] };
    await sync(store, fake, ['acme/api'], { deploymentWorkflows: ['release.yml#deploy-*'] });
    const jobs = (await store.listDeployments({ org: 'acme' })).filter((d) => d.id.startsWith('github:workflow_'));
    // The run failed (its smoke tests), but its deploy job succeeded: that is the deployment.
    expect(jobs.map((d) => [d.id, d.environment, d.originalEnvironment, d.status, d.startedAt, d.finishedAt, d.commitSha, d.inferences[0]?.rule])).toEqual([
      ['github:workflow_job:acme/api:2', 'production', 'Release#deploy-prod', 'success', t('2026-03-06T10:01:00Z'), t('2026-03-06T10:15:00Z'), sha('run901'), 'deployment-job'],
    ]);
    expect(requestsOf(fake)).toContain('GET /repos/acme/api/actions/runs/901/jobs 200');
  });

  it('takes the cause from a configured issue field before Caused-by lines', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    repo.issues.push({
      number: 16, title: 'Issue 16', body: '### Root cause deployment\n\ndeployment 104\n\nCaused-by: #1', state: 'OPEN',
      createdAt: '2026-03-02T14:30:00Z', updatedAt: '2026-03-02T14:30:00Z', closedAt: null, author: 'oncall', labels: ['incident'],
    });
    await sync(store, fake, ['acme/api'], { incidentCauseField: 'Root cause deployment' });
    const incident = (await store.listIncidents({ org: 'acme' })).find((i) => i.id === 'github:incident:acme/api:16');
    expect([incident?.causedByDeploymentId, incident?.inferences[0]?.rule]).toEqual(['github:deployment:acme/api:104', 'caused-by-deployment']);
  });

  it('keeps a named commit that no deployment shipped exactly, for the report to link through the graph', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    // c1 is a commit of PR 1: deployment 101 shipped it inside its merge m1, not at c1 itself.
    repo.issues.push({
      number: 17, title: 'Issue 17', body: `Caused-by: ${sha('c1')}`, state: 'OPEN',
      createdAt: '2026-03-02T15:30:00Z', updatedAt: '2026-03-02T15:30:00Z', closedAt: null, author: 'oncall', labels: ['incident'],
    });
    await sync(store, fake, ['acme/api']);
    const incident = (await store.listIncidents({ org: 'acme' })).find((i) => i.id === 'github:incident:acme/api:17');
    expect(incident?.causedByDeploymentId).toBeNull();
    expect(incident?.extra).toEqual({ caused_by_commit_sha: sha('c1') });
  });

  it('keeps reading back to a deployment still waiting for its final status, days later', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    const deployment = (id: number, createdAt: string, statuses: Array<{ state: 'SUCCESS' | 'PENDING'; createdAt: string }>) => ({
      databaseId: id, environment: 'production', createdAt, updatedAt: statuses.at(-1)?.createdAt ?? createdAt,
      commitOid: M1, ref: 'main', task: 'deploy', payload: '{}', statuses,
    });
    // 201 waits for an approval; the first sync sees it pending.
    const waiting = deployment(201, '2026-03-06T09:00:00Z', [{ state: 'PENDING', createdAt: '2026-03-06T09:00:00Z' }]);
    repo.deployments.push(waiting);
    await sync(store, fake, ['acme/api']);
    // Later deployments move the mark days past it; it is still pending at that sync.
    repo.deployments.push(deployment(202, '2026-03-09T09:00:00Z', [{ state: 'SUCCESS', createdAt: '2026-03-09T09:05:00Z' }]));
    await sync(store, fake, ['acme/api']);
    // Approved at last, three days after it was created.
    waiting.statuses.push({ state: 'SUCCESS', createdAt: '2026-03-09T12:00:00Z' });
    waiting.updatedAt = '2026-03-09T12:00:00Z';
    await sync(store, fake, ['acme/api']);
    const [stored] = await store.getDeployments('acme', ['github:deployment:acme/api:201']);
    expect(stored).toMatchObject({ status: 'success', finishedAt: t('2026-03-09T12:00:00Z') });
  });

  it('finds deployment runs behind more than 1,000 newer runs, and runs approved days later', async () => {
    const repo = fake.repositories.get('acme/api');
    if (!repo) throw new Error('no repository');
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const run = (id: number, name: string, created: number, status = 'completed', conclusion: string | null = 'success') => ({
      id, name, node_id: `WFR_${id}`, head_branch: 'main', head_sha: sha(`run${id}`), path: `.github/workflows/${name.toLowerCase()}.yml`,
      run_number: id, run_attempt: 1, event: 'push', status, conclusion, workflow_id: name === 'Deploy' ? 9 : 8,
      url: `https://api.github.com/repos/acme/api/actions/runs/${id}`, html_url: `https://github.com/acme/api/actions/runs/${id}`,
      created_at: iso(created), updated_at: iso(created + 540_000), run_started_at: iso(created), display_title: name,
    });
    const t0 = t('2026-03-01T00:00:00Z');
    // Three deploy runs, then 1,100 CI runs (GitHub answers a filtered list with 1,000 at most).
    repo.workflowRuns.push(run(900, 'Deploy', t0), run(901, 'Deploy', t0 + 3_600_000));
    const waiting = run(902, 'Deploy', t0 + 7_200_000, 'waiting', null);
    repo.workflowRuns.push(waiting);
    for (let i = 0; i < 1_100; i++) repo.workflowRuns.push(run(1_000 + i, 'CI', t0 + 10_800_000 + i * 600_000));
    const deployIds = async () =>
      (await store.listDeployments({ org: 'acme' })).filter((d) => d.id.startsWith('github:workflow_run:')).map((d) => d.id).sort();
    await sync(store, fake, ['acme/api'], { deploymentWorkflows: ['deploy.yml'] });
    expect(await deployIds()).toEqual(['github:workflow_run:acme/api:900', 'github:workflow_run:acme/api:901']);
    // 902 is approved and completes 8 days after it started, long past the 24 h margin.
    Object.assign(waiting, { status: 'completed', conclusion: 'success', updated_at: iso(t0 + 8 * 86_400_000) });
    repo.workflowRuns.push(run(3_000, 'CI', t0 + 8 * 86_400_000));
    await sync(store, fake, ['acme/api'], { deploymentWorkflows: ['deploy.yml'] });
    expect(await deployIds()).toEqual([
      'github:workflow_run:acme/api:900', 'github:workflow_run:acme/api:901', 'github:workflow_run:acme/api:902',
    ]);
  });

  it('a first sync of 250 pull requests costs one request per 100 of them', async () => {
    fake.addRepository(generatedRepository('acme', 'big', { pullRequests: 250, deployments: 120, incidents: 30 }));
    const [result] = await sync(store, fake, ['acme/big']);
    // repository + 3 delivery pages (PRs 100/100/50 beside deployments 100/20) + 1 issues page + releases.
    expect(result).toMatchObject({ status: 'ok', requests: 6 });
    expect(result?.counts).toMatchObject({ pullRequests: 250, commits: 750, deployments: 120, incidents: 30 });
    const incidents = await store.listIncidents({ org: 'acme' });
    expect(incidents.every((i) => i.causedByDeploymentId?.startsWith('github:deployment:acme/big:5'))).toBe(true);
  });
});
