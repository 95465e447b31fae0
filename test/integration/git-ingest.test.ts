import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestGitRepositories as ingestGit, type GitIngestProgress, type GitIngestResult } from '../../src/ingest/git-ingest.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { ALICE, TestRepo } from './git-test-repo.js';

const run = promisify(execFile);

/** Writes the commit-graph file of a repository folder, if it is one with commits. */
class TestRepoAt {
  constructor(private readonly dir: string) {}
  async writeCommitGraph(): Promise<void> {
    if (!existsSync(this.dir)) return;
    await run('git', ['commit-graph', 'write', '--reachable'], { cwd: this.dir }).catch(() => undefined);
  }
}

const ORG = 'acme';

async function snapshot(store: Store): Promise<unknown> {
  return {
    repositories: await store.listRepositories(ORG),
    commits: await store.listCommits({ org: ORG }),
    pullRequests: await store.listPullRequests({ org: ORG }),
    deployments: await store.listDeployments({ org: ORG }),
  };
}

const counts = (results: GitIngestResult[]): unknown => results.map((r) => [r.status, r.run, r.counts]);

/**
 * An incremental run reads the older history's ancestry from git's commit-graph file when there
 * is one. Every test runs three times: without the file; with a file of the first commit only
 * (so that most of the history earlier runs read is walked with git rev-list, excluding it);
 * and with a file written before each run (holding every old commit, and the new ones too).
 * The records must be the same every time.
 */
const GRAPH_FILES = ['no commit-graph file', 'a stale commit-graph file', 'a fresh commit-graph file'] as const;

describe.each(GRAPH_FILES)('git ingest: incremental, idempotent, one result per repository (%s)', (graphFile) => {
  /** A test repository; with a stale file, its commit-graph file holds its first commit only. */
  async function create(name: string): Promise<TestRepo> {
    const repo = await TestRepo.create(name);
    if (graphFile !== 'a stale commit-graph file') return repo;
    const commit = repo.commit.bind(repo);
    let first = true;
    repo.commit = async (...args: Parameters<TestRepo['commit']>) => {
      const sha = await commit(...args);
      if (first) await repo.git(['commit-graph', 'write', '--reachable']);
      first = false;
      return sha;
    };
    return repo;
  }
  /** Ingests, first writing each repository's commit-graph file when the files are fresh. */
  async function ingestGitRepositories(...args: Parameters<typeof ingestGit>): ReturnType<typeof ingestGit> {
    if (graphFile === 'a fresh commit-graph file') {
      for (const r of args[1]) await new TestRepoAt(r.path).writeCommitGraph();
    }
    return ingestGit(...args);
  }

  const stores: Store[] = [];
  const open = async (): Promise<Store> => {
    const store = await openStore(':memory:');
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  /**
   * Asserts that `store`, filled by incremental runs, holds the records one full run gives now
   * (into a fresh store, returned).
   */
  async function expectSameAsFullRun(store: Store, ...args: Parameters<typeof ingestGit> extends [Store, ...infer Rest] ? Rest : never): Promise<Store> {
    const fresh = await open();
    await ingestGitRepositories(fresh, ...args);
    expect(await snapshot(store)).toEqual(await snapshot(fresh));
    return fresh;
  }

  describe('a repository that grows between runs', () => {
    let repo: TestRepo;
    const c: Record<string, string> = {};
    beforeAll(async () => {
      repo = await create('svc');
      c.c1 = await repo.commit('Initial', { at: '2026-08-01T09:00:00+02:00' });
      await repo.tag('v1.0.0', { annotated: true, at: '2026-08-01T10:00:00Z' });
      c.c2 = await repo.commit('Add export', { at: '2026-08-02T09:00:00-03:00' });
      await repo.tag('v1.1.0', { annotated: true, at: '2026-08-03T10:00:00Z' });
      c.c3 = await repo.commit(`Revert "Add export"\n\nThis reverts commit ${c.c2}.`, { at: '2026-08-04T09:00:00Z' });
    });
    afterAll(() => repo.remove());

    it('reads only new commits on the second run, and ends with the records of a full run', async () => {
      const store = await open();
      const first = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(counts(first)).toEqual([['ok', 'full', { commits: 3, pullRequests: 0, deployments: 2, removedDeployments: 0 }]]);
      const cursor = (await store.getSyncState(ORG, `git:${repo.dir}`)) as { tips: string[]; commits: number };
      // Every ref tip, tags' commits included: the next run excludes all of their history.
      expect(cursor.tips).toEqual([c.c1, c.c2, c.c3].sort());
      expect(cursor.commits).toBe(3);

      // The revert ships now, through a tag on a commit read by the first run.
      await repo.tag('v1.2.0', { annotated: true, at: '2026-08-04T12:00:00Z', target: c.c3 });
      await repo.checkout('hotfix/export', true);
      c.c4 = await repo.commit('Fix export', { at: '2026-08-05T09:00:00Z', author: ALICE });
      await repo.checkout('main');
      c.m = await repo.merge('hotfix/export', 'Merge pull request #9 from acme/hotfix/export\n\nFix export', '2026-08-05T10:00:00Z');
      await repo.tag('v1.3.0', { annotated: true, at: '2026-08-05T11:00:00Z' });

      const second = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(counts(second)).toEqual([['ok', 'incremental', { commits: 2, pullRequests: 1, deployments: 4, removedDeployments: 0 }]]);
      const deployments = await store.listDeployments({ org: ORG });
      expect(deployments.map((d) => [d.id, d.kind, d.remediatesDeploymentId])).toEqual([
        ['git:deployment:svc:v1.0.0', 'regular', null],
        ['git:deployment:svc:v1.1.0', 'regular', null],
        ['git:deployment:svc:v1.2.0', 'revert', 'git:deployment:svc:v1.1.0'],
        ['git:deployment:svc:v1.3.0', 'hotfix', 'git:deployment:svc:v1.2.0'],
      ]);

      const fresh = await expectSameAsFullRun(store, [{ path: repo.dir }], { org: ORG });
      expect(await store.getSyncState(ORG, `git:${repo.dir}`)).toEqual(await fresh.getSyncState(ORG, `git:${repo.dir}`));
    });

    it('reads nothing when nothing changed, and writes identical records when forced to read all', async () => {
      const store = await open();
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      const before = await snapshot(store);
      const again = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(counts(again)).toEqual([['ok', 'unchanged', { commits: 0, pullRequests: 0, deployments: 0, removedDeployments: 0 }]]);
      const forced = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG, full: true });
      expect(forced[0]?.run).toBe('full');
      expect(await snapshot(store)).toEqual(before);
    });

    it('reads everything again when the settings that shape records change', async () => {
      const store = await open();
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      const other = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG, hotfixWindowHours: 1 });
      expect(other[0]?.run).toBe('full');
    });

    it('reports progress through every phase', async () => {
      const store = await open();
      const seen: GitIngestProgress[] = [];
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG }, (p) => seen.push(p));
      const total = Number(await repo.git(['rev-list', '--count', '--all']));
      expect(seen[0]).toMatchObject({ index: 0, of: 1, phase: 'starting', commits: 0, totalCommits: null });
      expect(seen.at(-1)).toMatchObject({ phase: 'done', commits: total, totalCommits: total });
      expect(seen.some((p) => p.phase === 'reading' && p.commits === total && p.totalCommits === total)).toBe(true);
      expect(new Set(seen.map((p) => p.phase))).toEqual(new Set(['starting', 'reading', 'inferring', 'writing', 'done']));
    });
  });

  it('continues continuous deployment from the last run, emitting only new deployments', async () => {
    const repo = await create('cd');
    try {
      await repo.commit('One', { at: '2026-09-01T09:00:00Z' });
      await repo.commit('Two', { at: '2026-09-02T09:00:00Z' });
      const store = await open();
      const first = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(first[0]).toMatchObject({ deploymentSource: 'merges', counts: { deployments: 2 } });
      expect(first[0]?.warnings.map((w) => w.code)).toEqual(['GIT_NO_RELEASE_TAGS']);
      await repo.commit(`Revert "Two"\n\nThis reverts commit ${await repo.sha('HEAD')}.`, { at: '2026-09-03T09:00:00Z' });
      const second = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(counts(second)).toEqual([['ok', 'incremental', { commits: 1, pullRequests: 0, deployments: 1, removedDeployments: 0 }]]);
      await expectSameAsFullRun(store, [{ path: repo.dir }], { org: ORG });
      const last = (await store.listDeployments({ org: ORG })).at(-1);
      expect(last?.kind).toBe('revert');
    } finally {
      await repo.remove();
    }
  });

  it('continues continuous deployment of a monorepo per service, with the records of a full run', async () => {
    const repo = await create('mono');
    const services = { api: { paths: ['api/**'] }, web: { paths: ['web/**'] } };
    try {
      await repo.commit('Start', { at: '2026-09-01T09:00:00Z', files: { 'api/a.go': 'a\n', 'web/w.ts': 'w\n' } });
      const api = await repo.commit('API', { at: '2026-09-02T09:00:00Z', files: { 'api/b.go': 'b\n' } });
      const store = await open();
      await ingestGitRepositories(store, [{ path: repo.dir, services }], { org: ORG, deployOn: 'merges' });
      await repo.commit(`Revert "API"\n\nThis reverts commit ${api}.`, { at: '2026-09-03T09:00:00Z', files: { 'api/b.go': null } });
      await repo.checkout('hotfix/web', true);
      await repo.commit('Web fix', { at: '2026-09-04T09:00:00Z', files: { 'web/w.ts': 'w2\n' } });
      await repo.checkout('main');
      await repo.merge('hotfix/web', "Merge branch 'hotfix/web'", '2026-09-04T10:00:00Z');
      const second = await ingestGitRepositories(store, [{ path: repo.dir, services }], { org: ORG, deployOn: 'merges' });
      expect(counts(second)).toEqual([['ok', 'incremental', { commits: 3, pullRequests: 0, deployments: 2, removedDeployments: 0 }]]);
      await expectSameAsFullRun(store, [{ path: repo.dir, services }], { org: ORG, deployOn: 'merges' });
      const start = await repo.sha('main~3');
      const kinds = (await store.listDeployments({ org: ORG })).map((d) => [d.service, d.kind, d.remediatesDeploymentId]);
      expect(kinds).toEqual([
        ['api', 'regular', null], ['web', 'regular', null], ['api', 'regular', null],
        ['api', 'revert', `git:deployment:mono:${api}:api`],
        ['web', 'hotfix', `git:deployment:mono:${start}:web`],
      ]);
    } finally {
      await repo.remove();
    }
  });

  it('dates a PR merged in a later run from its branch commits read in an earlier one', async () => {
    const repo = await create('long');
    try {
      await repo.commit('One', { at: '2026-09-01T09:00:00Z' });
      await repo.checkout('feature/slow', true);
      const early = await repo.commit('Start the slow feature', { at: '2026-09-02T09:00:00+03:00', author: ALICE });
      await repo.checkout('main');
      const store = await open();
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      await repo.checkout('feature/slow');
      await repo.commit('Finish the slow feature', { at: '2026-09-20T09:00:00Z', author: ALICE });
      await repo.checkout('main');
      await repo.merge('feature/slow', 'Merge pull request #4 from acme/feature/slow', '2026-09-21T09:00:00Z');
      const second = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(second[0]?.run).toBe('incremental');
      const [pr] = await store.listPullRequests({ org: ORG });
      expect(pr).toMatchObject({ number: 4, createdAt: Date.parse('2026-09-02T06:00:00Z'), author: 'Alice Martin <alice@example.com>' });
      expect(pr?.commitShas[0]).toBe(early);
      await expectSameAsFullRun(store, [{ path: repo.dir }], { org: ORG });
    } finally {
      await repo.remove();
    }
  });

  it('knows the pull requests of earlier runs from the store: a number merged again, a revert naming one', async () => {
    const repo = await create('prs');
    try {
      await repo.commit('One', { at: '2026-09-01T09:00:00Z' });
      await repo.checkout('feature-a', true);
      await repo.commit('Add A', { at: '2026-09-02T09:00:00Z', author: ALICE });
      await repo.checkout('main');
      const merge = await repo.merge('feature-a', 'Merge pull request #7 from acme/feature-a\n\nAdd A', '2026-09-03T09:00:00Z');
      const store = await open();
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      // A squash commit naming #7 again (a re-merge): the earliest merge keeps the number.
      await repo.commit('Add A again (#7)', { at: '2026-09-04T09:00:00Z' });
      const revert = await repo.commit('Revert "Add A"\n\nReverts acme/prs#7', { at: '2026-09-05T09:00:00Z' });
      const second = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(second[0]?.run).toBe('incremental');
      const prs = await store.listPullRequests({ org: ORG });
      expect(prs.map((p) => [p.number, p.mergeCommitSha])).toEqual([[7, merge]]);
      const reverting = (await store.listDeployments({ org: ORG })).find((d) => d.commitSha === revert);
      expect(reverting).toMatchObject({ kind: 'revert' });
      await expectSameAsFullRun(store, [{ path: repo.dir }], { org: ORG });
    } finally {
      await repo.remove();
    }
  });

  it('forgets a branch deleted between runs when it infers deployments, as a full run does', async () => {
    const repo = await create('gone');
    try {
      await repo.commit('One', { at: '2026-10-01T09:00:00Z' });
      await repo.tag('v1.0.0', { annotated: true, at: '2026-10-01T10:00:00Z' });
      await repo.checkout('experiment', true);
      const tried = await repo.commit('Try X', { at: '2026-10-02T09:00:00Z' });
      await repo.checkout('main');
      const store = await open();
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      // The branch goes; its commit stays in the object store (and in a stale commit-graph file).
      await repo.git(['branch', '-D', 'experiment']);
      await repo.commit(`Revert "Try X"\n\nThis reverts commit ${tried}.`, { at: '2026-10-03T09:00:00Z' });
      await repo.tag('v1.1.0', { annotated: true, at: '2026-10-03T10:00:00Z' });
      const [second] = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG });
      expect(second?.run).toBe('incremental');
      // The commit read while the branch existed stays stored; the deployments must not see it.
      const fresh = await open();
      await ingestGitRepositories(fresh, [{ path: repo.dir }], { org: ORG });
      const deployments = await store.listDeployments({ org: ORG });
      expect(deployments).toEqual(await fresh.listDeployments({ org: ORG }));
      expect(deployments.map((d) => [d.id, d.kind])).toEqual([
        ['git:deployment:gone:v1.0.0', 'regular'],
        ['git:deployment:gone:v1.1.0', 'revert'],
      ]);
    } finally {
      await repo.remove();
    }
  });

  it('removes the deployments the history no longer yields: a deleted tag, another detection', async () => {
    const repo = await create('tagged');
    try {
      await repo.commit('One', { at: '2026-09-01T09:00:00Z' });
      await repo.tag('v1.0.0', { annotated: true, at: '2026-09-01T10:00:00Z' });
      await repo.commit('Two', { at: '2026-09-02T09:00:00Z' });
      await repo.tag('v1.1.0', { annotated: true, at: '2026-09-02T10:00:00Z' });
      const store = await open();
      // A deployment of another source for the same repository is never touched.
      const imported = {
        org: ORG, id: 'ci:deployment:7', service: 'tagged', repository: 'tagged', environment: 'production',
        originalEnvironment: 'prod', status: 'success' as const, originalStatus: 'ok', startedAt: null,
        finishedAt: Date.parse('2026-09-03T00:00:00Z'), commitSha: await repo.sha('HEAD'), kind: 'regular' as const,
        trigger: 'planned' as const, remediatesDeploymentId: null, inferences: [], url: null, origin: { source: 'ci' }, extra: null,
      };
      await store.upsertOrganization({ id: ORG, name: ORG });
      await store.upsertDeployments([imported]);
      const ids = async () => (await store.listDeployments({ org: ORG })).map((d) => d.id).sort();
      await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG, deployOn: 'tags' });
      expect(await ids()).toEqual(['ci:deployment:7', 'git:deployment:tagged:v1.0.0', 'git:deployment:tagged:v1.1.0']);

      await repo.git(['tag', '-d', 'v1.1.0']);
      const [again] = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG, deployOn: 'tags' });
      expect(again!.counts).toMatchObject({ deployments: 1, removedDeployments: 1 });
      expect(await ids()).toEqual(['ci:deployment:7', 'git:deployment:tagged:v1.0.0']);

      // Another detection (a full run): the tag's deployment gives way to the merges' ones.
      const [merges] = await ingestGitRepositories(store, [{ path: repo.dir }], { org: ORG, deployOn: 'merges' });
      expect(merges!.run).toBe('full');
      expect(merges!.counts.removedDeployments).toBe(1);
      const after = await ids();
      expect(after).toContain('ci:deployment:7');
      expect(after.filter((id) => id.startsWith('git:'))).toHaveLength(2);
      expect(after).not.toContain('git:deployment:tagged:v1.0.0');
    } finally {
      await repo.remove();
    }
  });

  it('gives each repository its own result: ok, failed, skipped', async () => {
    const good = await create('good');
    const empty = await create('empty');
    const twin = await create('good');
    try {
      await good.commit('One', { at: '2026-09-01T09:00:00Z' });
      await twin.commit('One', { at: '2026-09-01T09:00:00Z' });
      const store = await open();
      const results = await ingestGitRepositories(
        store,
        [{ path: good.dir }, { path: '/no/such/folder' }, { path: empty.dir }, { path: twin.dir }, { path: twin.dir, name: 'good-twin' }],
        { org: ORG },
      );
      expect(results.map((r) => [r.status, r.error?.code ?? null, r.repository])).toEqual([
        ['ok', null, 'good'],
        ['failed', 'GIT_PATH_UNREADABLE', null],
        ['skipped', 'GIT_EMPTY_REPOSITORY', null],
        ['failed', 'GIT_DUPLICATE_REPOSITORY_NAME', 'good'],
        ['ok', null, 'good-twin'],
      ]);
      expect((await store.countRecords(ORG)).commits).toBe(2);
      expect(await store.getOrganization(ORG)).toEqual({ id: ORG, name: ORG });
      // Each outcome is kept for /metrics; the twin's scope failed, then succeeded as good-twin.
      const statuses = await store.listSyncStatuses(ORG);
      const byScope = new Map(statuses.map((s) => [s.scope, s]));
      expect(statuses).toHaveLength(4);
      // Its one commit, and the deployment of it that continuous deployment infers.
      expect(byScope.get(results[0]!.scope)).toMatchObject({ source: 'git', status: 'ok', records: 2, consecutiveFailures: 0 });
      expect(byScope.get('git:/no/such/folder')).toMatchObject({
        status: 'failed',
        errorCode: 'GIT_PATH_UNREADABLE',
        lastSuccessAt: null,
        consecutiveFailures: 1,
      });
      expect(byScope.get(results[2]!.scope)).toMatchObject({ status: 'skipped', consecutiveFailures: 0 });
      expect(byScope.get(results[4]!.scope)).toMatchObject({ status: 'ok', errorCode: null, consecutiveFailures: 0 });
    } finally {
      await Promise.all([good.remove(), empty.remove(), twin.remove()]);
    }
  });
});
