/**
 * The webhook receivers, in process, on payloads shaped like the vendors' documented ones
 * (test/fixtures/webhooks): verified (401 otherwise), idempotent by delivery id (a redelivery
 * stores nothing), raw payload kept, malformed payloads refused with their field paths and
 * nothing stored, partial events merged into one record.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/server/webhooks/webhook-secrets.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, SECRET_KEY, testApp } from './server-fixtures.js';
import { hubSignature, signFor } from './server-webhook-helpers.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8');
const secret = (source: string) => webhookSecret(SECRET_KEY, 'acme', source);

let store: Store;
let app: FastifyInstance;
let reader: Record<string, string>;

beforeAll(async () => {
  store = await openStore(join(tempDir('panorama-webhooks-'), 'p.db'));
  reader = bearer(await makeToken(store, 'acme'));
  ({ app } = await testApp(store));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

function post(url: string, body: string, headers: Record<string, string>) {
  return app.inject({ method: 'POST', url, payload: body, headers });
}
function github(event: string, body: string, extra: Record<string, string> = {}) {
  return post('/webhooks/github/acme', body, {
    ...signFor('github', secret('github'), body, event),
    ...extra,
  });
}
async function list(kind: string): Promise<Array<Record<string, unknown>>> {
  return (
    await app.inject({
      method: 'GET',
      url: `/api/v1/orgs/acme/${kind}?limit=1000`,
      headers: reader,
    })
  ).json().items;
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
    expect(await store.countWebhookDeliveries({ org: 'acme', source: 'github' })).toBe(1);
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
    const before = await store.countWebhookDeliveries();
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
    expect(await store.countWebhookDeliveries()).toBe(before);
  });

  it('refuses a malformed payload with the field path, and stores nothing', async () => {
    const before = await store.countWebhookDeliveries();
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
    expect(await store.countWebhookDeliveries()).toBe(before);
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
      await store.countWebhookDeliveries({ org: 'acme', source: 'github' }),
    ).toBeGreaterThanOrEqual(30);
  });
});

describe('GitLab webhooks', () => {
  const gitlab = (event: string, body: string, extra: Record<string, string> = {}) =>
    post('/webhooks/gitlab/acme', body, {
      ...signFor('gitlab', secret('gitlab'), body, event),
      ...extra,
    });

  it('maps a deployment, its full SHA taken from commit_url, idempotent by Idempotency-Key', async () => {
    const key = randomUUID();
    const r = await gitlab('Deployment Hook', fixture('gitlab-deployment.json'), {
      'idempotency-key': key,
    });
    expect(r.json()).toMatchObject({ status: 'accepted', delivery_id: key });
    expect(
      (
        await gitlab('Deployment Hook', fixture('gitlab-deployment.json'), {
          'idempotency-key': key,
        })
      ).json().status,
    ).toBe('duplicate');
    const d = (await list('deployments')).find(
      (x) => x['id'] === 'gitlab:deployment:acme/payments:15',
    );
    expect(d).toMatchObject({
      service: 'payments',
      environment: 'production',
      finished_at: '2026-03-10T14:05:00Z',
      commit_sha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
      source: 'gitlab',
    });
  });

  it('refuses a wrong token', async () => {
    const r = await post('/webhooks/gitlab/acme', fixture('gitlab-deployment.json'), {
      ...signFor('gitlab', 'wrong', '', 'Deployment Hook'),
    });
    expect(r.statusCode).toBe(401);
  });

  it('maps a merged merge request and an incident issue', async () => {
    await gitlab('Merge Request Hook', fixture('gitlab-merge_request-merged.json'));
    await gitlab('Issue Hook', fixture('gitlab-issue-incident.json'));
    expect(
      (await list('pull-requests')).find((p) => p['id'] === 'gitlab:merge_request:acme/payments:7'),
    ).toMatchObject({
      created_at: '2026-03-08T09:00:00Z',
      merged_at: '2026-03-10T11:00:00Z',
      state: 'merged',
      merge_commit_sha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
    });
    expect(
      (await list('incidents')).find((i) => i['id'] === 'gitlab:incident:acme/payments:12'),
    ).toMatchObject({
      service: 'payments',
      started_at: '2026-03-10T16:00:00Z',
      resolved_at: '2026-03-10T18:00:00Z',
      severity: 'high',
    });
    expect((await gitlab('Push Hook', '{}')).json().error.code).toBe('WEBHOOK_UNSUPPORTED_EVENT');
  });
});

describe('CDEvents webhooks', () => {
  const binary = (body: string, overrides: Record<string, string> = {}) => {
    const event = JSON.parse(body) as { context: { id: string; source: string; type: string } };
    return post('/webhooks/cdevents/acme', body, {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.context.id,
      'ce-source': event.context.source,
      'ce-type': event.context.type,
      'x-panorama-signature-256': hubSignature(secret('cdevents'), body),
      ...overrides,
    });
  };

  it('maps service.deployed in binary mode, the commit from the purl vcs_url', async () => {
    const r = await binary(fixture('cdevents-service-deployed.json'));
    expect(r.json()).toMatchObject({
      status: 'accepted',
      records: 1,
      delivery_id: '/tekton/prod-cluster#271069a8-fc18-44f1-b38f-9d70a1695819',
    });
    expect(
      (await list('deployments')).find((d) => String(d['id']).startsWith('cdevents:')),
    ).toMatchObject({
      service: 'checkout',
      repository: 'acme/checkout',
      environment: 'production',
      status: 'success',
      finished_at: '2026-03-10T16:00:00.315Z',
      commit_sha: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      kind: 'regular',
    });
  });

  it('accepts structured mode and a bearer secret; a rollback is remediation', async () => {
    const event = JSON.parse(fixture('cdevents-service-deployed.json'));
    event.context.id = 'rollback-1';
    event.context.type = 'dev.cdevents.service.rolledback.0.3.0';
    const cloudEvent = JSON.stringify({
      specversion: '1.0',
      id: 'rollback-1',
      source: event.context.source,
      type: event.context.type,
      datacontenttype: 'application/json',
      data: event,
    });
    const r = await post('/webhooks/cdevents/acme', cloudEvent, {
      'content-type': 'application/cloudevents+json',
      authorization: `Bearer ${secret('cdevents')}`,
    });
    expect(r.json()).toMatchObject({ status: 'accepted', records: 1 });
    expect(
      (await list('deployments')).find((d) => String(d['id']).endsWith('rollback-1')),
    ).toMatchObject({ kind: 'rollback', trigger: 'incident_remediation' });
    const wrong = await post('/webhooks/cdevents/acme', cloudEvent, {
      'content-type': 'application/cloudevents+json',
      authorization: 'Bearer nope',
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('merges incident.resolved and incident.detected into one incident, in either order', async () => {
    await binary(fixture('cdevents-incident-resolved.json'));
    await binary(fixture('cdevents-incident-detected.json'));
    const incident = (await list('incidents')).find(
      (i) => i['id'] === 'cdevents:incident:/monitoring/prod1:incident-123',
    );
    expect(incident).toMatchObject({
      service: 'checkout',
      started_at: '2026-03-10T16:20:00Z',
      detected_at: '2026-03-10T16:20:00Z',
      resolved_at: '2026-03-10T17:05:00Z',
    });
  });

  it('refuses missing headers, fields and commits with their paths, and unmapped types', async () => {
    const before = await store.countWebhookDeliveries();
    const body = fixture('cdevents-service-deployed.json');
    expect((await binary(body, { 'ce-type': '' })).json().error.code).toBe(
      'WEBHOOK_MISSING_HEADER',
    );
    const noEnv = JSON.parse(body);
    delete noEnv.subject.content.environment;
    noEnv.context.id = 'no-env';
    const r = await binary(JSON.stringify(noEnv));
    expect(r.json().error.problems).toEqual([
      { path: 'subject.content.environment', message: expect.any(String) },
    ]);
    const noCommit = JSON.parse(body);
    noCommit.context.id = 'no-commit';
    noCommit.subject.content.artifactId =
      'pkg:oci/checkout@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427';
    expect((await binary(JSON.stringify(noCommit))).json().error.problems[0].path).toBe(
      'subject.content.artifactId',
    );
    const published = JSON.parse(body);
    published.context.type = 'dev.cdevents.artifact.published.0.2.0';
    expect((await binary(JSON.stringify(published))).json().error.code).toBe(
      'WEBHOOK_UNSUPPORTED_EVENT',
    );
    expect(await store.countWebhookDeliveries()).toBe(before);
  });
});

describe('generic webhook', () => {
  const doc = JSON.stringify({
    repository: { name: 'acme/batch', default_branch: 'main' },
    commits: [
      {
        sha: 'abcdef1234567890abcdef1234567890abcdef12',
        parents: [],
        author: 'ada',
        authored_at: '2026-03-11T09:00:00Z',
        committed_at: '2026-03-11T09:00:00Z',
      },
    ],
    deployments: [
      {
        id: 'batch-1',
        service: 'batch',
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-11T10:00:00Z',
        commit_sha: 'abcdef1234567890abcdef1234567890abcdef12',
      },
    ],
  });
  const generic = (body: string) =>
    post('/webhooks/generic/acme', body, signFor('generic', secret('generic'), body));

  it('imports a document as panorama import would, once per body', async () => {
    const r = await generic(doc);
    expect(r.json()).toMatchObject({ status: 'accepted', records: 3 });
    expect((await generic(doc)).json().status).toBe('duplicate');
    expect((await list('deployments')).find((d) => d['id'] === 'batch-1')).toMatchObject({
      repository: 'acme/batch',
      source: 'webhook',
    });
  });

  it('refuses an invalid record with its path, writing nothing', async () => {
    const bad = doc
      .replace('"finished_at":"2026-03-11T10:00:00Z"', '"finished_at":"2026-03-11T10:00:00"')
      .replace('batch-1', 'batch-2');
    const r = await generic(bad);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.problems).toEqual([
      { path: 'deployments[0].finished_at', message: 'timestamp has no offset (add Z or ±HH:MM)' },
    ]);
    expect((await list('deployments')).some((d) => d['id'] === 'batch-2')).toBe(false);
  });

  it('makes the new data visible in the report at once', async () => {
    const url =
      '/api/v1/orgs/acme/metrics?service=batch&since=2026-03-01&until=2026-03-20&evidence=false';
    const before = (await app.inject({ method: 'GET', url, headers: reader })).json().dora
      .deployment_frequency.count;
    const next = doc
      .replace('batch-1', 'batch-3')
      .replace('2026-03-11T10:00:00Z', '2026-03-12T10:00:00Z');
    await generic(next);
    const after = (await app.inject({ method: 'GET', url, headers: reader })).json().dora
      .deployment_frequency.count;
    expect(after).toBe(before + 1);
  });
});
