/**
 * Property tests (fast-check) of the business engine on random incidents: availability stays in
 * [0, 1] and never rises when an incident is added; order changes nothing; the total cost is the
 * sum of the incident costs; a burn-rate alert never fires on a window with less bad time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../domain/index.js';
import { at, incident } from '../__fixtures__/builders.js';
import { serviceAvailability } from './availability.js';
import { evaluateBurnRateAlerts } from './burn-rate-alerts.js';
import { incidentMetrics } from './incident-metrics.js';
import { PARAMS } from './__fixtures__/business-fixture.js';

const START = at('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const W = { start: START, end: START + 28 * DAY };

const incidentArb = fc.record({
  offset: fc.integer({ min: -3 * DAY, max: 30 * DAY }),
  length: fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: null }),
  severity: fc.constantFrom('SEV1', 'SEV2', 'SEV3', 'P4', null),
});

function build(list: Array<{ offset: number; length: number | null; severity: string | null }>): Incident[] {
  return list.map((x, i) =>
    incident(`i${i}`, new Date(START + x.offset).toISOString(), x.length === null ? null : new Date(START + x.offset + x.length).toISOString(), null, { severity: x.severity }),
  );
}

describe('business engine properties', () => {
  it('availability stays in [0, 1], ignores order and never rises with one more incident', () => {
    fc.assert(
      fc.property(fc.array(incidentArb, { maxLength: 12 }), incidentArb, (list, extra) => {
        const incidents = build(list);
        const a = serviceAvailability('api', incidents, [], W, 99.9);
        expect(a.availability).not.toBeNull();
        expect(a.availability as number).toBeGreaterThanOrEqual(0);
        expect(a.availability as number).toBeLessThanOrEqual(1);
        expect(serviceAvailability('api', [...incidents].reverse(), [], W, 99.9)).toEqual(a);
        const more = serviceAvailability('api', build([...list, extra]), [], W, 99.9);
        expect(more.availability as number).toBeLessThanOrEqual(a.availability as number);
      }),
    );
  });

  it('the total cost is the sum of the rounded incident costs, and the pieces are non-negative', () => {
    fc.assert(
      fc.property(fc.array(incidentArb, { maxLength: 12 }), (list) => {
        const s = incidentMetrics(build(list), PARAMS, W);
        const sum = s.per_incident.reduce((t, i) => t + (i.cost.value as number), 0);
        expect(s.total_cost.value).toBeCloseTo(sum, 6);
        for (const i of s.per_incident) expect(i.cost.value as number).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('an alert that fires keeps firing when an incident is added', () => {
    fc.assert(
      fc.property(fc.array(incidentArb, { maxLength: 8 }), incidentArb, fc.integer({ min: 0, max: 28 * DAY }), (list, extra, t) => {
        const now = START + t;
        const before = evaluateBurnRateAlerts('api', 99.9, build(list), [], now);
        const after = evaluateBurnRateAlerts('api', 99.9, build([...list, extra]), [], now);
        before.alerts.forEach((a, i) => {
          if (a.firing) expect(after.alerts[i]?.firing).toBe(true);
        });
      }),
    );
  });
});
