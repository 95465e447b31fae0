import { describe, expect, it } from 'vitest';
import { input, options } from '../__fixtures__/builders.js';
import { INCIDENT_WEEK, incidentWeek } from '../__fixtures__/incident-week.js';
import { computeReport } from '../report.js';

describe('deployment rework rate', () => {
  it('divides incident-remediation deployments by production deployments of the window', () => {
    const rw = computeReport(incidentWeek(), options(...INCIDENT_WEEK)).dora.deployment_rework_rate;
    // rollback D3, hotfix D8 and revert D9 (which remediates D0, before the window) out of 7;
    // the failed hotfix run D5 is not a production deployment
    expect(rw.numerator).toBe(3);
    expect(rw.denominator).toBe(7);
    expect(rw.value).toBe(0.4286);
    expect(
      rw.rework_deployments.map((d) => [d.deployment_id, d.kind, d.remediates_deployment_id]),
    ).toEqual([
      ['D3', 'rollback', 'D2'],
      ['D8', 'hotfix', 'D7'],
      ['D9', 'revert', 'D0'],
    ]);
  });

  it('is null with a reason without deployments', () => {
    expect(
      computeReport(input(), options(...INCIDENT_WEEK)).dora.deployment_rework_rate,
    ).toMatchObject({
      value: null,
      reason: 'no-deployments',
    });
  });
});
