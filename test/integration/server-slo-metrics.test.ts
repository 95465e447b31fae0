/**
 * /metrics shows each service's SLO status, so Prometheus can page while an error budget burns:
 * availability and budget left over the SLO window, burn rates per window and which SRE
 * workbook alerts fire. Hand-computed on one incident: `api` (SLO 99.9% over 28 days) is down
 * from 30 to 10 minutes before now, 20 bad minutes.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessConfigSchema } from '../../src/config/business-schema.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, NOW, testApp, metricSample } from './server-fixtures.js';
import { incident } from './store-fixtures.js';

const MINUTE = 60_000;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openStore(join(tempDir('panorama-slo-'), 'p.db'));
  await store.upsertOrganization({ id: 'acme', name: 'Acme' });
  await store.upsertIncidents([
    incident({
      startedAt: NOW - 30 * MINUTE,
      detectedAt: null,
      acknowledgedAt: null,
      resolvedAt: NOW - 10 * MINUTE,
    }),
  ]);
  ({ app } = await testApp(store, {
    business: businessConfigSchema.parse({
      slo: { target: 99.9, window_days: 28 },
      services: { web: { slo: { target: 99.5, window_days: 7 } } },
    }),
  }));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('SLO gauges in /metrics', () => {
  it('shows availability, budget left, burn rates and firing alerts per service', async () => {
    const text = (
      await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: bearer(await makeToken(store, null)),
      })
    ).body;
    const api = 'org="acme",service="api"';
    expect(metricSample(text, 'panorama_slo_target_ratio', api)).toBe(0.999);
    // 28 days = 40,320 minutes, 20 bad: 1 - 20/40320 = 0.999504; budget 40.32 min, 49.6% spent.
    expect(metricSample(text, 'panorama_slo_availability_ratio', api)).toBe(0.999504);
    expect(metricSample(text, 'panorama_slo_error_budget_remaining_ratio', api)).toBe(0.504);
    // Bad share over each window / 0.001: 1 h 20/60, 5 min 0, 6 h 20/360, 30 min 20/30, 3 d 20/4320.
    expect(metricSample(text, 'panorama_slo_burn_rate', `${api},window="1h"`)).toBe(333.3333);
    expect(metricSample(text, 'panorama_slo_burn_rate', `${api},window="5m"`)).toBe(0);
    expect(metricSample(text, 'panorama_slo_burn_rate', `${api},window="6h"`)).toBe(55.5556);
    expect(metricSample(text, 'panorama_slo_burn_rate', `${api},window="30m"`)).toBe(666.6667);
    expect(metricSample(text, 'panorama_slo_burn_rate', `${api},window="3d"`)).toBe(4.6296);
    // 1h/5m stopped firing once the outage ended; 6h/30m still pages; 3d/6h opens a ticket.
    expect(metricSample(text, 'panorama_slo_alert_firing', `${api},rule="1h/5m",severity="page"`)).toBe(
      0,
    );
    expect(metricSample(text, 'panorama_slo_alert_firing', `${api},rule="6h/30m",severity="page"`)).toBe(
      1,
    );
    expect(metricSample(text, 'panorama_slo_alert_firing', `${api},rule="3d/6h",severity="ticket"`)).toBe(
      1,
    );
    // web has its own SLO and no incident: all good.
    expect(metricSample(text, 'panorama_slo_availability_ratio', 'org="acme",service="web"')).toBe(1);
    expect(
      metricSample(
        text,
        'panorama_slo_alert_firing',
        'org="acme",service="web",rule="6h/30m",severity="page"',
      ),
    ).toBe(0);
  });
});
