import { describe, expect, it } from 'vitest';
import { incident, input, options } from '../__fixtures__/builders.js';
import { INCIDENT_WEEK, incidentWeek } from '../__fixtures__/incident-week.js';
import { computeReport } from '../report.js';

describe('failed deployment recovery time', () => {
  const rec = computeReport(incidentWeek(), options(...INCIDENT_WEEK)).dora
    .failed_deployment_recovery_time;

  it('restores at the latest linked incident resolution, else at the first remediation', () => {
    expect(rec.per_failed_deployment).toEqual([
      {
        // D1 10:00; I1 resolved 10:45, I2 11:30 -> 5,400 s; from I1's start 10:05 -> 5,100 s
        deployment_id: 'D1',
        service: 'api',
        finished_at: '2024-03-04T10:00:00Z',
        restored_at: '2024-03-04T11:30:00Z',
        seconds: 5_400,
        seconds_from_incident_start: 5_100,
        incident_ids: ['I1', 'I2'],
        restored_by: { rule: 'incidents_resolved', incident_id: 'I2' },
      },
      {
        // D2 14:00, rolled back by D3 at 14:20 -> 1,200 s
        deployment_id: 'D2',
        service: 'api',
        finished_at: '2024-03-05T14:00:00Z',
        restored_at: '2024-03-05T14:20:00Z',
        seconds: 1_200,
        seconds_from_incident_start: null,
        incident_ids: [],
        restored_by: { rule: 'remediated_by', deployment_id: 'D3' },
      },
    ]);
  });

  it('lists a failed deployment with an open incident as unrecovered, even when remediated', () => {
    expect(rec.unrecovered).toEqual([
      {
        deployment_id: 'D7',
        service: 'api',
        finished_at: '2024-03-07T09:00:00Z',
        open_incident_ids: ['I3'],
        remediated_by: 'D8',
      },
    ]);
  });

  it('takes the median over the recovered ones', () => {
    expect(rec.failures).toBe(3);
    expect(rec.recovered).toBe(2);
    expect(rec.median_seconds).toBe(3_300); // (1,200 + 5,400) / 2
    expect(rec.median_seconds_from_incident_start).toBe(5_100); // D1 only has an incident
    expect(rec.band).toBe('<1h');
    expect(rec.level).toBe('elite');
    expect(rec.reason).toBeNull();
  });

  it('counts a restoration after the window', () => {
    const data = incidentWeek();
    // D7's incident I3 gets resolved a week later: 2024-03-07 09:00 -> 03-14 09:00 = 604,800 s
    data.incidents = data.incidents.map((i) =>
      i.id === 'I3' ? { ...i, resolvedAt: Date.parse('2024-03-14T09:00:00Z') } : i,
    );
    const r = computeReport(data, options(...INCIDENT_WEEK)).dora.failed_deployment_recovery_time;
    expect(r.unrecovered).toEqual([]);
    // sorted 1,200, 5,400, 604,800 -> 5,400 (band 1h-1d, level high)
    expect(r.median_seconds).toBe(5_400);
    expect(r).toMatchObject({ band: '1h-1d', level: 'high' });
  });

  it('says why it is null: no failed deployment, or none recovered', () => {
    expect(
      computeReport(input(), options(...INCIDENT_WEEK)).dora.failed_deployment_recovery_time,
    ).toMatchObject({
      failures: 0,
      median_seconds: null,
      band: null,
      level: null,
      reason: 'no-failed-deployments',
    });
    const data = incidentWeek();
    data.deployments = data.deployments.filter((d) => d.id !== 'D3');
    data.incidents = data.incidents.map((i) =>
      i.causedByDeploymentId === 'D1' ? { ...i, resolvedAt: null } : i,
    );
    expect(
      computeReport(data, options(...INCIDENT_WEEK)).dora.failed_deployment_recovery_time,
    ).toMatchObject({
      failures: 2,
      recovered: 0,
      median_seconds: null,
      reason: 'no-recovered-failures',
    });
  });

  it('keeps a negative recovery (incident resolved before the deployment finished) and warns', () => {
    const data = incidentWeek();
    data.incidents.push(incident('I0', '2024-03-06T08:00:00Z', '2024-03-06T08:30:00Z', 'D4'));
    const report = computeReport(data, options(...INCIDENT_WEEK));
    const d4 = report.dora.failed_deployment_recovery_time.per_failed_deployment.find(
      (r) => r.deployment_id === 'D4',
    );
    expect(d4?.seconds).toBe(-1_800); // 09:00 -> 08:30
    expect(report.warnings.find((w) => w.code === 'negative_recovery_time')?.examples).toEqual([
      'D4',
    ]);
  });
});
