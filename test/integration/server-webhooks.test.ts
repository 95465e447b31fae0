/**
 * The webhook receivers, in process, on payloads shaped like the vendors' documented ones
 * (test/fixtures/webhooks): verified (401 otherwise), idempotent by delivery id (a redelivery
 * stores nothing), raw payload kept, malformed payloads refused with their field paths and
 * nothing stored, partial events merged into one record.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acmeSecret, signFor, useWebhookApp, webhookFixture } from './server-webhook-helpers.js';

const webhooks = useWebhookApp();
const { post, list } = webhooks;
const fixture = webhookFixture;
const secret = acmeSecret;

function github(event: string, body: string, extra: Record<string, string> = {}) {
  return post('/webhooks/github/acme', body, {
    ...signFor('github', secret('github'), body, event),
    ...extra,
  });
}

describe('GitHub webhooks', () => {
  it('maps a deployment_status to a deployment, keeps the raw payload, and stores a redelivery once', async () => {
    const body = fixture('github-deployment_status.json');
    const delivery = randomUUID();
    const first = await github('deployment_status', body, { 'x-github-delivery': delivery });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'accepted', delivery_id: delivery, records: 2 });
    const again = await github('deployment_status', body, { 'x-github-delivery': delivery });
    expect(again.json()).toEqual({ status: 'duplicate', delivery_id: delivery, records: 0 });
    expect(await webhooks.store.countWebhookDeliveries({ org: 'acme', source: 'github' })).toBe(1);
    const deployments = await list('deployments');
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({
      id: 'github:deployment:acme/api:981234',
      service: 'api',
      repository: 'acme/api',
      environment: 'production',
      status: 'success',
      started_at: '2026-03-10T14:00:00Z',
      finished_at: '2026-03-10T14:05:00Z',
      commit_sha: '3f786850e387550fdab836ed7e6dc881de23001b',
      url: 'https://github.com/acme/api/actions/runs/5550001/job/1',
      source: 'github',
    });
    expect((await list('repositories'))[0]).toMatchObject({
      name: 'acme/api',
      default_branch: 'main',
    });
  });

  it('answers 401 to a bad or missing signature and stores nothing', async () => {
    const body = fixture('github-deployment_status.json').replace('981234', '981235');
    const before = await webhooks.store.countWebhookDeliveries();
    const wrong = await post('/webhooks/github/acme', body, {
      ...signFor('github', 'not-the-secret', body, 'deployment_status'),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('WEBHOOK_BAD_SIGNATURE');
    const headers = signFor('github', secret('github'), body, 'deployment_status');
    delete headers['x-hub-signature-256'];
    expect((await post('/webhooks/github/acme', body, headers)).statusCode).toBe(401);
    // Signed for acme, posted to another organisation: its secret differs.
    expect(
      (
        await post(
          '/webhooks/github/zeta',
          body,
          signFor('github', secret('github'), body, 'deployment_status'),
        )
      ).statusCode,
    ).toBe(401);
    expect(await webhooks.store.countWebhookDeliveries()).toBe(before);
  });

  it('refuses a malformed payload with the field path, and stores nothing', async () => {
    const before = await webhooks.store.countWebhookDeliveries();
    const body = fixture('github-deployment_status.json')
      .replace('"state": "success"', '"state": "exploded"')
      .replace('"sha": "3f78', '"sha": "zz78');
    const r = await github('deployment_status', body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('WEBHOOK_INVALID_PAYLOAD');
    expect(
      r
        .json()
        .error.problems.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual(['deployment.sha', 'deployment_status.state']);
    const notJson = await github('deployment_status', '{"deployment_status": ');
    expect(notJson.json().error.code).toBe('WEBHOOK_INVALID_JSON');
    const star = await github('star', '{"action":"created"}');
    expect(star.statusCode).toBe(400);
    expect(star.json().error.code).toBe('WEBHOOK_UNSUPPORTED_EVENT');
    const noDelivery = await github('deployment_status', fixture('github-deployment_status.json'), {
      'x-github-delivery': '',
    });
    expect(noDelivery.json().error.code).toBe('WEBHOOK_MISSING_HEADER');
    expect(await webhooks.store.countWebhookDeliveries()).toBe(before);
  });

  it('answers a ping, refuses a form-encoded body and a URL without organisation', async () => {
    expect(
      (await github('ping', '{"zen":"Keep it logically awesome.","hook_id":1}')).json(),
    ).toMatchObject({ status: 'accepted', records: 0 });
    const form = await post('/webhooks/github/acme', 'payload=%7B%7D', {
      ...signFor('github', secret('github'), 'payload=%7B%7D', 'ping'),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.statusCode).toBe(415);
    const noOrg = await post('/webhooks/github', '{}', { 'content-type': 'application/json' });
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.json().error).toMatchObject({
      code: 'WEBHOOK_ORG_MISSING',
      message: expect.stringContaining('/webhooks/github/<org>'),
    });
  });

  it('merges a review and a merge into one pull request, whatever their order', async () => {
    expect(
      (await github('pull_request', fixture('github-pull_request-closed.json'))).statusCode,
    ).toBe(200);
    expect(
      (await github('pull_request_review', fixture('github-pull_request_review.json'))).statusCode,
    ).toBe(200);
    const [pr] = await list('pull-requests');
    expect(pr).toMatchObject({
      id: 'github:pull_request:acme/api:42',
      author: 'ada',
      created_at: '2026-03-09T09:00:00Z',
      first_review_at: '2026-03-09T15:30:00Z',
      merged_at: '2026-03-10T12:00:00Z',
      merge_commit_sha: '3f786850e387550fdab836ed7e6dc881de23001b',
      state: 'merged',
      base_branch: 'main',
      additions: 120,
      deletions: 14,
    });
  });

  it('maps pushed commits, chaining them from `before`', async () => {
    expect((await github('push', fixture('github-push.json'))).json()).toMatchObject({
      status: 'accepted',
      records: 3,
    });
    const changes = await list('changes');
    expect(changes.map((c) => [c['sha'], c['parents']])).toEqual([
      ['89e6c98d92887913cadf06b2adb97f26cde4849b', ['2c26b46b68ffc68ff99b453c1d30413413422d70']],
      ['3f786850e387550fdab836ed7e6dc881de23001b', ['89e6c98d92887913cadf06b2adb97f26cde4849b']],
    ]);
    expect(changes[0]).toMatchObject({ author: 'ada', committed_at: '2026-03-09T07:30:00Z' });
  });

  it('maps an issue labelled incident, with its severity label', async () => {
    await github('issues', fixture('github-issues-closed.json'));
    const plain = fixture('github-issues-closed.json')
      .replace('"name": "incident"', '"name": "bug"')
      .replace('"number": 77', '"number": 78');
    expect((await github('issues', plain)).json()).toMatchObject({
      records: 0,
      note: 'the issue is not labelled incident',
    });
    expect(await list('incidents')).toEqual([
      expect.objectContaining({
        id: 'github:incident:acme/api:77',
        service: 'api',
        started_at: '2026-03-10T15:00:00Z',
        resolved_at: '2026-03-10T17:30:00Z',
        severity: '2',
      }),
    ]);
  });
});

describe('group commit', () => {
  it('stores concurrent deliveries once each, merged in arrival order, whatever the batching', async () => {
    const base = fixture('github-deployment_status.json').replaceAll('981234', '777001');
    const bodies = Array.from({ length: 40 }, (_, i) =>
      base.replaceAll('4410021', String(5_000_000 + i)),
    );
    const ids = bodies.map((_, i) => `group-${i % 30}`);
    const answers = await Promise.all(
      bodies.map((body, i) => github('deployment_status', body, { 'x-github-delivery': ids[i]! })),
    );
    const statuses = answers.map((a) => a.json().status);
    expect(statuses.filter((x) => x === 'accepted')).toHaveLength(30);
    expect(statuses.filter((x) => x === 'duplicate')).toHaveLength(10);
    expect(
      (await list('deployments')).filter((d) => d['id'] === 'github:deployment:acme/api:777001'),
    ).toHaveLength(1);
    expect(
      await webhooks.store.countWebhookDeliveries({ org: 'acme', source: 'github' }),
    ).toBeGreaterThanOrEqual(30);
  });
});
