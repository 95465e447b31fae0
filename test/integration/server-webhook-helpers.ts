/**
 * Signing webhook deliveries the way each sender does, and the harness the webhook suites share.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse as InjectResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { webhookSecret } from '../../src/server/webhooks/webhook-secrets.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, SECRET_KEY, testApp } from './server-fixtures.js';

/** `sha256=<hex HMAC of body>`, GitHub's X-Hub-Signature-256 (and Panorama's own header). */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The headers a `source` sender attaches to `body` with `secret` (a fresh delivery id). */
export function signFor(
  source: string,
  secret: string,
  body: string,
  event?: string,
): Record<string, string> {
  const json = { 'content-type': 'application/json' };
  switch (source) {
    case 'github':
      return {
        ...json,
        'x-github-event': event ?? 'ping',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': hubSignature(secret, body),
      };
    case 'gitlab':
      return {
        ...json,
        'x-gitlab-event': event ?? 'Deployment Hook',
        'x-gitlab-token': secret,
        'x-gitlab-event-uuid': randomUUID(),
      };
    default:
      return { ...json, 'x-panorama-signature-256': hubSignature(secret, body) };
  }
}

/** A webhook fixture's text (test/fixtures/webhooks/<name>). */
export function webhookFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8');
}

/** The webhook secret of organisation `acme` for `source`. */
export function acmeSecret(source: string): string {
  return webhookSecret(SECRET_KEY, 'acme', source);
}

/** An in-process server on a fresh SQLite store, with a viewer token for `acme`. */
export interface WebhookHarness {
  store: Store;
  app: FastifyInstance;
  /** Authorization headers of an `acme` viewer. */
  reader: Record<string, string>;
}

/**
 * Registers the suite's setup and teardown and returns the harness, filled in `beforeAll`;
 * plus `post` (a raw delivery) and `list` (an organisation's records through the API).
 */
export function useWebhookApp(): WebhookHarness & {
  post: (url: string, body: string, headers: Record<string, string>) => Promise<InjectResponse>;
  list: (kind: string) => Promise<Array<Record<string, unknown>>>;
} {
  const h = {} as WebhookHarness;
  beforeAll(async () => {
    h.store = await openStore(join(tempDir('panorama-webhooks-'), 'p.db'));
    h.reader = bearer(await makeToken(h.store, 'acme'));
    ({ app: h.app } = await testApp(h.store));
  });
  afterAll(async () => {
    await h.app.close();
    await h.store.close();
  });
  return Object.assign(h, {
    post: (url: string, body: string, headers: Record<string, string>) =>
      h.app.inject({ method: 'POST', url, payload: body, headers }),
    list: async (kind: string) =>
      (
        await h.app.inject({
          method: 'GET',
          url: `/api/v1/orgs/acme/${kind}?limit=1000`,
          headers: h.reader,
        })
      ).json().items as Array<Record<string, unknown>>,
  });
}
