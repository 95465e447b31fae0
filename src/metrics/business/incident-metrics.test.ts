import { describe, expect, it } from 'vitest';
import { at, incident } from '../__fixtures__/builders.js';
import { incidentMetrics } from './incident-metrics.js';
import { PARAMS, WINDOW } from './__fixtures__/business-fixture.js';

describe('responder hours', () => {
  it('reads the PagerDuty mapper\'s responders ({id, name, from, to: null until resolved})', () => {
    // As src/connectors/pagerduty/pagerduty-mapper.ts writes them: `to` is the resolution, or
    // null while open (then the window end). P1 is not in the map: the default share 0.1.
    const responders = (to: string | null) => [
      { id: 'PUSER1', name: 'Ana Lima', from: '2026-03-31T22:00:00Z', to },
      { id: 'PUSER2', name: 'Bo Chen', from: '2026-03-31T23:00:00Z', to },
    ];
    const open = incident('pagerduty:incident:P1', '2026-03-31T22:00:00Z', null, null, { severity: 'P1', extra: { responders: responders(null) } });
    const s = incidentMetrics([open], PARAMS, WINDOW);
    // 2 h + 1 h to the window end (04-01 00:00); 120 min x 20 x 0.1 + 3 x 95 = 240 + 285 = 525.
    expect(s.per_incident[0]).toMatchObject({ open: true, impact_minutes: 120, responder_hours: 3, responders_estimated: false });
    expect(s.per_incident[0]?.responders.map((r) => [r.name, r.to, r.hours])).toEqual([['Ana Lima', '2026-04-01T00:00:00Z', 2], ['Bo Chen', '2026-04-01T00:00:00Z', 1]]);
    expect(s.total_cost.value).toBe(525);
  });

  it('estimates one responder from acknowledgement (else start) when there is no responder data', () => {
    const acked = incident('a', '2026-02-01T10:00:00Z', '2026-02-01T12:00:00Z', null, { acknowledgedAt: at('2026-02-01T10:45:00Z') });
    const silent = incident('b', '2026-02-02T10:00:00Z', '2026-02-02T10:30:00Z', null);
    const s = incidentMetrics([acked, silent], PARAMS, WINDOW);
    const byId = Object.fromEntries(s.per_incident.map((i) => [i.incident_id, i]));
    expect([byId['a']?.responder_hours, byId['a']?.responders_estimated]).toEqual([1.25, true]);
    expect([byId['b']?.responder_hours, byId['b']?.responders_estimated]).toEqual([0.5, true]);
  });

  it('never counts negative time: a responder who left before joining counts 0', () => {
    const odd = incident('c', '2026-02-01T10:00:00Z', '2026-02-01T11:00:00Z', null, {
      extra: { responders: [{ name: 'x', from: '2026-02-01T11:00:00Z', to: '2026-02-01T10:00:00Z' }, 'not an object'] },
    });
    expect(incidentMetrics([odd], PARAMS, WINDOW).per_incident[0]?.responder_hours).toBe(0);
  });
});
