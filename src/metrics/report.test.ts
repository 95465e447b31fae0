import { describe, expect, it } from 'vitest';
import {
  at,
  commit,
  deployment,
  incident,
  input,
  options,
  repository,
} from './__fixtures__/builders.js';
import { INCIDENT_WEEK, incidentWeek } from './__fixtures__/incident-week.js';
import { computeReport } from './index.js';

describe('computeReport', () => {
  it('returns every metric null with a reason on empty input', () => {
    const report = computeReport(input(), options(...INCIDENT_WEEK, { service: null }));
    expect(report.services).toEqual([]);
    expect(report.scope).toBe('organization');
    const { dora } = report;
    expect([
      dora.deployment_frequency.reason,
      dora.change_lead_time.reason,
      dora.change_failure_rate.reason,
      dora.deployment_rework_rate.reason,
      dora.failed_deployment_recovery_time.reason,
      dora.time_to_restore_service.reason,
      report.flow.reason,
    ]).toEqual([
      'no-deployments',
      'no-changes',
      'no-deployments',
      'no-deployments',
      'no-failed-deployments',
      'no-incidents',
      'no-pull-requests',
    ]);
    expect([
      dora.deployment_frequency.mean_deployments_per_day,
      dora.deployment_frequency.band,
      dora.change_lead_time.median_seconds,
      dora.change_failure_rate.value,
      dora.deployment_rework_rate.value,
      dora.failed_deployment_recovery_time.median_seconds,
      dora.time_to_restore_service.median_seconds,
      report.quick_check.throughput.score,
    ]).toEqual([null, null, null, null, null, null, null, null]);
    // counts stay 0, never null
    expect(dora.deployment_frequency.count).toBe(0);
    expect(report.warnings).toEqual([]);
  });

  it('carries every field METRICS.md section 7 names', () => {
    const report = computeReport(incidentWeek(), options(...INCIDENT_WEEK));
    expect(report).toMatchObject({
      schema: 'panorama.report/v1',
      window: { start: '2024-03-04T00:00:00Z', end: '2024-03-11T00:00:00Z' },
      timezone: 'UTC',
      service: 'api',
      services: ['api'],
      generated_at: '2024-03-11T00:00:00Z',
    });
    const keys = (o: object) => Object.keys(o);
    expect(keys(report)).toEqual(
      expect.arrayContaining([
        'schema',
        'window',
        'timezone',
        'service',
        'dora',
        'flow',
        'quick_check',
        'warnings',
      ]),
    );
    const d = report.dora;
    expect(keys(d.deployment_frequency)).toEqual(
      expect.arrayContaining([
        'count',
        'per_week',
        'median_deploy_days_per_week',
        'median_deployments_per_week',
        'mean_deployments_per_week',
        'mean_deployments_per_day',
        'band',
        'level',
      ]),
    );
    expect(keys(d.deployment_frequency.per_week[0] ?? {})).toEqual(
      expect.arrayContaining(['week_start', 'deployments', 'deploy_days']),
    );
    expect(keys(d.change_lead_time)).toEqual(
      expect.arrayContaining([
        'changes',
        'median_seconds',
        'mean_seconds',
        'p75_seconds',
        'p90_seconds',
        'median_seconds_authored',
        'band',
        'level',
        'excluded',
      ]),
    );
    expect(keys(d.change_failure_rate)).toEqual(
      expect.arrayContaining(['numerator', 'denominator', 'value', 'level', 'failed_deployments']),
    );
    expect(keys(d.change_failure_rate.failed_deployments[0] ?? {})).toEqual(
      expect.arrayContaining(['deployment_id', 'why']),
    );
    expect(keys(d.deployment_rework_rate)).toEqual(
      expect.arrayContaining(['numerator', 'denominator', 'value', 'rework_deployments']),
    );
    expect(keys(d.failed_deployment_recovery_time)).toEqual(
      expect.arrayContaining([
        'failures',
        'median_seconds',
        'band',
        'level',
        'per_failed_deployment',
      ]),
    );
    expect(keys(d.time_to_restore_service)).toEqual(
      expect.arrayContaining(['incidents', 'median_seconds', 'mean_seconds']),
    );
    // plain JSON: a round trip changes nothing
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('drops the long per-record lists without evidence, keeping counts and contract lists', () => {
    const full = computeReport(incidentWeek(), options(...INCIDENT_WEEK));
    const lean = computeReport(
      incidentWeek(),
      options(...INCIDENT_WEEK, { includeEvidence: false }),
    );
    expect(lean.dora.deployment_frequency.deployment_ids).toBeUndefined();
    expect(lean.dora.change_lead_time.per_change).toBeUndefined();
    expect(lean.dora.time_to_restore_service.per_incident).toBeUndefined();
    expect(lean.flow.per_pull_request).toBeUndefined();
    expect(lean.dora.change_lead_time.excluded).toEqual(full.dora.change_lead_time.excluded);
    expect(lean.dora.change_failure_rate).toEqual(full.dora.change_failure_rate);
    expect(lean.dora.deployment_frequency.count).toBe(full.dora.deployment_frequency.count);
  });

  it('aggregates the organisation view over services and says so', () => {
    // one monorepo deployed by api and web; c2 counts only for web, c3 only for api
    const data = input({
      repositories: [repository({ name: 'acme/mono', baselineProductionSha: 'b0' })],
      commits: [
        commit('b0', [], '2024-03-01T00:00:00Z', { repository: 'acme/mono' }),
        commit('c1', ['b0'], '2024-03-04T08:00:00Z', { repository: 'acme/mono' }),
        commit('c2', ['c1'], '2024-03-04T09:00:00Z', {
          repository: 'acme/mono',
          services: ['web'],
        }),
        commit('c3', ['c2'], '2024-03-04T10:00:00Z', {
          repository: 'acme/mono',
          services: ['api'],
        }),
      ],
      deployments: [
        deployment('A1', 'c3', '2024-03-04T12:00:00Z', { repository: 'acme/mono' }),
        deployment('W1', 'c3', '2024-03-04T13:00:00Z', { repository: 'acme/mono', service: 'web' }),
      ],
    });
    const org = computeReport(data, options(...INCIDENT_WEEK, { service: null }));
    expect(org.services).toEqual(['api', 'web']);
    // api: c1 14,400 s, c3 7,200 s; web: c1 18,000 s, c2 14,400 s -> sorted 7,200, 14,400, 14,400, 18,000
    expect(org.dora.change_lead_time.per_change?.map((c) => [c.service, c.sha, c.seconds])).toEqual(
      [
        ['api', 'c1', 14_400],
        ['api', 'c3', 7_200],
        ['web', 'c1', 18_000],
        ['web', 'c2', 14_400],
      ],
    );
    expect(org.dora.change_lead_time.median_seconds).toBe(14_400);
    // both deployments on the same local day: 2 deployments, 1 deploy day
    expect(org.dora.deployment_frequency.per_week[0]).toMatchObject({
      deployments: 2,
      deploy_days: 1,
    });
    const api = computeReport(data, options(...INCIDENT_WEEK));
    expect(api.scope).toBe('service');
    expect(api.dora.change_lead_time.median_seconds).toBe(10_800); // (7,200 + 14,400) / 2
  });

  it('rejects an empty window and an unknown time zone', () => {
    expect(() =>
      computeReport(input(), options('2024-03-04T00:00:00Z', '2024-03-04T00:00:00Z')),
    ).toThrow(expect.objectContaining({ code: 'REPORT_BAD_WINDOW' }));
    expect(() =>
      computeReport(input(), options(...INCIDENT_WEEK, { timezone: 'Europe/Atlantis' })),
    ).toThrow(expect.objectContaining({ code: 'REPORT_BAD_TIMEZONE' }));
  });

  it('lets earlier deployments change the window through ancestry and the baseline', () => {
    const commits = [
      commit('u0', [], '2024-02-20T00:00:00Z'),
      commit('u1', ['u0'], '2024-03-01T00:00:00Z'),
      commit('u2', ['u1'], '2024-03-05T00:00:00Z'),
    ];
    const inWindow = deployment('D2', 'u2', '2024-03-06T00:00:00Z');
    // alone, D2 is the first observed deployment: all three changes have an unknown start
    const alone = computeReport(
      input({ commits, deployments: [inWindow] }),
      options(...INCIDENT_WEEK),
    ).dora.change_lead_time;
    expect(alone).toMatchObject({ changes: 0, excluded_counts: { unknown_start: 3 } });
    // an earlier deployment of u1 takes the unknown start (and u0, u1) out of the window
    const earlier = computeReport(
      input({ commits, deployments: [deployment('D1', 'u1', '2024-03-02T00:00:00Z'), inWindow] }),
      options(...INCIDENT_WEEK),
    ).dora.change_lead_time;
    expect(earlier).toMatchObject({
      changes: 1,
      median_seconds: 86_400,
      excluded_counts: { unknown_start: 0, deployed_before_window: 2 },
    });
    // a baseline at u0 instead: u1 and u2 count (5 days + 1 day -> median 3 days)
    const baseline = computeReport(
      input({
        repositories: [repository({ baselineProductionSha: 'u0' })],
        commits,
        deployments: [inWindow],
      }),
      options(...INCIDENT_WEEK),
    ).dora.change_lead_time;
    expect(baseline).toMatchObject({ changes: 2, median_seconds: 259_200 });
  });

  it('warns about data it cannot trust, with stable codes and sorted examples', () => {
    const data = incidentWeek();
    data.repositories = [
      repository({ baselineProductionSha: 'b0' }),
      repository({ name: 'acme/lib', baselineProductionSha: 'gone' }),
    ];
    data.deployments.push(
      deployment('R1', 'k6', '2024-03-09T09:00:00Z'), // redeploys k6: no new change
      deployment('R2', 'k6', '2024-03-09T10:00:00Z', { kind: 'rollback' }), // rollbacks are expected to ship nothing
      deployment('X1', 'nope', '2024-03-09T11:00:00Z'), // commit not in the data
      deployment('L1', 'gone', '2024-03-09T12:00:00Z', { repository: 'acme/lib' }),
      deployment('H1', 'k6', '2024-03-09T13:00:00Z', { remediatesDeploymentId: 'D-none' }),
    );
    data.incidents.push(incident('I7', '2024-03-06T12:00:00Z', '2024-03-06T13:00:00Z', 'D5'));
    const codes = computeReport(data, options(...INCIDENT_WEEK)).warnings.map((w) => [
      w.code,
      w.count,
      w.examples,
    ]);
    expect(codes).toEqual([
      ['baseline_not_found', 1, ['acme/lib']],
      ['deployment_commit_not_found', 2, ['L1', 'X1']],
      ['deployment_without_new_change', 2, ['H1', 'R1']],
      ['incident_cause_not_production', 1, ['I7']],
      ['incident_unknown_deployment', 1, ['I5']],
      ['incident_without_cause', 1, ['I4']],
      ['remediates_unknown_deployment', 1, ['H1']],
    ]);
  });

  it('gives the same report whatever the order of the records', () => {
    const data = incidentWeek();
    const reversed = {
      ...data,
      commits: [...data.commits].reverse(),
      deployments: [...data.deployments].reverse(),
      incidents: [...data.incidents].reverse(),
    };
    expect(computeReport(reversed, options(...INCIDENT_WEEK))).toEqual(
      computeReport(data, options(...INCIDENT_WEEK)),
    );
  });

  it('reads the clock only from options.now', () => {
    const report = computeReport(
      input(),
      options(...INCIDENT_WEEK, { now: at('2030-01-01T00:00:00Z') }),
    );
    expect(report.generated_at).toBe('2030-01-01T00:00:00Z');
  });
});
