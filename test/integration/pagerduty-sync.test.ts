/**
 * The PagerDuty connector against a local fake of the REST API v2 (test/fakes/pagerduty-fake.ts):
 * exact incidents (MTTA/MTTR times, responders from the log entries, urgency and priority,
 * Caused-by lines), offset pagination of incidents and log entries, an incremental second run,
 * rate limits (a spent budget and a 429), a 502, a refused token, and the token never in output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPagerdutyConnector, type PagerdutyConnectorOptions } from '../../src/connectors/pagerduty/index.js';
import type { PdIncident, PdLogEntry, PdReference } from '../../src/connectors/pagerduty/pagerduty-api-types.js';
import type { SyncBatch, SyncOptions, SyncScope } from '../../src/connectors/sync-connector.js';
import type { Incident } from '../../src/domain/index.js';
import { AppError } from '../../src/shared/errors.js';
import { openStore } from '../../src/storage/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startPagerdutyFake, type PagerdutyFake, type PagerdutyFakeData } from '../fakes/pagerduty-fake.js';

const TOKEN = 'pd-secret-token-y7Qk2';
const at = (iso: string): number => Date.parse(iso);

const user = (id: string, name: string): PdReference => ({ id, type: 'user_reference', summary: name });
const ANA = user('PU1', 'Ana Lima');
const BO = user('PU2', 'Bo Chen');
const CY = user('PU3', 'Cy Diaz');
const API_SVC: PdReference = { id: 'PSVC001', type: 'service_reference', summary: 'API Gateway' };
const BILLING_SVC: PdReference = { id: 'PSVC002', type: 'service_reference', summary: 'Billing' };

function entry(id: string, type: string, createdAt: string, more: Partial<PdLogEntry> = {}): PdLogEntry {
  return { id, type, created_at: createdAt, ...more };
}

/**
 * A clock that runs at real speed (rate-limit waits are real) from the fixture's day, so that its
 * incidents stay inside a 7-day first sync whatever day the tests run on.
 */
function fixtureClock(): () => number {
  const offset = Date.now() - Date.parse('2026-11-21T00:00:00Z');
  return () => Date.now() - offset;
}

function incident(id: string, number: number, more: Partial<PdIncident> & Pick<PdIncident, 'created_at' | 'status' | 'service'>): PdIncident {
  return {
    id,
    type: 'incident',
    incident_number: number,
    title: `Incident ${number}`,
    urgency: 'high',
    priority: null,
    html_url: `https://acme.pagerduty.com/incidents/${id}`,
    ...more,
  };
}

function fixture(): PagerdutyFakeData {
  return {
    incidents: [
      incident('P1A', 101, {
        title: 'Checkout returns 500',
        created_at: '2026-11-20T10:00:00Z',
        status: 'resolved',
        resolved_at: '2026-11-20T11:00:00Z',
        service: API_SVC,
        priority: { id: 'PPRI1', type: 'priority', summary: 'P1', name: 'P1' },
      }),
      incident('P2B', 102, { created_at: '2026-11-20T10:30:00Z', status: 'acknowledged', urgency: 'low', service: BILLING_SVC }),
      incident('P3C', 103, {
        title: 'Latency',
        description: 'Spike after the deploy.\nCaused-by: 3F2A9C1D',
        created_at: '2026-11-20T12:00:00Z',
        status: 'resolved',
        service: API_SVC,
        priority: { id: 'PPRI3', type: 'priority', summary: 'P3', name: 'P3' },
      }),
    ],
    logEntries: {
      P1A: [
        entry('L1', 'trigger_log_entry', '2026-11-20T10:00:00Z', { agent: { id: 'PSVC001', type: 'service_reference' } }),
        entry('L2', 'assign_log_entry', '2026-11-20T10:00:05Z', { assignees: [ANA] }),
        entry('L3', 'acknowledge_log_entry', '2026-11-20T10:04:00Z', { agent: ANA }),
        entry('L4', 'responder_request_log_entry', '2026-11-20T10:20:00Z', {
          agent: ANA,
          responder_request_targets: [{ responder_request_target: BO }],
        }),
        entry('L5', 'acknowledge_log_entry', '2026-11-20T10:21:00Z', { agent: BO }),
        entry('L6', 'annotate_log_entry', '2026-11-20T10:50:00Z', { agent: ANA, channel: { type: 'note', summary: 'Rolled back' } }),
        entry('L7', 'resolve_log_entry', '2026-11-20T11:00:00Z', { agent: ANA }),
      ],
      P2B: [
        entry('L8', 'trigger_log_entry', '2026-11-20T10:30:00Z', { agent: { id: 'PSVC002', type: 'service_reference' } }),
        entry('L9', 'escalate_log_entry', '2026-11-20T10:45:00Z', { assignees: [CY] }),
        entry('L10', 'acknowledge_log_entry', '2026-11-20T10:50:00Z', { agent: CY }),
      ],
      P3C: [
        entry('L11', 'trigger_log_entry', '2026-11-20T12:00:00Z', { agent: { id: 'PSVC001', type: 'service_reference' } }),
        entry('L12', 'assign_log_entry', '2026-11-20T12:00:10Z', { assignees: [BO] }),
        entry('L13', 'resolve_log_entry', '2026-11-20T12:30:00Z', { agent: { id: 'PSVC001', type: 'service_reference' } }),
      ],
    },
    notes: {
      P1A: [{ id: 'N1', content: 'Rolled back the release.\nCaused-by: github:deployment:acme/api:77', created_at: '2026-11-20T10:50:00Z', user: ANA }],
    },
  };
}

const INCIDENT_A: Incident = {
  org: 'acme',
  id: 'pagerduty:incident:P1A',
  service: 'api',
  title: 'Checkout returns 500',
  startedAt: at('2026-11-20T10:00:00Z'),
  detectedAt: at('2026-11-20T10:00:00Z'),
  acknowledgedAt: at('2026-11-20T10:04:00Z'),
  resolvedAt: at('2026-11-20T11:00:00Z'),
  causedByDeploymentId: 'github:deployment:acme/api:77',
  severity: 'P1',
  inferences: [
    {
      field: 'caused_by_deployment_id',
      value: 'github:deployment:acme/api:77',
      rule: 'caused-by-line',
      detail: `PagerDuty incident #101's note of 2026-11-20T10:50:00Z says "Caused-by: github:deployment:acme/api:77"`,
    },
  ],
  url: 'https://acme.pagerduty.com/incidents/P1A',
  origin: { source: 'pagerduty', rawId: 'incidents:P1A' },
  extra: {
    incident_number: 101,
    urgency: 'high',
    priority: 'P1',
    status: 'resolved',
    pagerduty_service_id: 'PSVC001',
    responders: [
      { id: 'PU1', name: 'Ana Lima', from: '2026-11-20T10:00:05Z', to: '2026-11-20T11:00:00Z' },
      { id: 'PU2', name: 'Bo Chen', from: '2026-11-20T10:20:00Z', to: '2026-11-20T11:00:00Z' },
    ],
  },
};

const INCIDENT_B_OPEN: Incident = {
  org: 'acme',
  id: 'pagerduty:incident:P2B',
  service: 'Billing',
  title: 'Incident 102',
  startedAt: at('2026-11-20T10:30:00Z'),
  detectedAt: at('2026-11-20T10:30:00Z'),
  acknowledgedAt: at('2026-11-20T10:50:00Z'),
  resolvedAt: null,
  causedByDeploymentId: null,
  severity: 'low',
  inferences: [],
  url: 'https://acme.pagerduty.com/incidents/P2B',
  origin: { source: 'pagerduty', rawId: 'incidents:P2B' },
  extra: {
    incident_number: 102,
    urgency: 'low',
    priority: null,
    status: 'acknowledged',
    pagerduty_service_id: 'PSVC002',
    responders: [{ id: 'PU3', name: 'Cy Diaz', from: '2026-11-20T10:45:00Z', to: null }],
  },
};

const INCIDENT_C: Incident = {
  org: 'acme',
  id: 'pagerduty:incident:P3C',
  service: 'api',
  title: 'Latency',
  startedAt: at('2026-11-20T12:00:00Z'),
  detectedAt: at('2026-11-20T12:00:00Z'),
  acknowledgedAt: null,
  resolvedAt: at('2026-11-20T12:30:00Z'),
  causedByDeploymentId: null,
  severity: 'P3',
  inferences: [],
  url: 'https://acme.pagerduty.com/incidents/P3C',
  origin: { source: 'pagerduty', rawId: 'incidents:P3C' },
  extra: {
    incident_number: 103,
    urgency: 'high',
    priority: 'P3',
    status: 'resolved',
    pagerduty_service_id: 'PSVC001',
    responders: [{ id: 'PU2', name: 'Bo Chen', from: '2026-11-20T12:00:10Z', to: '2026-11-20T12:30:00Z' }],
    caused_by_commit_sha: '3f2a9c1d',
  },
};

let fake: PagerdutyFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Run {
  batches: SyncBatch[];
  cursor: unknown;
  requests: number;
  waits: Array<{ scope: string; resumeAt: number; reason: string }>;
}

async function sync(
  f: PagerdutyFake,
  scope: Partial<SyncScope> & { name: string },
  cursor: unknown,
  connectorOptions: PagerdutyConnectorOptions,
  token = TOKEN,
): Promise<Run> {
  const connector = createPagerdutyConnector({
    services: { PSVC001: 'api' },
    pageSize: 2,
    client: { rateLimitFallbackMs: 20, retryBaseMs: 5, maxRetries: 2 },
    ...connectorOptions,
  });
  const batches: SyncBatch[] = [];
  const waits: Run['waits'] = [];
  const options: SyncOptions = {
    org: 'acme',
    token,
    productionEnvironments: ['production'],
    onRateLimitWait: (w) => waits.push(w),
  };
  const result = await connector.collect({ apiUrl: f.url, ...scope }, options, cursor, {
    onRecords: (batch) => {
      batches.push(structuredClone(batch));
      return Promise.resolve();
    },
  });
  return { batches, cursor: result.cursor, requests: result.requests, waits };
}

const incidentsOf = (run: Run): Incident[] => run.batches.flatMap((b) => b.records.incidents ?? []);

describe('PagerDuty sync against a local fake', () => {
  it('maps every incident exactly, paging incidents and log entries, then syncs incrementally', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    fake.logEntriesMaxLimit = 3;
    const first = await sync(fake, { name: '*' }, undefined, { now: () => at('2026-11-21T00:00:00Z') });

    expect(incidentsOf(first)).toEqual([INCIDENT_A, INCIDENT_B_OPEN, INCIDENT_C]);
    // One batch per page of 2 incidents, each with the cursor that is true once it is stored.
    expect(first.batches.map((b) => [b.records.incidents?.map((i) => i.id), b.cursor])).toEqual([
      [['pagerduty:incident:P1A', 'pagerduty:incident:P2B'], { v: 1, since: '2026-11-20T10:30:00Z', open: ['P2B'] }],
      [['pagerduty:incident:P3C'], { v: 1, since: '2026-11-20T12:00:00Z', open: ['P2B'] }],
    ]);
    expect(first.cursor).toEqual({ v: 1, since: '2026-11-20T12:00:00Z', open: ['P2B'] });
    // Raw payloads kept for re-mapping: the incident, its log entries and notes as sent.
    expect(first.batches[0]?.raw.map((r) => `${r.entity}:${r.key}`)).toEqual([
      'incidents:P1A', 'incident_log_entries:P1A', 'incident_notes:P1A',
      'incidents:P2B', 'incident_log_entries:P2B', 'incident_notes:P2B',
    ]);
    expect((first.batches[0]?.raw[1]?.payload as PdLogEntry[]).map((e) => e.id)).toEqual(['L7', 'L6', 'L5', 'L4', 'L3', 'L2', 'L1']);

    // 365 days back in windows of 179 days: 3 list windows, the last one in 2 pages of 2.
    const lists = fake.requests.filter((r) => r.path === '/incidents');
    expect(lists.map((r) => [r.query.get('since'), r.query.get('until'), r.query.get('offset'), r.query.get('limit')])).toEqual([
      ['2025-11-21T00:00:00Z', '2026-05-19T00:00:00Z', '0', '2'],
      ['2026-05-19T00:00:00Z', '2026-11-14T00:00:00Z', '0', '2'],
      ['2026-11-14T00:00:00Z', '2026-11-21T00:00:00Z', '0', '2'],
      ['2026-11-14T00:00:00Z', '2026-11-21T00:00:00Z', '2', '2'],
    ]);
    expect(lists.every((r) => r.query.get('sort_by') === 'created_at:asc' && r.query.getAll('service_ids[]').length === 0)).toBe(true);
    // P1A's 7 log entries in pages of 3.
    expect(fake.requests.filter((r) => r.path === '/incidents/P1A/log_entries').map((r) => r.query.get('offset'))).toEqual(['0', '3', '6']);
    expect(first.requests).toBe(12);
    expect(fake.requests).toHaveLength(12);
    expect(fake.requests.every((r) => r.authorization === `Token token=${TOKEN}` && r.accept === 'application/vnd.pagerduty+json;version=2')).toBe(true);

    // Later: P2B is resolved, P4D is new.
    const p2b = fake.data.incidents[1] as PdIncident;
    Object.assign(p2b, { status: 'resolved', resolved_at: '2026-11-21T09:00:00Z' });
    fake.data.logEntries['P2B']?.push(entry('L14', 'resolve_log_entry', '2026-11-21T09:00:00Z', { agent: CY }));
    fake.data.incidents.push(incident('P4D', 104, { created_at: '2026-11-21T08:00:00Z', status: 'triggered', service: BILLING_SVC }));
    fake.requests.length = 0;

    const second = await sync(fake, { name: '*' }, first.cursor, { now: () => at('2026-11-22T00:00:00Z') });
    const b = second.batches[0]?.records.incidents?.[0];
    expect(b).toEqual({
      ...INCIDENT_B_OPEN,
      resolvedAt: at('2026-11-21T09:00:00Z'),
      extra: { ...INCIDENT_B_OPEN.extra, status: 'resolved', responders: [{ id: 'PU3', name: 'Cy Diaz', from: '2026-11-20T10:45:00Z', to: '2026-11-21T09:00:00Z' }] },
    });
    expect(incidentsOf(second).map((i) => [i.id, i.resolvedAt])).toEqual([
      ['pagerduty:incident:P2B', at('2026-11-21T09:00:00Z')],
      // The high-water mark is inclusive: the boundary incident is read again (an idempotent upsert).
      ['pagerduty:incident:P3C', at('2026-11-20T12:30:00Z')],
      ['pagerduty:incident:P4D', null],
    ]);
    expect(second.cursor).toEqual({ v: 1, since: '2026-11-21T08:00:00Z', open: ['P4D'] });
    expect(fake.requests.map((r) => r.path)).toEqual([
      // P2B has 4 log entries now: 2 pages of 3.
      '/incidents/P2B', '/incidents/P2B/log_entries', '/incidents/P2B/log_entries', '/incidents/P2B/notes',
      '/incidents',
      '/incidents/P3C/log_entries', '/incidents/P3C/notes',
      '/incidents/P4D/log_entries', '/incidents/P4D/notes',
    ]);
    expect(fake.requests[4]?.query.get('since')).toBe('2026-11-20T12:00:00Z');
    expect(second.requests).toBe(9);
  });

  it('syncs one PagerDuty service under the scope\'s service name', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const run = await sync(fake, { name: 'PSVC002', service: 'billing' }, undefined, { now: () => at('2026-11-21T00:00:00Z'), firstSyncDays: 7 });
    expect(incidentsOf(run)).toEqual([{ ...INCIDENT_B_OPEN, service: 'billing' }]);
    expect(fake.requests[0]?.query.getAll('service_ids[]')).toEqual(['PSVC002']);
  });

  it('waits for a spent rate-limit budget before the next request, as the headers say', async () => {
    fake = await startPagerdutyFake(TOKEN, { ...fixture(), incidents: [fixture().incidents[2] as PdIncident] });
    fake.remaining = 0; // the first response says the budget is spent, back in 1 s
    const now = fixtureClock();
    const started = now();
    const run = await sync(fake, { name: '*' }, undefined, { now, firstSyncDays: 7 });
    expect(run.waits).toHaveLength(1);
    expect(run.waits[0]?.reason).toBe('PagerDuty rate limit budget spent (ratelimit-remaining: 0)');
    expect(run.waits[0]?.resumeAt).toBeGreaterThanOrEqual(started + 1000);
    const [list, logs] = fake.requests;
    expect(logs!.at - list!.at).toBeGreaterThanOrEqual(990);
    expect(incidentsOf(run).map((i) => i.id)).toEqual(['pagerduty:incident:P3C']);
  });

  it('waits out a 429 for ratelimit-reset seconds once pdjs has retried it, then goes on', async () => {
    fake = await startPagerdutyFake(TOKEN, { ...fixture(), incidents: [fixture().incidents[2] as PdIncident] });
    // pdjs retries a 429 three times by itself (after rateLimitFallbackMs here); the 4th is ours.
    fake.failNext({ path: '/incidents', status: 429, times: 4, resetSeconds: 1 });
    const run = await sync(fake, { name: '*' }, undefined, { now: fixtureClock(), firstSyncDays: 7 });
    expect(run.waits.map((w) => w.reason)).toEqual(['PagerDuty rate limit (429)']);
    const lists = fake.requests.filter((r) => r.path === '/incidents');
    expect(lists).toHaveLength(5);
    expect(lists[4]!.at - lists[3]!.at).toBeGreaterThanOrEqual(990);
    expect(run.requests).toBe(7); // 5 lists, log entries, notes
    expect(incidentsOf(run).map((i) => i.id)).toEqual(['pagerduty:incident:P3C']);
  });

  it('gives up on a rate limit that never lifts with CONNECTOR_RATE_LIMITED', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    fake.failNext({ path: '/incidents', status: 429, times: 100, resetSeconds: 0 });
    const error = await sync(fake, { name: '*' }, undefined, { now: fixtureClock(), firstSyncDays: 7, client: { rateLimitFallbackMs: 1, maxRateLimitWaits: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONNECTOR_RATE_LIMITED');
    expect(fake.count('/incidents')).toBe(8); // (1 + 3 pdjs retries) x (1 + 1 wait)
  });

  it('retries a 502 with backoff and fails with CONNECTOR_REQUEST_FAILED when it persists', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    fake.failNext({ path: '/incidents/P3C/log_entries', status: 502, times: 1 });
    const run = await sync(fake, { name: 'PSVC001' }, undefined, { now: () => at('2026-11-21T00:00:00Z'), firstSyncDays: 7 });
    expect(incidentsOf(run)).toEqual([INCIDENT_A, INCIDENT_C]);
    expect(fake.count('/incidents/P3C/log_entries')).toBe(2);

    fake.failNext({ path: '/incidents', status: 502, times: 10 });
    const error = await sync(fake, { name: 'PSVC001' }, undefined, { now: () => at('2026-11-21T00:00:00Z'), firstSyncDays: 7 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CONNECTOR_REQUEST_FAILED');
    expect((error as AppError).message).toBe('PagerDuty GET /incidents for PSVC001 returned 502 after 3 attempts; try again later');
    expect((error as AppError).details).toEqual({ source: 'pagerduty', scope: 'PSVC001', status: 502, retryable: true });
  });

  it('reports a refused token without ever showing it', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const wrong = 'pd-wrong-token-Zr81';
    const error = await sync(fake, { name: '*' }, undefined, { now: fixtureClock(), firstSyncDays: 7 }, wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(e.message).toBe(
      'PagerDuty returned 401 for GET /incidents (*): Authentication failed; set PAGERDUTY_TOKEN (or sources.pagerduty.token) to a REST API key that can read incidents',
    );
    expect(fake.requests).toHaveLength(1); // a 401 is not retried
    expect(fake.requests[0]?.authorization).toBe(`Token token=${wrong}`);
    const everything = `${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e.details)}\n${String(e.cause)}`;
    expect(everything).not.toContain(wrong);
  });

  it('never puts the token in records, raw payloads or cursors', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const run = await sync(fake, { name: '*' }, undefined, { now: () => at('2026-11-21T00:00:00Z') });
    expect(run.batches).toHaveLength(2);
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  });

  it('stops between requests when aborted, and a killed sync resumes from its last stored batch', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const connector = createPagerdutyConnector({ services: { PSVC001: 'api' }, pageSize: 2, now: () => at('2026-11-21T00:00:00Z'), firstSyncDays: 7 });
    const abort = new AbortController();
    const stored: SyncBatch[] = [];
    const options: SyncOptions = { org: 'acme', token: TOKEN, productionEnvironments: [], signal: abort.signal };
    const error = await connector
      .collect({ name: '*', apiUrl: fake.url }, options, undefined, {
        onRecords: (batch) => {
          stored.push(structuredClone(batch));
          abort.abort(); // Ctrl-C once the first page is stored
          return Promise.resolve();
        },
      })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('SYNC_CANCELLED');
    expect(stored.map((b) => b.records.incidents?.map((i) => i.id))).toEqual([['pagerduty:incident:P1A', 'pagerduty:incident:P2B']]);

    const resumed = await sync(fake, { name: '*' }, stored[0]?.cursor, { now: () => at('2026-11-21T00:00:00Z') });
    // P2B was open (read again); P3C is new; P2B is also the inclusive high-water mark.
    expect(incidentsOf(resumed)).toEqual([INCIDENT_B_OPEN, INCIDENT_C]);
    expect(resumed.cursor).toEqual({ v: 1, since: '2026-11-20T12:00:00Z', open: ['P2B'] });
  });

  it('refuses a scope that is neither a service id nor *', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const error = await sync(fake, { name: 'acme/api' }, undefined, { now: Date.now }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CONNECTOR_NOT_FOUND');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('panorama sync --source pagerduty', () => {
  it('stores incidents, raw payloads and the cursor, then syncs incrementally; the token is never printed', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const cwd = tempDir();
    const db = join(cwd, 'panorama.db');
    const args = ['sync', '--source', 'pagerduty', '--repo', '*', '--api-url', fake.url, '--db', db, '--format', 'json'];
    const first = await runCli(args, { cwd, env: { PAGERDUTY_TOKEN: TOKEN } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { org: string; results: Array<Record<string, unknown>> };
    expect(report.results.map((r) => [r.scope, r.status, (r.counts as { incidents: number }).incidents, r.requests, r.incremental])).toEqual([
      ['pagerduty:*', 'ok', 3, 9, false], // 3 windows of a year, 3 x (log entries + notes)
    ]);

    const store = await openStore(db);
    try {
      const incidents = await store.listIncidents({ org: report.org });
      expect(incidents).toEqual([
        { ...INCIDENT_A, org: report.org, service: 'API Gateway' }, // no services map from the CLI: PagerDuty's name
        { ...INCIDENT_B_OPEN, org: report.org },
        { ...INCIDENT_C, org: report.org, service: 'API Gateway' },
      ]);
      const raw = await store.listRawPayloads({ org: report.org, source: 'pagerduty', entity: 'incidents' });
      expect(raw.map((r) => r.key)).toEqual(['P1A', 'P2B', 'P3C']);
      expect(await store.getSyncState(report.org, 'pagerduty:*')).toEqual({ v: 1, since: '2026-11-20T12:00:00Z', open: ['P2B'] });
    } finally {
      await store.close();
    }

    const second = await runCli(args, { cwd, env: { PAGERDUTY_TOKEN: TOKEN } });
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout) as { results: Array<Record<string, unknown>> };
    // P2B is read again (still open), and P3C (the inclusive high-water mark).
    expect(again.results.map((r) => [(r.counts as { incidents: number }).incidents, r.incremental])).toEqual([[2, true]]);
    for (const out of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(out).not.toContain(TOKEN);
  });

  it('syncs the services of sources.pagerduty.services under their Panorama names', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'panorama.config.yaml'),
      `organization: Acme\nsources:\n  pagerduty:\n    api_url: ${fake.url}\n    services:\n      PSVC001: api\n`,
    );
    const result = await runCli(['sync', '--source', 'pagerduty', '--db', join(cwd, 'p.db'), '--format', 'json'], { cwd, env: { PAGERDUTY_TOKEN: TOKEN } });
    expect(result.code).toBe(0);
    const store = await openStore(join(cwd, 'p.db'));
    try {
      expect(await store.listIncidents({ org: 'acme' })).toEqual([INCIDENT_A, INCIDENT_C]);
    } finally {
      await store.close();
    }
    expect(fake.requests.filter((r) => r.path === '/incidents').every((r) => r.query.getAll('service_ids[]').join() === 'PSVC001')).toBe(true);
  });

  it('syncs every service with sources.pagerduty.repos: ["*"], and names a bad scope by its field', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const cwd = tempDir();
    writeFileSync(join(cwd, 'panorama.config.yaml'), `organization: Acme\nsources:\n  pagerduty:\n    api_url: ${fake.url}\n    repos: ['*']\n`);
    const result = await runCli(['sync', '--source', 'pagerduty', '--db', join(cwd, 'p.db'), '--format', 'json'], { cwd, env: { PAGERDUTY_TOKEN: TOKEN } });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { results: Array<{ scope: string; counts: { incidents: number } }> }).results.map((r) => [r.scope, r.counts.incidents])).toEqual([
      ['pagerduty:*', 3],
    ]);

    writeFileSync(join(cwd, 'panorama.config.yaml'), `sources:\n  pagerduty:\n    repos: [acme/api]\n`);
    const bad = await runCli(['sync', '--source', 'pagerduty', '--db', join(cwd, 'p.db')], { cwd, env: { PAGERDUTY_TOKEN: TOKEN } });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain('sources.pagerduty.repos');
  });

  it('exits with the auth status and a clear message on a refused token', async () => {
    fake = await startPagerdutyFake(TOKEN, fixture());
    const cwd = tempDir();
    const result = await runCli(['sync', '--source', 'pagerduty', '--repo', '*', '--api-url', fake.url, '--db', join(cwd, 'p.db')], {
      cwd,
      env: { PAGERDUTY_TOKEN: 'pd-bad-token-Q1' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('CONNECTOR_AUTH_FAILED');
    expect(result.stdout + result.stderr).not.toContain('pd-bad-token-Q1');
  });
});
