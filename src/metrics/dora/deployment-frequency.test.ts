import { describe, expect, it } from 'vitest';
import { commit, deployment, input, options, repository } from '../__fixtures__/builders.js';
import { computeReport } from '../report.js';

/** One commit per deployment on a chain, so every deployment ships a change. */
function deploymentsAt(times: string[], over: Parameters<typeof deployment>[3] = {}) {
  const commits = [commit('b0', [], '2024-01-01T00:00:00Z')];
  const deployments = times.map((t, i) => {
    commits.push(commit(`k${i}`, [i === 0 ? 'b0' : `k${i - 1}`], '2024-02-01T00:00:00Z'));
    return deployment(`D${i}`, `k${i}`, t, over);
  });
  return input({
    repositories: [repository({ baselineProductionSha: 'b0' })],
    commits,
    deployments,
  });
}

function frequency(data: ReturnType<typeof input>, start: string, end: string, timezone = 'UTC') {
  return computeReport(data, options(start, end, { timezone })).dora.deployment_frequency;
}

describe('deployment frequency', () => {
  it('zero-fills quiet weeks and counts them in the medians', () => {
    // 4 UTC weeks from Monday 4 March: week 1 Mon x2 + Tue, week 2 none, week 3 Wed, week 4 none
    const df = frequency(
      deploymentsAt([
        '2024-03-04T09:00:00Z',
        '2024-03-04T15:00:00Z',
        '2024-03-05T10:00:00Z',
        '2024-03-20T10:00:00Z',
      ]),
      '2024-03-04T00:00:00Z',
      '2024-04-01T00:00:00Z',
    );
    expect(df.per_week).toEqual([
      { week_start: '2024-03-04', deployments: 3, deploy_days: 2, partial: false },
      { week_start: '2024-03-11', deployments: 0, deploy_days: 0, partial: false },
      { week_start: '2024-03-18', deployments: 1, deploy_days: 1, partial: false },
      { week_start: '2024-03-25', deployments: 0, deploy_days: 0, partial: false },
    ]);
    expect(df.count).toBe(4);
    expect(df.median_deploy_days_per_week).toBe(0.5); // sorted 0, 0, 1, 2
    expect(df.median_deployments_per_week).toBe(0.5); // sorted 0, 0, 1, 3
    expect(df.mean_deployments_per_day).toBe(0.1429); // 4 / 28 = 0.142857
    expect(df.mean_deployments_per_week).toBe(1); // 7 x 4 / 28
    // median days 0.5 < 1, and 4 / (28 / 30.4375) = 4.35 >= 1
    expect(df.band).toBe('between_weekly_and_monthly');
    expect(df.level).toBe('medium');
    expect(df.deploy_days).toBe(3);
    expect(df.deployment_ids).toEqual(['D0', 'D1', 'D2', 'D3']);
  });

  it('includes the window start, excludes the window end, and flags partial edge weeks', () => {
    // Wednesday 6 March 00:00 to Friday 15 March 12:00 (9.5 days)
    const df = frequency(
      deploymentsAt([
        '2024-03-05T23:59:59Z', // before: out
        '2024-03-06T00:00:00Z', // exactly the start: in
        '2024-03-06T05:00:00Z',
        '2024-03-12T10:00:00Z',
        '2024-03-15T12:00:00Z', // exactly the end: out
      ]),
      '2024-03-06T00:00:00Z',
      '2024-03-15T12:00:00Z',
    );
    expect(df.deployment_ids).toEqual(['D1', 'D2', 'D3']);
    expect(df.per_week).toEqual([
      { week_start: '2024-03-04', deployments: 2, deploy_days: 1, partial: true },
      { week_start: '2024-03-11', deployments: 1, deploy_days: 1, partial: true },
    ]);
    expect(df.median_deploy_days_per_week).toBe(1);
    expect(df.median_deployments_per_week).toBe(1.5);
    expect(df.window_days).toBe(9.5);
    expect(df.mean_deployments_per_day).toBe(0.3158); // 3 / 9.5 = 0.315789
    expect(df.mean_deployments_per_week).toBe(2.2105); // 21 / 9.5 = 2.210526
    expect(df.band).toBe('between_daily_and_weekly');
  });

  it('ignores failed, cancelled and non-production runs', () => {
    const data = deploymentsAt(['2024-03-04T09:00:00Z']);
    data.deployments.push(
      deployment('F', 'k0', '2024-03-05T09:00:00Z', { status: 'failure' }),
      deployment('C', 'k0', '2024-03-05T09:00:00Z', { status: 'cancelled' }),
      deployment('S', 'k0', '2024-03-05T09:00:00Z', { environment: 'staging' }),
    );
    expect(frequency(data, '2024-03-04T00:00:00Z', '2024-03-11T00:00:00Z').deployment_ids).toEqual([
      'D0',
    ]);
  });

  it('counts rollbacks, reverts and hotfixes', () => {
    const data = deploymentsAt([
      '2024-03-04T09:00:00Z',
      '2024-03-05T09:00:00Z',
      '2024-03-06T09:00:00Z',
    ]);
    data.deployments[1] = {
      ...(data.deployments[1] as (typeof data.deployments)[number]),
      kind: 'revert',
    };
    data.deployments[2] = {
      ...(data.deployments[2] as (typeof data.deployments)[number]),
      kind: 'hotfix',
    };
    data.deployments.push(deployment('R', 'k0', '2024-03-07T09:00:00Z', { kind: 'rollback' }));
    expect(frequency(data, '2024-03-04T00:00:00Z', '2024-03-11T00:00:00Z').count).toBe(4);
  });

  it('reaches on_demand with a median of 5 deploy days a week', () => {
    const times = ['04', '05', '06', '07', '08', '11', '12', '13', '14', '15'].map(
      (d) => `2024-03-${d}T10:00:00Z`,
    );
    const df = frequency(deploymentsAt(times), '2024-03-04T00:00:00Z', '2024-03-18T00:00:00Z');
    expect(df).toMatchObject({ median_deploy_days_per_week: 5, band: 'on_demand', level: 'elite' });
  });

  it('buckets a DST week in Europe/Paris: 167 hours, window days not whole', () => {
    const df = frequency(
      deploymentsAt([
        '2024-03-25T00:00:00+01:00', // Monday 00:00 local = window start: in
        '2024-03-31T01:30:00+01:00', // Sunday before the jump (00:30Z)
        '2024-03-31T03:30:00+02:00', // Sunday after the jump (01:30Z): same local day
        '2024-04-01T00:00:00+02:00', // window end: out
      ]),
      '2024-03-25T00:00:00+01:00',
      '2024-04-01T00:00:00+02:00',
      'Europe/Paris',
    );
    expect(df.per_week).toEqual([
      { week_start: '2024-03-25', deployments: 3, deploy_days: 2, partial: false },
    ]);
    // window days = 167 / 24 = 6.958333; per day = 3 / 6.958333 = 72 / 167 = 0.431138;
    // per week = 7 x 72 / 167 = 504 / 167 = 3.017964
    expect(df.window_days).toBe(6.9583);
    expect(df.mean_deployments_per_day).toBe(0.4311);
    expect(df.mean_deployments_per_week).toBe(3.018);
  });

  it('buckets by the reporting time zone, whatever the offsets of the inputs', () => {
    const data = deploymentsAt([
      '2024-03-10T23:30:00-05:00', // 03-11 04:30Z
      '2024-03-11T08:00:00+09:00', // 03-10 23:00Z
      '2024-03-04T02:00:00+01:00', // 03-04 01:00Z
    ]);
    const window = ['2024-03-04T00:00:00Z', '2024-03-18T00:00:00Z'] as const;
    const weeks = (tz: string) =>
      frequency(data, ...window, tz).per_week.map((w) => [
        w.week_start,
        w.deployments,
        w.deploy_days,
        w.partial,
      ]);
    // UTC: 03-04 01:00 Mon and 03-10 23:00 Sun in week 1; 03-11 04:30 Mon in week 2
    expect(weeks('UTC')).toEqual([
      ['2024-03-04', 2, 2, false],
      ['2024-03-11', 1, 1, false],
    ]);
    // New York (EST, then EDT from 10 March): Sun 03-03 20:00 | Sun 03-10 19:00 | Mon 03-11 00:30;
    // the window starts Sun 03-03 19:00 local and ends Sun 03-17 20:00 local
    expect(weeks('America/New_York')).toEqual([
      ['2024-02-26', 1, 1, true],
      ['2024-03-04', 1, 1, false],
      ['2024-03-11', 1, 1, true],
    ]);
    // Tokyo (+09:00): Mon 03-04 10:00 | Mon 03-11 08:00 | Mon 03-11 13:30; window Mon 09:00 to Mon 09:00
    expect(weeks('Asia/Tokyo')).toEqual([
      ['2024-03-04', 1, 1, true],
      ['2024-03-11', 2, 1, false],
      ['2024-03-18', 0, 0, true],
    ]);
    expect(frequency(data, ...window, 'Asia/Tokyo').window_days).toBe(14);
  });

  it('is null with a reason, weeks still zero-filled, when nothing was deployed', () => {
    const df = frequency(input(), '2024-03-04T00:00:00Z', '2024-03-18T00:00:00Z');
    expect(df).toMatchObject({
      count: 0,
      median_deploy_days_per_week: null,
      median_deployments_per_week: null,
      mean_deployments_per_week: null,
      mean_deployments_per_day: null,
      band: null,
      level: null,
      reason: 'no-deployments',
    });
    expect(df.per_week).toHaveLength(2);
  });
});
