/**
 * GET /metrics: Prometheus text with the server's own health (requests, latency, errors,
 * webhook deliveries, records and lag) and the DORA gauges of every organisation and service.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/server/webhooks/webhook-secrets.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, NOW, SECRET_KEY, seed, testApp, metricSample } from './server-fixtures.js';
import { signFor } from './server-webhook-helpers.js';

let store: Store;
let app: FastifyInstance;
let all: Record<string, string>;

beforeAll(async () => {
  store = await openStore(join(tempDir('panorama-metrics-'), 'p.db'));
  await seed(store);
  all = bearer(await makeToken(store, null));
  // The seeded deployments (2026-03-02..04) fall in the gauges' 90-day window ending after NOW.
  ({ app } = await testApp(store, { now: () => NOW }));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('/metrics', () => {
  it('counts requests, errors and webhook deliveries, with the ingest lag', async () => {
    await app.inject({ method: 'GET', url: '/api/v1/orgs/alpha', headers: all });
    await app.inject({
      method: 'GET',
      url: '/api/v1/orgs/alpha/deployments?limit=0',
      headers: all,
    });
    const body = JSON.stringify({
      deployments: [
        {
          id: 'hook-1',
          service: 'api',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-20T11:00:00Z',
          commit_sha: 'abcdef12',
        },
      ],
    });
    await app.inject({
      method: 'POST',
      url: '/webhooks/generic/alpha',
      payload: body,
      headers: signFor('generic', webhookSecret(SECRET_KEY, 'alpha', 'generic'), body),
    });
    await app.inject({
      method: 'POST',
      url: '/webhooks/generic/alpha',
      payload: body,
      headers: signFor('generic', 'wrong', body),
    });

    const r = await app.inject({ method: 'GET', url: '/metrics', headers: all });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = r.body;
    expect(
      metricSample(
        text,
        'panorama_http_requests_total',
        'method="GET",route="/api/v1/orgs/:org",status="200"',
      ),
    ).toBe(1);
    expect(metricSample(text, 'panorama_http_errors_total', 'code="API_INVALID_REQUEST"')).toBe(1);
    expect(text).toMatch(
      /panorama_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/orgs\/:org"\} \d/,
    );
    expect(
      metricSample(
        text,
        'panorama_webhook_deliveries_total',
        'source="generic",org="alpha",outcome="accepted"',
      ),
    ).toBe(1);
    expect(
      metricSample(
        text,
        'panorama_webhook_deliveries_total',
        'source="generic",org="alpha",outcome="unauthorized"',
      ),
    ).toBe(1);
    expect(
      metricSample(text, 'panorama_webhook_records_total', 'source="generic",kind="deployment"'),
    ).toBe(1);
    // Received at NOW (12:00), the deployment finished at 11:00: one hour of lag.
    expect(metricSample(text, 'panorama_webhook_ingest_lag_seconds_sum', 'source="generic"')).toBe(3600);
    expect(text).toContain('panorama_process_resident_memory_bytes');
  });

  it('shows the DORA figures of every organisation and service as gauges', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics', headers: all })).body;
    // alpha: production deployments deploy-0, deploy-2 and the webhook's hook-1.
    expect(metricSample(text, 'panorama_dora_deployments', 'org="alpha",service="api"')).toBe(3);
    expect(metricSample(text, 'panorama_dora_deployments', 'org="alpha",service=""')).toBe(3);
    expect(metricSample(text, 'panorama_dora_deployments', 'org="bravo",service="zulu-secret-svc"')).toBe(
      2,
    );
    expect(
      metricSample(text, 'panorama_dora_change_failure_rate', 'org="alpha",service="api"'),
    ).toBeCloseTo(1 / 3, 3);
    expect(text).toContain('# HELP panorama_dora_lead_time_median_seconds');
  });

  it("shows the outcome of every scope's last sync, written by whichever process synced", async () => {
    const run = {
      org: 'alpha',
      source: 'github',
      records: 10,
      errorCode: null,
      errorMessage: null,
    };
    await store.recordSyncRun({
      ...run,
      scope: 'github:alpha/api',
      status: 'ok',
      startedAt: NOW - 7_200_000,
      finishedAt: NOW - 7_000_000,
    });
    const failed = {
      ...run,
      scope: 'github:alpha/web',
      status: 'failed' as const,
      records: 0,
      errorCode: 'CONNECTOR_AUTH_FAILED',
      errorMessage: 'GitHub answered 401',
    };
    await store.recordSyncRun({
      ...failed,
      startedAt: NOW - 3_600_000,
      finishedAt: NOW - 3_500_000,
    });
    await store.recordSyncRun({
      ...failed,
      startedAt: NOW - 1_800_000,
      finishedAt: NOW - 1_700_000,
    });
    const text = (await app.inject({ method: 'GET', url: '/metrics', headers: all })).body;
    const api = 'org="alpha",scope="github:alpha/api",source="github"';
    const web = 'org="alpha",scope="github:alpha/web",source="github"';
    expect(metricSample(text, 'panorama_sync_up', api)).toBe(1);
    expect(metricSample(text, 'panorama_sync_up', web)).toBe(0);
    expect(metricSample(text, 'panorama_sync_consecutive_failures', api)).toBe(0);
    expect(metricSample(text, 'panorama_sync_consecutive_failures', web)).toBe(2);
    expect(metricSample(text, 'panorama_sync_last_success_timestamp_seconds', api)).toBe(
      (NOW - 7_000_000) / 1000,
    );
    // Never succeeded: no sample rather than a made-up time.
    expect(metricSample(text, 'panorama_sync_last_success_timestamp_seconds', web)).toBeUndefined();
  });

  it('serves the gauges from the report cache until new data lands', async () => {
    await app.inject({ method: 'GET', url: '/metrics', headers: all });
    const { misses } = await cacheStats();
    await app.inject({ method: 'GET', url: '/metrics', headers: all });
    expect((await cacheStats()).misses).toBe(misses);
    const [d] = await store.listDeployments({ org: 'alpha' });
    await store.upsertDeployments([{ ...d!, id: 'late', finishedAt: NOW - 3_600_000 }]);
    const text = (await app.inject({ method: 'GET', url: '/metrics', headers: all })).body;
    expect(metricSample(text, 'panorama_dora_deployments', 'org="alpha",service="api"')).toBe(4);
  });

  it('needs a token for every organisation', async () => {
    const one = bearer(await makeToken(store, 'alpha'));
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: one })).statusCode).toBe(
      403,
    );
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});

async function cacheStats(): Promise<{ hits: number; misses: number }> {
  const text = (await app.inject({ method: 'GET', url: '/metrics', headers: all })).body;
  return {
    hits: metricSample(text, 'panorama_report_cache_hits', '') ?? 0,
    misses: Number(/^panorama_report_cache_misses (\d+)/m.exec(text)?.[1]),
  };
}
