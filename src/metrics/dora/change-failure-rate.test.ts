import { describe, expect, it } from 'vitest';
import {
  commit,
  deployment,
  incident,
  input,
  options,
  repository,
} from '../__fixtures__/builders.js';
import { INCIDENT_WEEK, incidentWeek } from '../__fixtures__/incident-week.js';
import { computeReport } from '../report.js';

describe('change failure rate', () => {
  const report = computeReport(incidentWeek(), options(...INCIDENT_WEEK));
  const cfr = report.dora.change_failure_rate;

  it('divides failed by production deployments of the window, each counted once', () => {
    // production in the window: D1 D2 D3 D4 D7 D8 D9 (D0 before; D5 failed run; D6 staging)
    // failed: D1 (caused I1 and I2), D2 (rolled back by D3), D7 (caused I3, hotfixed by D8)
    expect(cfr.denominator).toBe(7);
    expect(cfr.numerator).toBe(3);
    expect(cfr.value).toBe(0.4286); // 3 / 7 = 0.428571
    expect(cfr.level).toBe('low');
    expect(cfr.reason).toBeNull();
  });

  it('explains each failed deployment', () => {
    expect(cfr.failed_deployments).toEqual([
      {
        deployment_id: 'D1',
        service: 'api',
        finished_at: '2024-03-04T10:00:00Z',
        why: [
          { rule: 'caused_incident', incident_id: 'I1' },
          { rule: 'caused_incident', incident_id: 'I2' },
        ],
      },
      {
        deployment_id: 'D2',
        service: 'api',
        finished_at: '2024-03-05T14:00:00Z',
        why: [{ rule: 'remediated_by', deployment_id: 'D3', kind: 'rollback' }],
      },
      {
        deployment_id: 'D7',
        service: 'api',
        finished_at: '2024-03-07T09:00:00Z',
        why: [
          { rule: 'caused_incident', incident_id: 'I3' },
          { rule: 'remediated_by', deployment_id: 'D8', kind: 'hotfix' },
        ],
      },
    ]);
  });

  it('lets no failed, cancelled or staging run remediate anything (D4 is not failed)', () => {
    expect(cfr.failed_deployments.map((f) => f.deployment_id)).not.toContain('D4');
  });

  it('warns about incidents without cause and links to unknown deployments', () => {
    expect(report.warnings.map((w) => [w.code, w.examples])).toEqual([
      ['incident_unknown_deployment', ['I5']],
      ['incident_without_cause', ['I4']],
    ]);
  });

  it('counts a failure found after the window: the link counts, not the time', () => {
    const data = incidentWeek();
    data.incidents.push(incident('I9', '2024-03-12T08:00:00Z', '2024-03-12T09:00:00Z', 'D4'));
    expect(computeReport(data, options(...INCIDENT_WEEK)).dora.change_failure_rate.numerator).toBe(
      4,
    );
  });

  it('is elite at exactly 5 %', () => {
    const commits = [commit('b0', [], '2024-01-01T00:00:00Z')];
    const deployments = Array.from({ length: 20 }, (_, i) => {
      commits.push(commit(`k${i}`, [i === 0 ? 'b0' : `k${i - 1}`], '2024-03-01T00:00:00Z'));
      return deployment(
        `D${i}`,
        `k${i}`,
        `2024-03-${String(4 + (i % 7)).padStart(2, '0')}T${String(i).padStart(2, '0')}:00:00Z`,
      );
    });
    const cfr20 = computeReport(
      input({
        repositories: [repository({ baselineProductionSha: 'b0' })],
        commits,
        deployments,
        incidents: [incident('I', '2024-03-05T00:00:00Z', null, 'D3')],
      }),
      options(...INCIDENT_WEEK),
    ).dora.change_failure_rate;
    // 1 / 20 = 0.05
    expect(cfr20).toMatchObject({ numerator: 1, denominator: 20, value: 0.05, level: 'elite' });
  });

  it('is null with a reason without deployments', () => {
    expect(
      computeReport(input(), options(...INCIDENT_WEEK)).dora.change_failure_rate,
    ).toMatchObject({
      numerator: 0,
      denominator: 0,
      value: null,
      level: null,
      reason: 'no-deployments',
      failed_deployments: [],
    });
  });
});
