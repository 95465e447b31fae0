/**
 * `panorama sync --source gitlab` against the local GitLab fake (test/fakes/gitlab-fake.ts): no
 * config file (token from GITLAB_TOKEN, --api-url), a result per project, the token never
 * printed, and a real `kill -9` in the middle of a sync followed by a run that ends with exactly
 * the rows of a clean run.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/storage/index.js';
import { startGitlabFake, type GitlabFake } from '../fakes/gitlab-fake.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { PROJECT_PATH, acmeApi, snapshot } from './gitlab-fixtures.js';

const TOKEN = 'glpat-Secret-Token-9xQ7';

let fake: GitlabFake;
let stores: Store[] = [];

beforeEach(async () => {
  fake = await startGitlabFake(TOKEN, { [PROJECT_PATH]: acmeApi() });
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await fake.close();
});

describe('panorama sync --source gitlab', () => {
  it('syncs with no config file: token from GITLAB_TOKEN, --api-url at the fake, a result per project', async () => {
    const cwd = tempDir('panorama-gitlab-cli-');
    const db = join(cwd, 'p.db');
    const env = { GITLAB_TOKEN: TOKEN };
    const run = await runCli(['sync', '--source', 'gitlab', '--repo', PROJECT_PATH, '--repo', 'acme/gone', '--api-url', fake.url, '--db', db], { cwd, env });
    expect(run.code).not.toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✓ acme\/api: 5 pull requests, 5 deployments, 4 incidents, 5 commits; \d+ requests, [\d.]+ s \(first sync\)$/);
    expect(lines[1]).toMatch(/^✗ acme\/gone: CONNECTOR_NOT_FOUND: GitLab returned 404 for acme\/gone/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);

    const again = await runCli(['sync', '--source', 'gitlab', '--repo', PROJECT_PATH, '--api-url', fake.url, '--db', db, '--format', 'json'], { cwd, env });
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout) as { results: Array<{ status: string; incremental: boolean; counts: { pullRequests: number } }> };
    expect(json.results).toMatchObject([{ status: 'ok', incremental: true }]);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('kill -9 in the middle of a sync, run again: the same rows as a clean run', async () => {
    const cwd = tempDir('panorama-gitlab-kill-');
    const env = { GITLAB_TOKEN: TOKEN };
    const args = (db: string): string[] => ['sync', '--source', 'gitlab', '--repo', PROJECT_PATH, '--api-url', fake.url, '--db', join(cwd, db)];
    expect((await runCli(args('clean.db'), { cwd, env })).code).toBe(0);
    const clean = await openStore(join(cwd, 'clean.db'));
    stores.push(clean);
    const expected = await snapshot(clean);
    const total = fake.requests.length;
    fake.latencyMs = 25;
    // Killed while reading merge requests' details, then deployments, then incidents.
    for (const killAfter of [4, Math.floor(total / 2), total - 2]) {
      const db = `killed-${killAfter}.db`;
      const start = fake.requests.length;
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/cli-process.ts', ...args(db)], {
        cwd: process.cwd(),
        env: { ...process.env, ...env, NO_COLOR: '1' },
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      while (fake.requests.length - start < killAfter) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const killedAt = fake.requests.length - start;
      expect(killedAt).toBeLessThan(total);
      const resumed = await runCli([...args(db), '--format', 'json'], { cwd, env });
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      // Past the first stored batch, the second run starts from the stored cursor.
      const [result] = (JSON.parse(resumed.stdout) as { results: Array<{ incremental: boolean }> }).results;
      if (killAfter > 4) expect(result?.incremental).toBe(true);
      const s = await openStore(join(cwd, db));
      stores.push(s);
      expect(await snapshot(s), `killed after ${killedAt} requests`).toEqual(expected);
    }
    rmSync(cwd, { recursive: true, force: true });
  }, 60_000);

  it('reads projects, API URL and production environments from sources.gitlab in the config file', async () => {
    const cwd = tempDir('panorama-gitlab-cli-');
    writeFileSync(
      join(cwd, 'panorama.config.yaml'),
      `organization: Acme\nsources:\n  gitlab:\n    repos: [${PROJECT_PATH}]\n    api_url: ${fake.url}/api/v4\nenvironments:\n  production: [production]\n`,
    );
    const run = await runCli(['sync', '--source', 'gitlab', '--db', join(cwd, 'p.db')], { cwd, env: { GITLAB_TOKEN: TOKEN } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const store = await openStore(join(cwd, 'p.db'));
    stores.push(store);
    // prod-eu-1 is not production under this config.
    expect((await store.listDeployments({ org: 'acme' })).map((d) => `${d.id.split(':').at(-1)} ${d.environment}`)).toEqual([
      '102 staging',
      '101 production',
      '103 production',
      '104 production',
      '105 prod-eu-1',
    ]);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('rejects a config project that is not a path, naming the field', async () => {
    const cwd = tempDir('panorama-gitlab-cli-');
    writeFileSync(join(cwd, 'panorama.config.yaml'), 'sources:\n  gitlab:\n    repos: [api]\n');
    const run = await runCli(['sync', '--source', 'gitlab', '--db', join(cwd, 'p.db')], { cwd, env: { GITLAB_TOKEN: TOKEN } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('CONFIG_INVALID');
    expect(run.stderr).toContain('sources.gitlab.repos.0');
    expect(run.stderr).toContain('must be a project path, group/project');
    expect(fake.requests).toHaveLength(0);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('without GITLAB_TOKEN fails with CONNECTOR_TOKEN_MISSING before any request', async () => {
    const cwd = tempDir('panorama-gitlab-cli-');
    const run = await runCli(['sync', '--source', 'gitlab', '--repo', PROJECT_PATH, '--api-url', fake.url, '--db', join(cwd, 'p.db')], { cwd, env: {} });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('CONNECTOR_TOKEN_MISSING');
    expect(run.stderr).toContain('GITLAB_TOKEN');
    expect(fake.requests).toHaveLength(0);
    rmSync(cwd, { recursive: true, force: true });
  });
});
