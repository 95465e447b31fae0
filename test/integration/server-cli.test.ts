/**
 * The server's commands: `token create|list|revoke`, `webhook secret`, and `serve` listening
 * on a real port with its login link exchanged for a session cookie.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/commands/serve-command.js';
import type { CliIo } from '../../src/cli/io.js';
import { openStore } from '../../src/storage/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { Capture, seed } from './server-fixtures.js';

describe('panorama token and webhook secret', () => {
  const dir = tempDir();
  const db = join(dir, 'p.db');

  it('creates a token shown once, lists it without the token, and revokes it', async () => {
    const created = await runCli(
      ['token', 'create', '--db', db, '--org', 'ACME', '--role', 'admin', '--name', 'ci'],
      { cwd: dir },
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^pan_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/created admin token tok_[0-9a-f]{12} for organisation acme/);
    const listed = await runCli(['token', 'list', '--db', db], { cwd: dir });
    expect(listed.stdout).toMatch(/^tok_[0-9a-f]{12}\tapi\tacme\tadmin\tlive\t/);
    expect(listed.stdout).not.toContain(token);
    const id = listed.stdout.split('\t')[0]!;
    expect((await runCli(['token', 'revoke', id, '--db', db], { cwd: dir })).code).toBe(0);
    expect((await runCli(['token', 'list', '--db', db], { cwd: dir })).stdout).toContain(
      '\trevoked\t',
    );
    const again = await runCli(['token', 'revoke', id, '--db', db], { cwd: dir });
    expect(again.code).toBe(64);
  });

  it('refuses a bad role', async () => {
    const r = await runCli(['token', 'create', '--db', db, '--org', 'acme', '--role', 'owner'], {
      cwd: dir,
    });
    expect(r.code).toBe(64);
  });

  it('prints a webhook URL and a secret that stays the same, from a 0600 key file', async () => {
    const first = await runCli(
      [
        'webhook',
        'secret',
        '--db',
        db,
        '--org',
        'Acme',
        '--source',
        'github',
        '--url',
        'https://panorama.example',
      ],
      { cwd: dir },
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^url: https:\/\/panorama\.example\/webhooks\/github\/acme\nsecret: [0-9a-f]{64}\n$/,
    );
    const second = await runCli(
      ['webhook', 'secret', '--db', db, '--org', 'Acme', '--source', 'github'],
      { cwd: dir },
    );
    expect(second.stdout.split('\n')[1]).toBe(first.stdout.split('\n')[1]);
    const gitlab = await runCli(
      ['webhook', 'secret', '--db', db, '--org', 'Acme', '--source', 'gitlab'],
      { cwd: dir },
    );
    expect(gitlab.stdout.split('\n')[1]).not.toBe(first.stdout.split('\n')[1]);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const unknown = await runCli(
      ['webhook', 'secret', '--db', db, '--org', 'Acme', '--source', 'jira'],
      { cwd: dir },
    );
    expect(unknown.code).toBe(64);
  });
});

describe('panorama serve', () => {
  const dir = tempDir();
  const db = join(dir, 'p.db');
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr, env: { NO_COLOR: '1' }, cwd: dir, now: () => Date.now() };
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  it('listens, and its login link opens an HttpOnly SameSite=Strict session once', async () => {
    const store = await openStore(db);
    await seed(store);
    await store.close();
    server = await startServer({ db, port: '0', logLevel: 'info' }, io);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.loginUrl).toMatch(/\/login\?token=pan_/);

    const login = await fetch(server.loginUrl!, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^panorama_session=pan_[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const session = cookie.split(';')[0]!;
    const orgs = await fetch(`${server.url}/api/v1/orgs`, { headers: { cookie: session } });
    expect(orgs.status).toBe(200);
    expect(((await orgs.json()) as { items: unknown[] }).items).toHaveLength(2);

    const reused = await fetch(server.loginUrl!, { redirect: 'manual' });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe(
      'AUTH_LOGIN_LINK_INVALID',
    );

    const logout = await fetch(`${server.url}/logout`, {
      method: 'POST',
      headers: { cookie: session },
    });
    expect(logout.status).toBe(204);
    expect(
      (await fetch(`${server.url}/api/v1/orgs`, { headers: { cookie: session } })).status,
    ).toBe(401);

    // The login token went through the log inside a URL: it must be redacted there.
    const token = new URL(server.loginUrl!).searchParams.get('token')!;
    expect(stdout.text).toContain('/login?token=[REDACTED]');
    expect(stdout.text).not.toContain(token);
  });

  it('reports a port in use as SERVER_LISTEN_FAILED', async () => {
    const port = new URL(server!.url).port;
    await expect(startServer({ db, port, login: false }, io)).rejects.toMatchObject({
      code: 'SERVER_LISTEN_FAILED',
    });
  });
});
