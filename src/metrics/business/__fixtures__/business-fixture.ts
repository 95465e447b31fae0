/**
 * A hand-computed quarter for the business engine (2026-01-01 to 2026-04-01, 90 days). Every
 * figure the tests assert is worked out in the comments. @internal
 */
import type { DebtItem, UptimeSample } from '../../../domain/index.js';
import { at, deployment, incident, ORG } from '../../__fixtures__/builders.js';
import type { BusinessParams } from '../business-params.js';
import type { BusinessInput } from '../business-report.js';

export const WINDOW = { start: at('2026-01-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') };

/** 1,200 EUR/h (20 EUR/min); web carries 25% (5 EUR/min); batch earns 60 EUR/h (1 EUR/min). */
export const PARAMS: BusinessParams = {
  currency: 'EUR',
  revenuePerHour: 1200,
  revenueSource: 'revenue_per_hour',
  annualRevenue: null,
  engineeringCostPerHour: 95,
  revenueAtRisk: { SEV1: 1, SEV2: 0.25, SEV3: 0.05, default: 0.1 },
  defaultSlo: { target: 99.9, windowDays: 28 },
  services: {
    web: { revenueShare: 0.25, slo: { target: 99.5, windowDays: 28 } },
    batch: { revenuePerHour: 60 },
  },
};

export function debtItem(id: string, interest: number, principal: number, createdAt: string, resolvedAt: string | null): DebtItem {
  return {
    org: ORG, id, service: 'api', title: `Debt ${id}`, interestHoursPerMonth: interest, principalHours: principal,
    createdAt: at(createdAt), resolvedAt: resolvedAt === null ? null : at(resolvedAt), incidentIds: [], pullRequestIds: [],
    url: null, origin: { source: 'test' }, extra: null,
  };
}

export function sample(service: string, when: string, good: number, total: number): UptimeSample {
  return { org: ORG, service, at: at(when), good, total, origin: { source: 'test' } };
}

export function businessInput(): BusinessInput {
  return {
    org: ORG,
    services: ['api', 'web', 'batch'],
    incidents: [
      // 90 min x 20 x 0.25 + (1.25 h + 1.75 h) x 95 = 450 + 285 = 735. TTA 10:15 - 10:05 = 600 s.
      incident('i1', '2026-02-10T10:00:00Z', '2026-02-10T11:30:00Z', null, {
        severity: 'SEV2', title: 'Checkout errors', detectedAt: at('2026-02-10T10:05:00Z'), acknowledgedAt: at('2026-02-10T10:15:00Z'),
        extra: { responders: [
          { name: 'ana', from: '2026-02-10T10:15:00Z', to: '2026-02-10T11:30:00Z' },
          { name: 'bo', from: '2026-02-10T10:30:00Z', to: '2026-02-10T12:15:00Z' },
        ] },
      }),
      // web: 60 min x 5 x 1 + 0.5 h (estimated: ack 00:30 to 01:00) x 95 = 300 + 47.5 = 347.5. TTA 1,800 s.
      incident('i2', '2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z', null, { service: 'web', severity: 'SEV1', acknowledgedAt: at('2026-03-01T00:30:00Z') }),
      // batch, open: 280 h = 16,800 min to the window end x 1 x 0.05 ('sev3' finds SEV3) + 2 h x 95 = 840 + 190 = 1,030.
      incident('i3', '2026-03-20T08:00:00Z', null, null, { service: 'batch', severity: 'sev3', extra: { responder_hours: 2 } }),
      // api, overlapping: 20 + 20 min x 20 x 0.05 = 20 + 20; merged bad time 12:00-12:30 = 30 min.
      incident('i5', '2026-03-10T12:00:00Z', '2026-03-10T12:20:00Z', null, { severity: 'SEV3', extra: { responder_hours: 0 } }),
      incident('i6', '2026-03-10T12:10:00Z', '2026-03-10T12:30:00Z', null, { severity: 'SEV3', extra: { responder_hours: 0 } }),
      // Previous window: 30 min x 20 x 0.1 (P4 -> default) + 1 h x 95 = 60 + 95 = 155.
      incident('i4', '2025-12-20T09:00:00Z', '2025-12-20T09:30:00Z', null, { severity: 'P4', extra: { responder_hours: 1 } }),
    ],
    deployments: [
      deployment('d1', 'a1', '2026-01-05T10:00:00Z'),
      deployment('d2', 'a2', '2026-01-06T10:00:00Z', { kind: 'revert', trigger: 'incident_remediation' }),
      deployment('d3', 'a3', '2026-02-10T11:20:00Z', { trigger: 'incident_remediation' }),
      deployment('d4', 'a4', '2026-02-11T10:00:00Z', { kind: 'hotfix' }),
      deployment('d5', 'a5', '2026-02-12T10:00:00Z', { status: 'failure', originalStatus: 'failure' }),
      deployment('d6', 'a6', '2026-02-13T10:00:00Z', { environment: 'staging', originalEnvironment: 'staging' }),
      deployment('d7', 'a7', '2026-03-02T10:00:00Z'),
      deployment('d8', 'a8', '2026-03-03T10:00:00Z'),
      // Previous window: 1 of 2 unplanned.
      deployment('d0', 'a0', '2025-12-01T10:00:00Z'),
      deployment('d00', 'a00', '2025-12-02T10:00:00Z', { kind: 'rollback' }),
    ],
    // web: 1,990 good of 2,000 in its 28-day window -> 0.995, exactly its 99.5% target.
    uptimeSamples: [sample('web', '2026-03-15T00:00:00Z', 1000, 1000), sample('web', '2026-03-31T23:00:00Z', 990, 1000), sample('web', '2026-02-01T00:00:00Z', 0, 1000)],
    debtItems: [
      debtItem('debt:a', 10, 40, '2025-11-01T00:00:00Z', null),
      debtItem('debt:b', 6, 24, '2026-02-01T00:00:00Z', null),
      debtItem('debt:c', 4, 16, '2025-10-01T00:00:00Z', '2026-03-01T00:00:00Z'),
    ],
  };
}
