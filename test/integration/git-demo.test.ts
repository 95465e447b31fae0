import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureDemoRepository, type DemoRepository } from '../../src/demo/index.js';
import { ingestGitRepositories } from '../../src/ingest/git-ingest.js';
import { importFile } from '../../src/ingest/import-file.js';
import { openStore } from '../../src/storage/index.js';

const run = promisify(execFile);

describe('the bundled demo', () => {
  let dir: string;
  let demo: DemoRepository;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'panorama-demo-'));
    demo = await ensureDemoRepository(join(dir, 'demo'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is built once, in a few seconds, and found on later calls', async () => {
    expect(demo.created).toBe(true);
    const started = Date.now();
    const again = await ensureDemoRepository(join(dir, 'demo'));
    expect(again).toEqual({ ...demo, created: false });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(demo).toMatchObject({
      repositoryName: 'demo-shop',
      organization: 'Demo Shop',
      endsAt: Date.parse('2026-11-20T18:00:00Z'),
    });
  });

  it('is the same history on every build', async () => {
    const other = await ensureDemoRepository(join(dir, 'other'));
    const head = async (path: string): Promise<string> =>
      (await run('git', ['rev-parse', 'HEAD'], { cwd: path })).stdout;
    expect(await head(other.repositoryPath)).toBe(await head(demo.repositoryPath));
  });

  it('has a service map equivalent to its panorama.config.yaml', async () => {
    const config = parse(await readFile(demo.configFile, 'utf8')) as {
      services: unknown;
      organization: string;
    };
    expect(config.services).toEqual(demo.services);
    expect(config.organization).toBe('Demo Shop');
  });

  it('analyzes into six months of three services with a revert, a hotfix and a rollback, and its incidents import', async () => {
    const store = await openStore(':memory:');
    try {
      const [result] = await ingestGitRepositories(
        store,
        [{ path: demo.repositoryPath, services: demo.services }],
        { org: 'demo' },
      );
      expect(result).toMatchObject({ status: 'ok', deploymentSource: 'tags', warnings: [] });
      expect(result?.counts.commits).toBeGreaterThan(1000);
      const deployments = await store.listDeployments({ org: 'demo' });
      expect(new Set(deployments.map((d) => d.service))).toEqual(new Set(['api', 'web', 'worker']));
      const remediations = deployments
        .filter((d) => d.kind !== 'regular')
        .map((d) => [d.service, d.kind, d.inferences[0]?.rule]);
      expect(remediations).toEqual([
        ['api', 'revert', 'revert-commit'],
        ['api', 'hotfix', 'hotfix-branch'],
        ['web', 'rollback', 'rollback-ancestor'],
      ]);
      const commits = await store.listCommits({ org: 'demo' });
      const first = Math.min(...commits.map((c) => c.authoredAt));
      const last = Math.max(...commits.map((c) => c.committedAt));
      expect(last - first).toBeGreaterThan(180 * 86_400_000);
      expect(
        new Set(commits.map((c) => (c.extra as { author_offset: string }).author_offset)).size,
      ).toBeGreaterThanOrEqual(6);
      const pullRequests = await store.listPullRequests({ org: 'demo' });
      expect(pullRequests.length).toBeGreaterThan(300);
      // The repository is no service: a PR spanning services names none ('').
      expect(new Set(pullRequests.map((p) => p.service))).toEqual(
        new Set(['', 'api', 'web', 'worker']),
      );
      expect((await store.listServices('demo')).map((s) => s.name)).toEqual([
        'api',
        'web',
        'worker',
      ]);

      await importFile(store, demo.incidentsFile, { org: 'demo' });
      const incidents = await store.listIncidents({ org: 'demo' });
      expect(incidents).toHaveLength(6);
      expect(incidents.filter((i) => i.causedByDeploymentId === null)).toHaveLength(1);
      expect(incidents.filter((i) => i.resolvedAt === null)).toHaveLength(1);
      const ids = new Set(deployments.map((d) => d.id));
      for (const i of incidents)
        if (i.causedByDeploymentId) expect(ids.has(i.causedByDeploymentId)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
