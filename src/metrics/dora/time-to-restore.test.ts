import { describe, expect, it } from 'vitest';
import { incident, input, options } from '../__fixtures__/builders.js';
import { INCIDENT_WEEK, incidentWeek } from '../__fixtures__/incident-week.js';
import { computeReport } from '../report.js';

describe('time to restore service (legacy)', () => {
  it('covers every incident resolved in the window, linked or not, open ones left out', () => {
    const ttr = computeReport(incidentWeek(), options(...INCIDENT_WEEK)).dora
      .time_to_restore_service;
    // I6 (blames D0, before the window) started 03-01 11:00, resolved 03-04 01:00: 223,200 s;
    // I1 2,400 s; I2 4,200 s; I4 (no cause) 3,600 s; I5 (unknown deployment) 600 s; I3 is open
    expect(ttr.per_incident?.map((i) => [i.incident_id, i.seconds])).toEqual([
      ['I6', 223_200],
      ['I1', 2_400],
      ['I2', 4_200],
      ['I4', 3_600],
      ['I5', 600],
    ]);
    // sorted 600, 2,400, 3,600, 4,200, 223,200: median 3,600; mean 234,000 / 5 = 46,800
    expect(ttr).toMatchObject({
      incidents: 5,
      median_seconds: 3_600,
      mean_seconds: 46_800,
      reason: null,
    });
  });

  it("keeps only the scope's incidents", () => {
    const data = incidentWeek();
    data.incidents.push(
      incident('W1', '2024-03-05T00:00:00Z', '2024-03-05T01:00:00Z', null, { service: 'web' }),
    );
    expect(
      computeReport(data, options(...INCIDENT_WEEK)).dora.time_to_restore_service.incidents,
    ).toBe(5);
    expect(
      computeReport(data, options(...INCIDENT_WEEK, { service: 'web' })).dora
        .time_to_restore_service.incidents,
    ).toBe(1);
    expect(
      computeReport(data, options(...INCIDENT_WEEK, { service: null })).dora.time_to_restore_service
        .incidents,
    ).toBe(6);
  });

  it('is null with a reason without resolved incidents', () => {
    expect(
      computeReport(input(), options(...INCIDENT_WEEK)).dora.time_to_restore_service,
    ).toMatchObject({
      incidents: 0,
      median_seconds: null,
      mean_seconds: null,
      reason: 'no-incidents',
    });
  });
});
