/**
 * The GitLab, CDEvents and generic webhook receivers, in process, on payloads shaped like the
 * documented ones (test/fixtures/webhooks); GitHub's and the shared behaviour are in
 * server-webhooks.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acmeSecret,
  hubSignature,
  signFor,
  useWebhookApp,
  webhookFixture,
} from './server-webhook-helpers.js';

const webhooks = useWebhookApp();
const { post, list } = webhooks;
const fixture = webhookFixture;
const secret = acmeSecret;

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
    const before = await webhooks.store.countWebhookDeliveries();
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
    expect(await webhooks.store.countWebhookDeliveries()).toBe(before);
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

  it('refuses uptime samples and debt items, which come by import or the API', async () => {
    const body = JSON.stringify({
      uptime_samples: [{ service: 'batch', at: '2026-03-11T10:00:00Z', good: 1, total: 1 }],
      debt_items: [{ service: 'batch', title: 'x', interest_hours_per_month: 1, principal_hours: 1, created_at: '2026-03-11T10:00:00Z' }],
    });
    const r = await generic(body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.problems).toEqual([
      { path: 'uptime_samples', message: 'not accepted by the webhook; use panorama import (or POST /api/v1/orgs/:org/debt)' },
      { path: 'debt_items', message: 'not accepted by the webhook; use panorama import (or POST /api/v1/orgs/:org/debt)' },
    ]);
  });

  it('makes the new data visible in the report at once', async () => {
    const url =
      '/api/v1/orgs/acme/metrics?service=batch&since=2026-03-01&until=2026-03-20&evidence=false';
    const before = (
      await webhooks.app.inject({ method: 'GET', url, headers: webhooks.reader })
    ).json().dora.deployment_frequency.count;
    const next = doc
      .replace('batch-1', 'batch-3')
      .replace('2026-03-11T10:00:00Z', '2026-03-12T10:00:00Z');
    await generic(next);
    const after = (
      await webhooks.app.inject({ method: 'GET', url, headers: webhooks.reader })
    ).json().dora.deployment_frequency.count;
    expect(after).toBe(before + 1);
  });
});
