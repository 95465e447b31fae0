/**
 * GitHub webhooks map with the server's GitHub settings, as `panorama sync` does: a completed
 * run of a configured deployment workflow is a production deployment (other runs are kept raw),
 * and the configured incident labels make an issue an incident.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { testApp } from './server-fixtures.js';
import { acmeSecret, signFor, webhookFixture } from './server-webhook-helpers.js';

let store: Store;
let app: FastifyInstance;
let plain: FastifyInstance;

beforeAll(async () => {
  store = await openStore(join(tempDir('panorama-gh-settings-'), 'p.db'));
  ({ app } = await testApp(store, {
    github: {
      deploymentWorkflows: ['deploy.yml'],
      incidentLabels: ['sev1'],
      productionEnvironments: ['production'],
    },
  }));
  ({ app: plain } = await testApp(store));
});
afterAll(async () => {
  await app.close();
  await plain.close();
  await store.close();
});

function post(server: FastifyInstance, event: string, body: string) {
  return server.inject({
    method: 'POST',
    url: '/webhooks/github/acme',
    payload: body,
    headers: signFor('github', acmeSecret('github'), body, event),
  });
}

const RUN = webhookFixture('github-workflow_run-completed.json');
const withRun = (over: Record<string, unknown>): string => {
  const body = JSON.parse(RUN) as { workflow_run: Record<string, unknown> };
  return JSON.stringify({ ...body, workflow_run: { ...body.workflow_run, ...over } });
};

describe('GitHub webhooks with settings', () => {
  it('makes a completed run of a deployment workflow a production deployment', async () => {
    const r = await post(app, 'workflow_run', RUN);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'accepted', records: 2 });
    const [deployment] = await store.getDeployments('acme', ['github:workflow_run:acme/api:7701']);
    expect(deployment).toMatchObject({
      service: 'api',
      repository: 'acme/api',
      environment: 'production',
      status: 'success',
      startedAt: Date.parse('2026-03-05T10:00:05Z'),
      finishedAt: Date.parse('2026-03-05T10:09:00Z'),
      commitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
      url: 'https://github.com/acme/api/actions/runs/7701',
    });
    expect(deployment?.inferences[0]?.rule).toBe('deployment-workflow');
    // A failed run is a failed deployment.
    await post(app, 'workflow_run', withRun({ id: 7702, conclusion: 'failure' }));
    expect(
      (await store.getDeployments('acme', ['github:workflow_run:acme/api:7702']))[0]?.status,
    ).toBe('failure');
  });

  it('keeps other workflows, unfinished runs and an unconfigured server raw', async () => {
    const ci = await post(
      app,
      'workflow_run',
      withRun({ id: 7703, name: 'CI', path: '.github/workflows/ci.yml' }),
    );
    expect(ci.json()).toMatchObject({
      records: 0,
      note: expect.stringContaining('not a deployment workflow'),
    });
    const running = await post(
      app,
      'workflow_run',
      withRun({ id: 7704, status: 'in_progress', conclusion: null }),
    );
    expect(running.json()).toMatchObject({ note: expect.stringContaining('only completed runs') });
    const unconfigured = await post(plain, 'workflow_run', withRun({ id: 7705 }));
    expect(unconfigured.json()).toMatchObject({ records: 0 });
    expect(
      await store.getDeployments('acme', [
        'github:workflow_run:acme/api:7703',
        'github:workflow_run:acme/api:7704',
        'github:workflow_run:acme/api:7705',
      ]),
    ).toEqual([]);
    // A malformed time is a 400 naming the field, and stores nothing.
    const bad = await post(app, 'workflow_run', withRun({ id: 7706, updated_at: 'yesterday' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('workflow_run.updated_at');
  });

  it('makes an issue an incident by the configured labels', async () => {
    const issue = JSON.parse(webhookFixture('github-issues-closed.json')) as {
      issue: { number: number; labels: Array<{ name: string }> };
    };
    const labelled = (number: number, labels: string[]) =>
      JSON.stringify({
        ...issue,
        issue: { ...issue.issue, number, labels: labels.map((name) => ({ name })) },
      });
    expect((await post(app, 'issues', labelled(901, ['SEV1']))).json()).toMatchObject({
      records: 1,
    });
    expect((await post(app, 'issues', labelled(902, ['incident']))).json()).toMatchObject({
      records: 0,
    });
    expect(
      (
        await store.getIncidents('acme', [
          'github:incident:acme/api:901',
          'github:incident:acme/api:902',
        ])
      ).map((i) => i.id),
    ).toEqual(['github:incident:acme/api:901']);
  });
});
