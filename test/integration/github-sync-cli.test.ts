/**
 * `panorama sync` against the GitHub fake: with no config file, with one, its output formats and
 * exit statuses, and a real process killed with SIGKILL after its first stored batch that,
 * run again, ends with exactly the rows of a clean run (nothing lost, nothing twice). The token
 * appears nowhere: not in stdout, stderr or the database.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startGithubFake, type GithubFake } from '../fakes/github-fake.js';
import { generatedRepository, smallRepository } from '../fakes/github-fake-data.js';

const TOKEN = 'ghp_cli_secret_token_123456';
const ROOT = join(import.meta.dirname, '..', '..');
/** tsx's loader by absolute URL: the child runs in a temporary folder with no node_modules. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `panorama ARGS` in a child process; `onSpawn` gets it (to kill it). */
function runProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv, onSpawn?: (kill: () => void) => void): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'test/helpers/cli-process.ts'), ...args], {
      cwd, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(() => child.kill('SIGKILL'));
  });
}

/** Every byte of a SQLite database (main file, WAL and journal). */
function databaseBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('db.sqlite'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

async function snapshot(dbPath: string): Promise<Record<string, unknown>> {
  const store = await openStore(dbPath);
  try {
    const strip = <T extends object>(rows: T[]): T[] => rows;
    return {
      counts: await store.countRecords('acme'),
      pullRequests: strip(await store.listPullRequests({ org: 'acme' })),
      commits: await store.listCommits({ org: 'acme' }),
      deployments: await store.listDeployments({ org: 'acme' }),
      incidents: await store.listIncidents({ org: 'acme' }),
      repositories: await store.listRepositories('acme'),
      raw: (await store.listRawPayloads({ org: 'acme', source: 'github' })).map((r) => [r.entity, r.key, r.payload]),
    };
  } finally {
    await store.close();
  }
}

describe('panorama sync (GitHub)', () => {
  let fake: GithubFake;
  beforeAll(async () => {
    fake = await startGithubFake({ token: TOKEN });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.repositories.clear();
    fake.addRepository(smallRepository());
    fake.resetLog();
    fake.onRequest = undefined;
  });

  it('works with no config file: token from GITHUB_TOKEN, results as JSON', async () => {
    const cwd = tempDir();
    const r = await runCli(['sync', '--repo', 'acme/api', '--api-url', fake.url, '--org', 'acme', '--format', 'json', '--quiet'], { cwd, env: { GITHUB_TOKEN: TOKEN } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { source: string; org: string; results: Array<Record<string, unknown>> };
    expect(out).toMatchObject({ source: 'github', org: 'acme' });
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({
      name: 'acme/api', status: 'ok', requests: 4, incremental: false,
      counts: { repositories: 1, commits: 4, pullRequests: 3, deployments: 5, incidents: 4, raw: 16, batches: 4 },
    });
    // Production defaults to production/prod with no config: prod-eu is not production here.
    const store = await openStore(join(cwd, '.panorama', 'panorama.db'));
    try {
      const d = (await store.listDeployments({ org: 'acme' })).find((x) => x.id === 'github:deployment:acme/api:104');
      expect(d?.environment).toBe('prod-eu');
    } finally {
      await store.close();
    }
  });

  it('reads repositories, API URL and production names from the config file; text results per repository', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'panorama.config.yaml'),
      `organization: acme\nenvironments: { production: [production, "prod-*"] }\nsources:\n  github:\n    repos: [acme/api, acme/gone]\n    api_url: ${fake.enterpriseUrl}\n`,
    );
    const r = await runCli(['sync', '--quiet'], { cwd, env: { GITHUB_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✓ acme\/api: 3 pull requests, 5 deployments, 4 incidents, 4 commits; 4 requests, \d+\.\d s \(first sync\)$/);
    expect(lines[1]).toBe('✗ acme/gone: CONNECTOR_NOT_FOUND: GitHub returned 404 for acme/gone (repository): no such repository, or the token cannot see it; check OWNER/NAME and --api-url');
    expect(fake.log.every((x) => x.path === '/graphql' || x.path.startsWith('/repos/'))).toBe(true);
  });

  it('a missing token is a clear error naming GITHUB_TOKEN; unknown sources and no repositories are usage errors', async () => {
    const none = await runCli(['sync', '--repo', 'acme/api'], { env: {} });
    expect(none.code).toBe(78);
    expect(none.stderr).toBe('panorama: CONNECTOR_TOKEN_MISSING: no github token: set GITHUB_TOKEN (or sources.github.token in the config file).\n');
    const unknown = await runCli(['sync', '--source', 'svn', '--repo', 'x'], { env: { GITHUB_TOKEN: TOKEN } });
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/^panorama: SYNC_UNKNOWN_SOURCE: --source svn: not a source Panorama can sync; use one of: .*github/);
    const empty = await runCli(['sync'], { env: { GITHUB_TOKEN: TOKEN } });
    expect(empty.code).toBe(64);
    expect(empty.stderr).toContain('SYNC_NO_SCOPES');
  });

  it('shows a countdown while it waits for a rate limit, then finishes', async () => {
    fake.fail('/repos/acme/api', { kind: 'primary', resetInSec: 1 });
    const r = await runCli(['sync', '--repo', 'acme/api', '--api-url', fake.url, '--org', 'acme'], { env: { GITHUB_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^acme\/api: GitHub primary rate limit; waiting, resumes in [23] s \(at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\)$/m);
    expect(r.stdout).toMatch(/^✓ acme\/api: 3 pull requests/);
    expect(fake.hammered).toBe(0);
  });

  it('a refused token exits 78 and prints the repository, never the token', async () => {
    const r = await runCli(['sync', '--repo', 'acme/api', '--api-url', fake.url, '--verbose'], { env: { GITHUB_TOKEN: 'ghp_not_the_right_one_987' } });
    expect(r.code).toBe(78);
    expect(r.stdout).toContain('✗ acme/api: CONNECTOR_AUTH_FAILED: GitHub returned 401 for acme/api (repository)');
    expect(r.stdout + r.stderr).not.toContain('ghp_not_the_right_one_987');
  });

  it('killed with SIGKILL after its first stored batch, a second run ends with exactly the rows of a clean run', async () => {
    fake.repositories.clear();
    fake.addRepository(generatedRepository('acme', 'big', { pullRequests: 350, deployments: 200, incidents: 40 }));
    const args = (dir: string) => ['sync', '--repo', 'acme/big', '--api-url', fake.url, '--org', 'acme', '--db', join(dir, 'db.sqlite'), '--format', 'json'];
    const env = { GITHUB_TOKEN: TOKEN };

    // Clean run.
    const cleanDir = tempDir();
    const clean = await runProcess(args(cleanDir), cleanDir, env);
    expect(clean.code).toBe(0);

    // Killed run: page N+1 is fetched while page N is stored, so when page 3 is asked for,
    // page 1 is committed and page 2 may be. Kill it there, in the middle of the sync.
    const dir = tempDir();
    fake.resetLog();
    let deliveryRequests = 0;
    const killed = await runProcess(args(dir), dir, env, (kill) => {
      fake.onRequest = (request) => {
        if (request.operation === 'PanoramaDelivery' && ++deliveryRequests === 3) kill();
      };
    });
    fake.onRequest = undefined;
    expect(killed.signal).toBe('SIGKILL');
    const partial = await snapshot(join(dir, 'db.sqlite'));
    const stored = (partial['pullRequests'] as unknown[]).length;
    expect([100, 200]).toContain(stored);
    expect((partial['deployments'] as unknown[]).length).toBe(stored === 100 ? 100 : 200);
    expect((partial['incidents'] as unknown[]).length).toBe(0);

    // Resumed run: continues after the last stored page (350 pull requests = 4 pages).
    fake.resetLog();
    const resumed = await runProcess(args(dir), dir, env);
    expect(resumed.code).toBe(0);
    expect(fake.log.filter((r) => r.operation === 'PanoramaDelivery').length).toBe((400 - stored) / 100);
    const final = await snapshot(join(dir, 'db.sqlite'));
    const reference = await snapshot(join(cleanDir, 'db.sqlite'));
    expect(final['counts']).toEqual(reference['counts']);
    expect(final['counts']).toMatchObject({ pullRequests: 350, deployments: 200, incidents: 40, commits: 1050 });
    for (const key of ['pullRequests', 'commits', 'deployments', 'incidents', 'repositories', 'raw']) {
      expect(final[key], key).toEqual(reference[key]);
    }
    const ids = (final['pullRequests'] as Array<{ id: string }>).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);

    // The token is in no output and nowhere in either database.
    for (const run of [clean, killed, resumed]) expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(databaseBytes(dir)).not.toContain(TOKEN);
    expect(databaseBytes(cleanDir)).not.toContain(TOKEN);
  }, 60_000);
});
