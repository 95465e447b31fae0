import { describe, expect, it } from 'vitest';
import type { PdIncident, PdLogEntry } from './pagerduty-api-types.js';
import { findCausedBy, mapPagerdutyIncident } from './pagerduty-mapper.js';

const base: PdIncident = {
  id: 'PX1',
  type: 'incident',
  incident_number: 7,
  title: 'Queue backlog',
  created_at: '2026-01-10T08:00:00+01:00',
  status: 'resolved',
  urgency: 'low',
  priority: null,
  service: { id: 'PS1', type: 'service_reference', summary: 'Queue' },
};
const ctx = { org: 'acme', rawId: null };

describe('findCausedBy', () => {
  it('reads the last Caused-by line, in any case, without trailing punctuation', () => {
    expect(
      findCausedBy([
        { text: 'caused by: d-1', where: 'title' },
        { text: 'Timeline…\n> Caused-By: github:deployment:acme/api:9.\nthanks', where: 'note' },
      ]),
    ).toEqual({ value: 'github:deployment:acme/api:9', where: 'note' });
    expect(findCausedBy([{ text: 'not caused by anything in particular', where: 'title' }, { text: null, where: 'body' }])).toBeNull();
  });
});

describe('mapPagerdutyIncident', () => {
  it('takes the resolution from the last resolve entry and the acknowledgement from the incident when the log has none', () => {
    const logEntries: PdLogEntry[] = [
      { id: 'L1', type: 'resolve_log_entry', created_at: '2026-01-10T07:40:00Z' },
      { id: 'L2', type: 'resolve_log_entry', created_at: '2026-01-10T07:30:00Z' },
    ];
    const incident = {
      ...base,
      acknowledgements: [
        { at: '2026-01-10T07:20:00Z', acknowledger: { id: 'PU2', type: 'user_reference' } },
        { at: '2026-01-10T07:10:00Z', acknowledger: { id: 'PU1', type: 'user_reference' } },
      ],
    };
    const mapped = mapPagerdutyIncident({ incident, logEntries, notes: [] }, ctx);
    expect([mapped.startedAt, mapped.acknowledgedAt, mapped.resolvedAt]).toEqual([
      Date.parse('2026-01-10T07:00:00Z'),
      Date.parse('2026-01-10T07:10:00Z'),
      Date.parse('2026-01-10T07:40:00Z'),
    ]);
    // No priority: the urgency is the severity. No configured name: PagerDuty's service name.
    expect([mapped.severity, mapped.service, mapped.extra?.['responders']]).toEqual(['low', 'Queue', []]);
  });

  it('keeps an open incident open, and a responder once, from their first involvement', () => {
    const logEntries: PdLogEntry[] = [
      { id: 'L3', type: 'acknowledge_log_entry', created_at: '2026-01-10T07:05:00Z', agent: { id: 'PU1', type: 'user_reference', summary: 'Ana' } },
      { id: 'L4', type: 'assign_log_entry', created_at: '2026-01-10T07:01:00Z', assignees: [{ id: 'PU1', type: 'user_reference', summary: 'Ana' }] },
      { id: 'L5', type: 'resolve_log_entry', created_at: '2026-01-10T07:30:00Z', agent: { id: 'PS1', type: 'service_reference' } },
    ];
    const mapped = mapPagerdutyIncident({ incident: { ...base, status: 'acknowledged' }, logEntries, notes: [] }, { ...ctx, serviceName: 'queue' });
    expect(mapped.resolvedAt).toBeNull();
    expect(mapped.service).toBe('queue');
    expect(mapped.extra?.['responders']).toEqual([{ id: 'PU1', name: 'Ana', from: '2026-01-10T07:01:00Z', to: null }]);
  });

  it('refuses a timestamp without an offset, naming the incident', () => {
    expect(() => mapPagerdutyIncident({ incident: { ...base, created_at: '2026-01-10T08:00:00' }, logEntries: [], notes: [] }, ctx)).toThrow(
      'PagerDuty incident PX1: created_at "2026-01-10T08:00:00" is not a timestamp',
    );
  });
});
