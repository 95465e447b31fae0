/**
 * Reliability: graceful shutdown (requests in flight finish), the body limit, rate limiting
 * per token, and logs that never contain a token, secret or signature.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createLoginLink } from '../../src/server/auth/login.js';
import { createLogger } from '../../src/server/logging.js';
import { resolveServerOptions } from '../../src/server/options.js';
import { webhookSecret } from '../../src/server/webhooks/webhook-secrets.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, Capture, makeToken, NOW, SECRET_KEY, seed, testApp } from './server-fixtures.js';
import { signFor } from './server-webhook-helpers.js';

let store: Store;

beforeAll(async () => {
  store = await openStore(join(tempDir('panorama-reliability-'), 'p.db'));
  await seed(store);
});
afterAll(async () => {
  await store.close();
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish, and refuses new ones while closing', async () => {
    const app = await buildApp(
      store,
      resolveServerOptions({ secretKey: SECRET_KEY, logger: createLogger({ level: 'silent' }) }),
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/slow', { config: { access: 'public' } }, async () => {
      await gate;
      return { done: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

    const inFlight = fetch(`${url}/slow`);
    await delay(50);
    const closing = app.close();
    await delay(50);
    // A new connection is refused: the server stopped listening.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ done: true });
    await closing;
  });
});

describe('limits', () => {
  it('refuses a body over the limit with 413', async () => {
    const { app } = await testApp(store, { bodyLimitBytes: 1024 });
    try {
      const body = JSON.stringify({ deployments: [], padding: 'x'.repeat(2048) });
      const r = await app.inject({
        method: 'POST',
        url: '/webhooks/generic/alpha',
        payload: body,
        headers: signFor('generic', webhookSecret(SECRET_KEY, 'alpha', 'generic'), body),
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().error.code).toBe('API_BODY_TOO_LARGE');
    } finally {
      await app.close();
    }
  });

  it('limits requests per token, each token on its own', async () => {
    const { app } = await testApp(store, { rateLimitPerMinute: 3 });
    try {
      const a = bearer(await makeToken(store, 'alpha'));
      const b = bearer(await makeToken(store, 'alpha'));
      for (let i = 0; i < 3; i++)
        expect(
          (await app.inject({ method: 'GET', url: '/api/v1/orgs', headers: a })).statusCode,
        ).toBe(200);
      const limited = await app.inject({ method: 'GET', url: '/api/v1/orgs', headers: a });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('API_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/orgs', headers: b })).statusCode,
      ).toBe(200);
      // Health checks and webhooks are not rate limited.
      for (let i = 0; i < 5; i++)
        expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  it('never contain a token, a session, a webhook secret or a signature', async () => {
    const log = new Capture();
    const { app: server } = await testApp(store, {
      logger: createLogger({ level: 'trace', destination: log }),
    });
    try {
      const token = await makeToken(store, 'alpha');
      const badToken = 'pan_this-token-does-not-exist-but-must-not-be-logged';
      const loginUrl = await createLoginLink(store, 'http://127.0.0.1:4317', NOW);
      const loginToken = new URL(loginUrl).searchParams.get('token')!;
      const githubBody = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });
      const githubHeaders = signFor(
        'github',
        webhookSecret(SECRET_KEY, 'alpha', 'github'),
        githubBody,
        'ping',
      );
      const gitlabSecret = webhookSecret(SECRET_KEY, 'alpha', 'gitlab');

      await server.inject({ method: 'GET', url: '/api/v1/orgs/alpha', headers: bearer(token) });
      await server.inject({ method: 'GET', url: '/api/v1/orgs', headers: bearer(badToken) });
      const login = await server.inject({
        method: 'GET',
        url: `/login?token=${encodeURIComponent(loginToken)}`,
      });
      expect(login.statusCode).toBe(303);
      const session = String(login.headers['set-cookie']).split(';')[0]!;
      await server.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie: session } });
      await server.inject({ method: 'GET', url: `/login?token=${encodeURIComponent(loginToken)}` });
      await server.inject({
        method: 'POST',
        url: '/webhooks/github/alpha',
        payload: githubBody,
        headers: githubHeaders,
      });
      await server.inject({
        method: 'POST',
        url: '/webhooks/gitlab/alpha',
        payload: '{}',
        headers: signFor('gitlab', gitlabSecret, '{}', 'Push Hook'),
      });
      await server.inject({
        method: 'POST',
        url: '/webhooks/gitlab/alpha',
        payload: '{}',
        headers: signFor('gitlab', `${gitlabSecret}x`, '{}', 'Push Hook'),
      });

      const text = log.text;
      expect(text.length).toBeGreaterThan(1000);
      expect(text).toContain('/login?token=[REDACTED]');
      for (const secret of [
        token,
        badToken,
        loginToken,
        session.split('=')[1]!,
        githubHeaders['x-hub-signature-256']!,
        gitlabSecret,
        webhookSecret(SECRET_KEY, 'alpha', 'github'),
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await server.close();
    }
  });
});
