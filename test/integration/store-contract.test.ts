/**
 * The store contract: the same tests on every database (kysely's DATABASES loop), each suite
 * migrated from empty and each test starting from empty tables. Then what only one database
 * has: SQLite's file checks, PostgreSQL's URL and connection errors.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type MigrationOutcome, type Store } from '../../src/storage/index.js';
import {
  bareCommit,
  bareDeployment,
  bareIncident,
  barePullRequest,
  commit,
  deployment,
  HOUR,
  incident,
  manyCommits,
  pullRequest,
  repository,
  T0,
} from './store-fixtures.js';
import { DATABASES, PG_URL } from './test-databases.js';

for (const db of DATABASES) {
  // Skipped only outside CI when no PostgreSQL answers (the reason is printed by
  // test-databases.ts); in CI the suite runs and fails if the server is missing.
  describe.skipIf(db.skipReason !== undefined)(`store contract on ${db.name}`, () => {
    let store: Store;
    let firstMigration: MigrationOutcome[];

    beforeAll(async () => {
      store = await openStore(await db.setUp(), { migrate: false });
      firstMigration = await store.migrate();
    });
    afterAll(async () => {
      await store?.close();
      await db.tearDown();
    });
    beforeEach(() => db.clear());

    it('migrates an empty database, and migrating again is a no-op', async () => {
      expect(firstMigration.length).toBeGreaterThan(0);
      expect(firstMigration.every((o) => o.status === 'Success')).toBe(true);
      expect(await store.migrate()).toEqual([]);
      expect(store.kind).toBe(db.name);
    });

    it('round-trips organisations and updates their name in place', async () => {
      await store.upsertOrganization({ id: 'zeta', name: 'Zeta' });
      await store.upsertOrganization({ id: 'acme', name: 'Acme' });
      await store.upsertOrganization({ id: 'acme', name: 'Acme Corp' });
      expect(await store.listOrganizations()).toStrictEqual([
        { id: 'acme', name: 'Acme Corp' },
        { id: 'zeta', name: 'Zeta' },
      ]);
      expect(await store.getOrganization('acme')).toStrictEqual({ id: 'acme', name: 'Acme Corp' });
      expect(await store.getOrganization('nobody')).toBeNull();
    });

    it('round-trips every record kind exactly, full and with nulls', async () => {
      const repos = [
        repository(),
        repository({
          name: 'acme/web',
          baselineProductionSha: null,
          url: null,
          extra: null,
          origin: { source: 'import', rawId: null },
        }),
      ];
      const commits = [commit(), bareCommit({ committedAt: T0 + 1 })];
      const prs = [pullRequest(), barePullRequest({ createdAt: T0 + 1 })];
      const deployments = [deployment(), bareDeployment({ finishedAt: T0 + 1 })];
      const incidents = [incident(), bareIncident({ startedAt: T0 + HOUR + 1 })];
      expect(await store.upsertRepositories(repos)).toBe(2);
      expect(await store.upsertCommits(commits)).toBe(2);
      expect(await store.upsertPullRequests(prs)).toBe(2);
      expect(await store.upsertDeployments(deployments)).toBe(2);
      expect(await store.upsertIncidents(incidents)).toBe(2);

      expect(await store.listRepositories('acme')).toStrictEqual(repos);
      expect(await store.listCommits({ org: 'acme' })).toStrictEqual(commits);
      expect(await store.listPullRequests({ org: 'acme' })).toStrictEqual(prs);
      expect(await store.listDeployments({ org: 'acme' })).toStrictEqual(deployments);
      expect(await store.listIncidents({ org: 'acme' })).toStrictEqual(incidents);
    });

    it('upserting the same records twice leaves the same rows and counts', async () => {
      const write = async () => {
        await store.upsertOrganization({ id: 'acme', name: 'Acme' });
        await store.upsertRepositories([repository()]);
        await store.upsertCommits([commit(), bareCommit()]);
        await store.upsertPullRequests([pullRequest()]);
        await store.upsertDeployments([deployment(), bareDeployment()]);
        await store.upsertIncidents([incident()]);
      };
      const snapshot = async () => ({
        counts: await store.countRecords(),
        commits: await store.listCommits({ org: 'acme' }),
        prs: await store.listPullRequests({ org: 'acme' }),
        deployments: await store.listDeployments({ org: 'acme' }),
        incidents: await store.listIncidents({ org: 'acme' }),
        repositories: await store.listRepositories('acme'),
      });
      await write();
      const first = await snapshot();
      await write();
      expect(await snapshot()).toStrictEqual(first);
      expect(first.counts).toStrictEqual({
        organizations: 1,
        repositories: 1,
        commits: 2,
        pullRequests: 1,
        deployments: 2,
        incidents: 1,
      });
    });

    it('updates a record in place, and the last of repeated keys in one batch wins', async () => {
      await store.upsertDeployments([deployment()]);
      const failed = deployment({
        status: 'failure',
        originalStatus: 'FAILED',
        inferences: [],
        extra: null,
        startedAt: null,
      });
      await store.upsertDeployments([failed]);
      expect(await store.listDeployments({ org: 'acme' })).toStrictEqual([failed]);

      const final = commit({ message: 'third' });
      expect(
        await store.upsertCommits([
          commit({ message: 'first' }),
          commit({ message: 'second' }),
          final,
        ]),
      ).toBe(3);
      expect(await store.listCommits({ org: 'acme' })).toStrictEqual([final]);
      expect((await store.countRecords('acme')).commits).toBe(1);
    });

    it('writes and reads batches larger than one statement', async () => {
      const commits = manyCommits(4_321);
      expect(await store.upsertCommits(commits)).toBe(4_321);
      expect(await store.listCommits({ org: 'acme' })).toStrictEqual(commits);
    });

    it('rolls back every write of a transaction that throws', async () => {
      await store.upsertCommits([bareCommit()]);
      const attempt = store.transaction(async (tx) => {
        await tx.upsertOrganization({ id: 'acme', name: 'Acme' });
        await tx.upsertCommits([commit(), bareCommit({ message: 'changed' })]);
        await tx.upsertDeployments([deployment()]);
        await tx.upsertIncidents([incident()]);
        await tx.setSyncState('acme', 'git:/repo', { head: 'x' });
        // Inside, reads see the transaction's own writes.
        expect((await tx.listCommits({ org: 'acme' })).map((c) => c.message)).toEqual([
          commit().message,
          'changed',
        ]);
        expect(await tx.findMissingDeployments('acme', ['ci:deployment:101'])).toEqual([]);
        throw new Error('import failed half-way');
      });
      await expect(attempt).rejects.toThrow('import failed half-way');
      expect(await store.listCommits({ org: 'acme' })).toStrictEqual([bareCommit()]);
      expect(await store.countRecords()).toMatchObject({
        organizations: 0,
        commits: 1,
        deployments: 0,
        incidents: 0,
      });
      expect(await store.getSyncState('acme', 'git:/repo')).toBeNull();
    });

    it('commits every write of a transaction that completes, and returns its result', async () => {
      const result = await store.transaction(async (tx) => {
        await tx.upsertCommits(manyCommits(2_500));
        await tx.upsertPullRequests([pullRequest()]);
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store.countRecords('acme')).toMatchObject({ commits: 2_500, pullRequests: 1 });
    });

    it('keeps a write made outside a transaction out of its rollback', async () => {
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered = () => {};
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const tx = store.transaction(async (t) => {
        await t.upsertCommits([commit()]);
        entered();
        await gate;
        throw new Error('rolled back');
      });
      await inside;
      // On SQLite this waits for the transaction (one connection); on PostgreSQL it runs beside it.
      const outside = store.upsertCommits([bareCommit()]);
      release();
      await expect(tx).rejects.toThrow('rolled back');
      expect(await outside).toBe(1);
      expect(await store.listCommits({ org: 'acme' })).toStrictEqual([bareCommit()]);
    });

    it('keeps a failed batch out entirely and reports STORAGE_WRITE_FAILED', async () => {
      const broken = { ...commit({ sha: 'f'.repeat(40) }), author: null as unknown as string };
      await expect(store.upsertCommits([bareCommit(), broken])).rejects.toMatchObject({
        code: 'STORAGE_WRITE_FAILED',
      });
      expect(await store.listCommits({ org: 'acme' })).toEqual([]);
    });

    it('filters lists by service and half-open time range, ordered by time then id', async () => {
      const at = (id: string, h: number, service = 'api') =>
        deployment({ id, service, finishedAt: T0 + h * HOUR });
      await store.upsertDeployments([
        at('d', 2),
        at('b', 1),
        at('a', 1),
        at('c', 0),
        at('w', 1, 'web'),
        at('e', 3),
      ]);
      const ids = async (q: Parameters<Store['listDeployments']>[0]) =>
        (await store.listDeployments(q)).map((d) => d.id);
      expect(await ids({ org: 'acme' })).toEqual(['c', 'a', 'b', 'w', 'd', 'e']);
      expect(await ids({ org: 'acme', service: 'api' })).toEqual(['c', 'a', 'b', 'd', 'e']);
      expect(await ids({ org: 'acme', range: { from: T0 + HOUR, to: T0 + 3 * HOUR } })).toEqual([
        'a',
        'b',
        'w',
        'd',
      ]);
      expect(await ids({ org: 'acme', service: 'web', range: { from: T0 + 2 * HOUR } })).toEqual(
        [],
      );
      expect(await ids({ org: 'acme', range: { to: T0 + HOUR } })).toEqual(['c']);

      await store.upsertPullRequests([
        pullRequest({ id: 'p2', createdAt: T0 }),
        pullRequest({ id: 'p1', createdAt: T0 }),
        pullRequest({ id: 'p0', service: 'web', createdAt: T0 - 1 }),
      ]);
      expect(
        (
          await store.listPullRequests({
            org: 'acme',
            service: 'api',
            range: { from: T0, to: T0 + 1 },
          })
        ).map((p) => p.id),
      ).toEqual(['p1', 'p2']);
      await store.upsertIncidents([
        incident({ id: 'i2', startedAt: T0 }),
        incident({ id: 'i1', startedAt: T0 + 1 }),
        incident({ id: 'i0', service: 'web' }),
      ]);
      expect(
        (await store.listIncidents({ org: 'acme', service: 'api', range: { from: T0 } })).map(
          (i) => i.id,
        ),
      ).toEqual(['i2', 'i1']);
    });

    it('lists commits by commit time, repository and sha, optionally of some repositories', async () => {
      const c = (repo: string, sha: string, t: number) =>
        bareCommit({ repository: repo, sha, committedAt: T0 + t });
      await store.upsertCommits([
        c('web', 'b', 1),
        c('api', 'z', 1),
        c('api', 'a', 1),
        c('api', 'y', 0),
        c('ops', 'q', 2),
      ]);
      const list = async (repositories?: string[]) =>
        (await store.listCommits({ org: 'acme', ...(repositories ? { repositories } : {}) })).map(
          (x) => `${x.repository}:${x.sha}`,
        );
      expect(await list()).toEqual(['api:y', 'api:a', 'api:z', 'web:b', 'ops:q']);
      expect(await list(['web', 'ops'])).toEqual(['web:b', 'ops:q']);
      expect(await list(['nope'])).toEqual([]);
      expect(await list([])).toEqual([]);
    });

    it('finds the missing commits and deployments, deduplicated, in input order', async () => {
      await store.upsertCommits([commit(), bareCommit()]);
      await store.upsertDeployments([deployment()]);
      const refs = [
        { repository: 'acme/api', sha: 'x1' },
        { repository: 'acme/api', sha: commit().sha },
        { repository: 'acme/web', sha: commit().sha },
        { repository: 'acme/api', sha: 'x1' },
      ];
      expect(await store.findMissingCommits('acme', refs)).toEqual([refs[0], refs[2]]);
      expect(await store.findMissingCommits('other', [refs[1]!])).toEqual([refs[1]]);
      expect(
        await store.findMissingDeployments('acme', ['n2', 'ci:deployment:101', 'n1', 'n2']),
      ).toEqual(['n2', 'n1']);
      expect(await store.findMissingCommits('acme', [])).toEqual([]);
    });

    it('finds the merge commits of stored pull requests by id, and nothing for others', async () => {
      await store.upsertPullRequests([
        pullRequest({ id: 'git:pull_request:api:1', mergeCommitSha: 'c'.repeat(40) }),
        pullRequest({ id: 'git:pull_request:api:2', mergeCommitSha: null, mergedAt: null, state: 'open' }),
      ]);
      const found = await store.findPullRequestMerges('acme', ['git:pull_request:api:2', 'nope', 'git:pull_request:api:1', 'nope']);
      expect(found).toEqual(
        new Map([
          ['git:pull_request:api:1', 'c'.repeat(40)],
          ['git:pull_request:api:2', null],
        ]),
      );
      expect(await store.findPullRequestMerges('globex', ['git:pull_request:api:1'])).toEqual(new Map());
      expect(await store.findPullRequestMerges('acme', [])).toEqual(new Map());
      const many = Array.from({ length: 12_000 }, (_, i) => `git:pull_request:api:${i}`);
      expect((await store.findPullRequestMerges('acme', many)).size).toBe(2);
    });

    it('finds missing records among tens of thousands of refs', async () => {
      const stored = manyCommits(3_000);
      await store.upsertCommits(stored);
      const wanted = Array.from({ length: 25_000 }, (_, i) => ({
        repository: 'acme/api',
        sha: i.toString(16).padStart(40, '0'),
      }));
      const missing = await store.findMissingCommits('acme', wanted);
      expect(missing).toHaveLength(22_000);
      expect(missing[0]).toEqual(wanted[3_000]);
      const ids = Array.from({ length: 25_000 }, (_, i) => `d${i}`);
      await store.upsertDeployments(ids.slice(0, 100).map((id) => bareDeployment({ id })));
      expect(await store.findMissingDeployments('acme', ids)).toEqual(ids.slice(100));
    });

    it('never shows one organisation the records of another', async () => {
      const other = { org: 'globex' };
      await store.upsertRepositories([repository(), repository(other)]);
      await store.upsertCommits([
        commit({ message: 'acme' }),
        commit({ ...other, message: 'globex' }),
      ]);
      await store.upsertPullRequests([pullRequest({ ...other, service: 'billing' })]);
      await store.upsertDeployments([deployment(), deployment({ ...other, service: 'billing' })]);
      await store.upsertIncidents([incident(other)]);
      await store.setSyncState('globex', 'git:/repo', 'globex-cursor');

      expect((await store.listCommits({ org: 'acme' })).map((c) => c.message)).toEqual(['acme']);
      expect(await store.listPullRequests({ org: 'acme' })).toEqual([]);
      expect((await store.listDeployments({ org: 'acme' })).map((d) => d.org)).toEqual(['acme']);
      expect(await store.listIncidents({ org: 'acme' })).toEqual([]);
      expect((await store.listRepositories('acme')).map((r) => r.org)).toEqual(['acme']);
      expect((await store.listServices('acme')).map((s) => s.name)).toEqual(['api']);
      expect(await store.getSyncState('acme', 'git:/repo')).toBeNull();
      expect(await store.countRecords('acme')).toStrictEqual({
        organizations: 0,
        repositories: 1,
        commits: 1,
        pullRequests: 0,
        deployments: 1,
        incidents: 0,
      });
      expect((await store.countRecords()).commits).toBe(2);
    });

    it('summarises services from deployments, pull requests and incidents, by name', async () => {
      await store.upsertDeployments([
        deployment({ id: '1', service: 'web', repository: 'acme/web' }),
        deployment({ id: '2', service: 'api', repository: 'acme/api' }),
        deployment({ id: '3', service: 'api', repository: 'acme/api' }),
      ]);
      await store.upsertPullRequests([
        pullRequest({ service: 'api', repository: 'acme/lib' }),
        barePullRequest({ service: '' }),
      ]);
      await store.upsertIncidents([incident({ service: 'api' }), bareIncident({ service: 'db' })]);
      expect(await store.listServices('acme')).toStrictEqual([
        { name: 'api', repositories: ['acme/api', 'acme/lib'], deployments: 2, incidents: 1 },
        { name: 'db', repositories: [], deployments: 0, incidents: 1 },
        { name: 'web', repositories: ['acme/web'], deployments: 1, incidents: 0 },
      ]);
    });

    it('round-trips sync state per organisation and scope', async () => {
      expect(await store.getSyncState('acme', 'git:/repo')).toBeNull();
      const cursor = { head: 'a'.repeat(40), tags: ['v1', 'v2'], page: 3, nested: { since: T0 } };
      await store.setSyncState('acme', 'git:/repo', cursor);
      expect(await store.getSyncState('acme', 'git:/repo')).toStrictEqual(cursor);
      await store.setSyncState('acme', 'git:/repo', 'plain string');
      expect(await store.getSyncState('acme', 'git:/repo')).toBe('plain string');
      await store.setSyncState('acme', 'github:acme/api', 42);
      expect(await store.getSyncState('acme', 'github:acme/api')).toBe(42);
      expect(await store.getSyncState('acme', 'git:/repo')).toBe('plain string');
    });
  });
}

describe('opening a SQLite store', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'panorama-open-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file that is not a SQLite database and leaves it untouched', async () => {
    const file = join(dir, 'notes.txt');
    const content = 'These are my notes, not a database.\n'.repeat(20);
    writeFileSync(file, content);
    const error = await openStore(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_NOT_SQLITE' });
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-journal`)).toBe(false);
  });

  it('refuses a directory with STORAGE_OPEN_FAILED naming the path', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const error = await openStore(folder).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_OPEN_FAILED' });
    expect((error as Error).message).toContain(folder);
  });

  it('accepts an empty file, creates missing folders and reports the absolute path', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const a = await openStore(empty);
    await a.close();
    const b = await openStore(join(dir, 'x', 'y', 'new.db'));
    expect(b.location).toBe(join(dir, 'x', 'y', 'new.db'));
    await b.close();
  });
});

describe('opening a PostgreSQL store', () => {
  it('reports an unreachable server with STORAGE_CONNECTION_FAILED and no password', async () => {
    const error = await openStore('postgres://panorama:s3cret-pw@127.0.0.1:1/panorama').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORAGE_CONNECTION_FAILED' });
    const message = (error as Error).message;
    expect(message).toContain('postgres://panorama:***@127.0.0.1:1/panorama');
    expect(message).not.toContain('s3cret-pw');
  });

  // Needs a live server, like the PostgreSQL contract suite above.
  const noServer = DATABASES.find((d) => d.name === 'postgres')?.skipReason !== undefined;
  it.skipIf(noServer)(
    'reports a database that does not exist with STORAGE_CONNECTION_FAILED',
    async () => {
      const url = new URL(PG_URL);
      url.pathname = '/panorama_no_such_database';
      const error = await openStore(url.href).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORAGE_CONNECTION_FAILED' });
      expect((error as Error).message).toContain('panorama_no_such_database');
    },
  );

  it('rejects a malformed URL with STORAGE_BAD_URL and no password', async () => {
    const error = await openStore('postgres://panorama:s3cret-pw@127.0.0.1:99999/db').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORAGE_BAD_URL' });
    expect(JSON.stringify(error) + String(error) + String((error as Error).cause)).not.toContain(
      's3cret-pw',
    );
  });
});
