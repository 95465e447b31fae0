import { describe, expect, it } from 'vitest';
import { options } from '../__fixtures__/builders.js';
import { incidentWeek } from '../__fixtures__/incident-week.js';
import { computeReport } from '../report.js';

describe('DORA metrics per week', () => {
  // The incident week (Mon 4 March 2024) and the empty week after it.
  const dora = computeReport(incidentWeek(), options('2024-03-04T00:00:00Z', '2024-03-18T00:00:00Z')).dora;

  it('computes each week as the window is computed, over what the week holds', () => {
    // Production deployments of week 1: D1, D2, D3, D4, D7, D8, D9 (D5 failed, D6 staging).
    // Failed: D1 (incidents), D2 (rolled back), D7 (hotfixed) = 3 / 7.
    expect(dora.change_failure_rate.per_week).toEqual([
      { week_start: '2024-03-04', deployments: 7, failed: 3, value: 0.4286, partial: false },
      { week_start: '2024-03-11', deployments: 0, failed: 0, value: null, partial: false },
    ]);
    // Rework: D3 (rollback), D8 (hotfix), D9 (revert) = 3 / 7.
    expect(dora.deployment_rework_rate.per_week).toEqual([
      { week_start: '2024-03-04', deployments: 7, rework: 3, value: 0.4286, partial: false },
      { week_start: '2024-03-11', deployments: 0, rework: 0, value: null, partial: false },
    ]);
    // Recovered: D1 in 5,400 s and D2 in 1,200 s: median 3,300 (D7 is still open).
    expect(dora.failed_deployment_recovery_time.per_week).toEqual([
      { week_start: '2024-03-04', recovered: 2, median_seconds: 3_300, partial: false },
      { week_start: '2024-03-11', recovered: 0, median_seconds: null, partial: false },
    ]);
    // k1..k6 first deployed in week 1, one hour after their commit but k5 (30 minutes).
    expect(dora.change_lead_time.per_week).toEqual([
      { week_start: '2024-03-04', changes: 6, median_seconds: 3_600, partial: false },
      { week_start: '2024-03-11', changes: 0, median_seconds: null, partial: false },
    ]);
  });

  it('adds up to the window figures', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(dora.change_failure_rate.per_week.map((w) => w.failed))).toBe(dora.change_failure_rate.numerator);
    expect(sum(dora.change_failure_rate.per_week.map((w) => w.deployments))).toBe(dora.change_failure_rate.denominator);
    expect(sum(dora.change_lead_time.per_week.map((w) => w.changes))).toBe(dora.change_lead_time.changes);
    expect(sum(dora.failed_deployment_recovery_time.per_week.map((w) => w.recovered))).toBe(
      dora.failed_deployment_recovery_time.recovered,
    );
  });
});
