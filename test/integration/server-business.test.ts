/**
 * GET /api/v1/orgs/:org/business on a real SQLite store: the board page priced with the
 * server's `business` config. Incidents with known times, severities and responders give
 * hand-computed money (impact minutes x revenue per minute x share at risk + responder hours x
 * engineering cost per hour); another organisation is a 404, a bad window a 400, and the cached
 * page is recomputed after a write.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/commands/serve-command.js';
import type { CliIo } from '../../src/cli/io.js';
import type { BusinessConfig } from '../../src/config/business-schema.js';
import type { Incident } from '../../src/domain/index.js';
import type { BusinessAnswer } from '../../src/server/board-cache.js';
import { openStore } from '../../src/storage/index.js';
import type { BusinessAnswer as DashboardAnswer } from '../../src/web/api-client/business-types.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, Capture, makeToken, seed, testApp } from './server-fixtures.js';

const at = (iso: string) => Date.parse(iso);

/** 1,200 EUR/h = 20 EUR/min for the organisation; checkout earns 600 EUR/h = 10 EUR/min. */
const BUSINESS: BusinessConfig = {
  currency: 'EUR',
  revenue_per_hour: 1200,
  engineering_cost_per_hour: 95,
  revenue_at_risk: { SEV1: 1, SEV2: 0.25, default: 0.1 },
  slo: { target: 99.9, window_days: 28 },
  services: { checkout: { revenue_per_hour: 600 } },
};

function incident(id: string, fields: Partial<Incident> & Pick<Incident, 'service' | 'startedAt' | 'resolvedAt'>): Incident {
  return {
    org: 'alpha', id, title: null, detectedAt: null, acknowledgedAt: null, causedByDeploymentId: null, severity: null,
    inferences: [], url: null, origin: { source: 'import', rawId: null }, extra: null, ...fields,
  };
}

/**
 * Alpha's incidents (inc-0 and inc-1 replace the fixture's two):
 * - inc-0 api, no severity (default 0.1), 120 min, no responder data: one responder for 2 h
 *   -> 120 x 20 x 0.1 + 2 x 95 = 240 + 190 = 430
 * - inc-1 api, SEV1 (1.0), 30 min, responder_hours 1.5 -> 30 x 20 x 1 + 1.5 x 95 = 600 + 142.5 = 742.5
 * - inc-2 checkout, SEV2 (0.25), 45 min, responders 39 min + 30 min = 1.15 h
 *   -> 45 x 10 x 0.25 + 1.15 x 95 = 112.5 + 109.25 = 221.75
 * - inc-3 api, SEV2, 60 min on 2026-02-20 (the previous window), responder_hours 1
 *   -> 60 x 20 x 0.25 + 1 x 95 = 300 + 95 = 395
 */
const INCIDENTS: Incident[] = [
  incident('inc-0', { service: 'api', startedAt: at('2026-03-02T15:00:00Z'), resolvedAt: at('2026-03-02T17:00:00Z') }),
  incident('inc-1', {
    service: 'api', severity: 'SEV1', startedAt: at('2026-03-03T15:00:00Z'), acknowledgedAt: at('2026-03-03T15:05:00Z'),
    resolvedAt: at('2026-03-03T15:30:00Z'), extra: { responder_hours: 1.5 },
  }),
  incident('inc-2', {
    service: 'checkout', severity: 'SEV2', title: 'Checkout timeouts', startedAt: at('2026-03-10T08:00:00Z'),
    detectedAt: at('2026-03-10T08:02:00Z'), acknowledgedAt: at('2026-03-10T08:06:00Z'), resolvedAt: at('2026-03-10T08:45:00Z'),
    extra: { responders: [
      { name: 'ana', from: '2026-03-10T08:06:00Z', to: '2026-03-10T08:45:00Z' },
      { name: 'ben', from: '2026-03-10T08:15:00Z', to: '2026-03-10T08:45:00Z' },
    ] },
  }),
  incident('inc-3', {
    service: 'api', severity: 'SEV2', startedAt: at('2026-02-20T10:00:00Z'), resolvedAt: at('2026-02-20T11:00:00Z'),
    extra: { responder_hours: 1 },
  }),
];

const store = await openStore(join(tempDir('panorama-business-'), 'p.db'));
await seed(store);
await store.upsertIncidents(INCIDENTS);
const alpha = bearer(await makeToken(store, 'alpha', 'viewer'));
const { app } = await testApp(store, { business: BUSINESS });
const { app: plain } = await testApp(store);

afterAll(async () => {
  await app.close();
  await plain.close();
  await store.close();
});

// 15 days: the previous window is 2026-02-14 to 2026-03-01.
const URL = '/api/v1/orgs/alpha/business?since=2026-03-01&until=2026-03-16';

async function business(url = URL, server = app): Promise<BusinessAnswer> {
  const r = await server.inject({ method: 'GET', url, headers: alpha });
  expect(r.statusCode).toBe(200);
  return r.json<BusinessAnswer>();
}

describe('GET /api/v1/orgs/:org/business', () => {
  it('prices every incident with its formula and inputs, and adds them up', async () => {
    // The dashboard restates the answer's types (web/ may not import reporting/): they must accept it.
    const answer: DashboardAnswer = await business();
    const { page, configured } = answer;
    expect(configured).toEqual({ revenue: true, engineering_cost: true, slo: true });
    const inc = page.business.incidents;
    expect(page.window).toEqual({ start: '2026-03-01T00:00:00Z', end: '2026-03-16T00:00:00Z', days: 15 });
    expect(inc.incidents).toBe(3);
    expect(inc.impact_minutes).toBe(195);
    expect(inc.responder_hours).toBe(4.65);
    expect(inc.per_incident.map((i) => [i.incident_id, i.cost.value])).toEqual([
      ['inc-1', 742.5],
      ['inc-0', 430],
      ['inc-2', 221.75],
    ]);
    expect(inc.total_cost).toMatchObject({
      value: 1394.25,
      currency: 'EUR',
      formula: 'sum of the incident costs',
      calculation: '742.5 + 430 + 221.75 = 1394.25 EUR',
      reason: null,
    });
    const checkout = inc.per_incident.find((i) => i.incident_id === 'inc-2');
    expect(checkout?.cost.formula).toBe('impact_minutes x revenue_per_minute x share_at_risk + responder_hours x engineering_cost_per_hour');
    expect(checkout?.cost.calculation).toBe('45 min x 10 EUR/min x 0.25 + 1.15 h x 95 EUR/h = 221.75 EUR');
    expect(checkout?.cost.inputs).toMatchObject({
      impact_minutes: 45, revenue_per_hour: 600, revenue_per_minute: 10, revenue_source: 'service_revenue_per_hour',
      severity: 'SEV2', share_at_risk: 0.25, responder_hours: 1.15, engineering_cost_per_hour: 95,
    });
    // MTTA from detection (08:02 -> 08:06) and from the start (15:00 -> 15:05): (240 + 300) / 2.
    expect(inc.mtta_seconds).toBe(270);
    expect(page.business.incidents_previous.total_cost.value).toBe(395);
  });

  it('measures availability against the SLO and says so in the narrative, with the evidence', async () => {
    const { page, view } = await business();
    const api = page.business.availability.find((a) => a.service === 'api');
    // 28 days to 2026-03-16 = 40,320 min; bad 120 + 30 + 60 (inc-3, 2026-02-20) = 210 min.
    expect(api?.current.availability).toBe(0.994792);
    expect(api?.current.slo_target).toBe(99.9);
    expect(api?.current.slo_met).toBe(false);
    const cost = page.narrative.find((c) => c.rule === 'incident-cost');
    expect(cost?.text).toBe(
      'Incidents cost an estimated €1,394.25 in these 15 days (3 incidents, 195 minutes of customer impact), ' +
        'up from €395.00 the 15 days before; the costliest, inc-1, cost €742.50.',
    );
    expect(cost?.evidence).toMatchObject({ metric: 'incidents.total_cost', previous: 395, current: 1394.25, record_ids: ['inc-1', 'inc-0', 'inc-2'] });
    expect(page.narrative.some((c) => c.rule === 'slo-missed' && c.text.startsWith('api missed its 99.9% SLO'))).toBe(true);
    // The view: the same tiles and claims as the board report, each claim with its evidence anchor.
    expect(view.tiles[0]).toMatchObject({ label: 'Incident cost in these 15 days', value: '€1,394.25' });
    const i = page.narrative.indexOf(cost!);
    expect(view.claims[i]?.evidence).toBe(`org-alpha-claim-${i + 1}`);
    expect(view.evidence.map((e) => e.anchor)).toContain(`org-alpha-claim-${i + 1}`);
  });

  it('without business parameters says which are missing and prices nothing', async () => {
    const { page, configured } = await business(URL, plain);
    expect(configured).toEqual({ revenue: false, engineering_cost: false, slo: false });
    expect(page.business.incidents.total_cost).toMatchObject({ value: null, reason: 'no-revenue-configured' });
    expect(page.business.incidents.per_incident[0]?.cost.inputs['impact_minutes']).toBeTypeOf('number');
  });

  it("never prices another client's incidents with the config organisation's revenue", async () => {
    // A server for several clients, its config Acme's (alpha here): bravo shares only the
    // settings that are not one company's (currency, engineering cost, shares at risk, SLO).
    const { app: shared } = await testApp(store, { business: BUSINESS, businessOrg: 'alpha' });
    try {
      const all = bearer(await makeToken(store, null, 'viewer'));
      const get = async (org: string) => {
        const r = await shared.inject({ method: 'GET', url: `/api/v1/orgs/${org}/business?since=2026-03-01&until=2026-03-16`, headers: all });
        expect(r.statusCode).toBe(200);
        return r.json<BusinessAnswer>();
      };
      expect((await get('alpha')).configured.revenue).toBe(true);
      const bravo = await get('bravo');
      expect(bravo.configured.revenue).toBe(false);
      expect(bravo.page.business.parameters.revenue_per_hour).toBeNull();
    } finally {
      await shared.close();
    }
  });

  it('answers another organisation as one that does not exist, and a bad window with 400', async () => {
    for (const org of ['bravo', 'nobody']) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/orgs/${org}/business`, headers: alpha });
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('API_NOT_FOUND');
    }
    const reversed = await app.inject({ method: 'GET', url: '/api/v1/orgs/alpha/business?since=2026-03-16&until=2026-03-01', headers: alpha });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('REPORT_BAD_WINDOW');
    const garbage = await app.inject({ method: 'GET', url: '/api/v1/orgs/alpha/business?since=last-tuesday', headers: alpha });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error.message).toContain('last-tuesday');
    const zone = await app.inject({ method: 'GET', url: `${URL}&timezone=Mars/Olympus`, headers: alpha });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.code).toBe('REPORT_BAD_TIMEZONE');
    expect((await app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
  });

  it('serves the cached page until a write, then recomputes; gzipped on request', async () => {
    const first = await app.inject({ method: 'GET', url: URL, headers: alpha });
    const again = await app.inject({ method: 'GET', url: URL, headers: alpha });
    expect(again.body).toBe(first.body);
    const zipped = await app.inject({ method: 'GET', url: URL, headers: { ...alpha, 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(first.body);
    // A 10-minute SEV1 with 0.5 responder hours: 10 x 20 x 1 + 0.5 x 95 = 247.5 more.
    await store.upsertIncidents([incident('inc-4', {
      service: 'api', severity: 'SEV1', startedAt: at('2026-03-12T09:00:00Z'), resolvedAt: at('2026-03-12T09:10:00Z'), extra: { responder_hours: 0.5 },
    })]);
    const after = await business();
    expect(after.page.business.incidents.total_cost.value).toBe(1641.75);
  });
});

describe('panorama serve', () => {
  it('prices with the business section of its config file', async () => {
    const dir = tempDir('panorama-business-serve-');
    const db = join(dir, 'p.db');
    const seeded = await openStore(db);
    await seed(seeded);
    await seeded.upsertIncidents(INCIDENTS);
    const token = await makeToken(seeded, 'alpha', 'viewer');
    await seeded.close();
    const config = join(dir, 'panorama.config.yaml');
    writeFileSync(config, [
      'organization: alpha',
      'business:',
      '  revenue_per_hour: 1200',
      '  engineering_cost_per_hour: 95',
      '  revenue_at_risk: { SEV1: 1, SEV2: 0.25, default: 0.1 }',
      '  services: { checkout: { revenue_per_hour: 600 } }',
      '',
    ].join('\n'));
    const io: CliIo = { stdout: new Capture(), stderr: new Capture(), env: { NO_COLOR: '1' }, cwd: dir, now: () => Date.now() };
    const server = await startServer({ db, config, port: '0', login: false, logLevel: 'silent' }, io);
    try {
      const r = await fetch(`${server.url}${URL}`, { headers: bearer(token) });
      expect(r.status).toBe(200);
      const { page, configured } = (await r.json()) as BusinessAnswer;
      expect(configured).toEqual({ revenue: true, engineering_cost: true, slo: false });
      expect(page.business.incidents.total_cost.value).toBe(1394.25);
    } finally {
      await server.stop();
    }
  });
});
