/**
 * Property tests (fast-check) of the whole engine on random histories: merges, several services,
 * every environment, status, kind and trigger, links to earlier and unknown deployments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Commit, Deployment, Incident } from '../domain/index.js';
import { at, commit, deployment, incident, input, repository } from './__fixtures__/builders.js';
import type { Report } from './report-types.js';
import type { ReportInput, ReportOptions } from './report.js';
import { computeReport } from './report.js';

const START = at('2024-03-04T00:00:00Z');
const DAY = 86_400_000;
const END = START + 14 * DAY;
const SERVICES = ['api', 'web'] as const;

const commitArb = fc.record({
  back: fc.nat(3),
  mergeWith: fc.option(fc.nat(), { nil: null }),
  offset: fc.integer({ min: -20 * DAY, max: 16 * DAY }),
  authoredEarlier: fc.integer({ min: 0, max: 3 * DAY }),
  services: fc.constantFrom<string[]>([], ['api'], ['web']),
});

const deploymentArb = fc.record({
  commit: fc.nat(),
  offset: fc.integer({ min: -10 * DAY, max: 20 * DAY }),
  service: fc.constantFrom(...SERVICES),
  environment: fc.constantFrom('production', 'production', 'production', 'staging'),
  status: fc.constantFrom<Deployment['status']>(
    'success',
    'success',
    'success',
    'failure',
    'cancelled',
  ),
  kind: fc.constantFrom<Deployment['kind']>('regular', 'regular', 'rollback', 'revert', 'hotfix'),
  trigger: fc.constantFrom<Deployment['trigger']>('planned', 'planned', 'incident_remediation'),
  remediates: fc.option(fc.nat(), { nil: null }),
});

const incidentArb = fc.record({
  offset: fc.integer({ min: -5 * DAY, max: 16 * DAY }),
  duration: fc.option(fc.integer({ min: -3_600_000, max: 4 * DAY }), { nil: null }),
  cause: fc.option(fc.nat(), { nil: null }),
  service: fc.constantFrom(...SERVICES),
});

const scenarioArb = fc.record({
  commits: fc.array(commitArb, { minLength: 3, maxLength: 30 }),
  deployments: fc.array(deploymentArb, { minLength: 2, maxLength: 25 }),
  incidents: fc.array(incidentArb, { maxLength: 12 }),
  baseline: fc.option(fc.nat(), { nil: null }),
  timezone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
  service: fc.constantFrom<string | null>(null, 'api', 'web'),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function buildCommits(s: Scenario): Commit[] {
  return s.commits.map((c, i) => {
    const parents: string[] = [];
    if (i > 0) parents.push(`c${i - 1 - (c.back % Math.min(i, 4))}`);
    if (c.mergeWith !== null && i > 1) {
      const other = `c${c.mergeWith % i}`;
      if (!parents.includes(other)) parents.push(other);
    }
    const committedAt = START + c.offset;
    return {
      ...commit(`c${i}`, parents, '2024-03-04T00:00:00Z'),
      committedAt,
      authoredAt: committedAt - c.authoredEarlier,
      services: c.services,
    };
  });
}

function buildDeployments(s: Scenario, n: number, prefix = 'D'): Deployment[] {
  return s.deployments.map((d, i) =>
    deployment(`${prefix}${i}`, `c${d.commit % n}`, '2024-03-04T00:00:00Z', {
      finishedAt: START + d.offset,
      service: d.service,
      environment: d.environment,
      status: d.status,
      kind: d.kind,
      trigger: d.trigger,
      remediatesDeploymentId:
        d.remediates === null ? null : `${prefix}${d.remediates % (s.deployments.length + 1)}`,
    }),
  );
}

function buildIncidents(s: Scenario): Incident[] {
  return s.incidents.map((x, i) =>
    incident(
      `I${i}`,
      '2024-03-04T00:00:00Z',
      null,
      x.cause === null ? null : `D${x.cause % (s.deployments.length + 1)}`,
      {
        startedAt: START + x.offset,
        resolvedAt: x.duration === null ? null : START + x.offset + x.duration,
        service: x.service,
      },
    ),
  );
}

function build(s: Scenario): { data: ReportInput; opts: ReportOptions } {
  const commits = buildCommits(s);
  // the baseline, when there is one, is one of the oldest commits, as in real histories
  const baseline = s.baseline === null ? null : `c${s.baseline % Math.min(commits.length, 3)}`;
  return {
    data: input({
      repositories: [repository({ baselineProductionSha: baseline })],
      commits,
      deployments: buildDeployments(s, commits.length),
      incidents: buildIncidents(s),
    }),
    opts: {
      window: { start: START, end: END },
      timezone: s.timezone,
      service: s.service,
      now: END,
    },
  };
}

/** A deterministic shuffle driven by fast-check's seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed | 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The numbers of the window (no evidence that legitimately names later records). */
function windowValues(r: Report) {
  const { excluded: _excluded, excluded_counts: counts, ...lead } = r.dora.change_lead_time;
  return {
    deployment_frequency: r.dora.deployment_frequency,
    change_lead_time: {
      ...lead,
      unknown_start: counts.unknown_start,
      deployed_before_window: counts.deployed_before_window,
    },
    change_failure_rate: r.dora.change_failure_rate,
    deployment_rework_rate: r.dora.deployment_rework_rate,
    failed_deployment_recovery_time: r.dora.failed_deployment_recovery_time,
    time_to_restore_service: r.dora.time_to_restore_service,
  };
}

describe('computeReport properties', () => {
  it('does not depend on the order of the input records', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const { data, opts } = build(s);
        const mixed = {
          ...data,
          commits: shuffled(data.commits, seed),
          deployments: shuffled(data.deployments, seed + 1),
          incidents: shuffled(data.incidents, seed + 2),
        };
        expect(computeReport(mixed, opts)).toEqual(computeReport(data, opts));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps rates in [0, 1] and scores in [0, 10]', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { data, opts } = build(s);
        const r = computeReport(data, opts);
        for (const v of [r.dora.change_failure_rate.value, r.dora.deployment_rework_rate.value]) {
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
        const q = r.quick_check;
        for (const v of [
          q.lead_time.score,
          q.deployment_frequency.score,
          q.change_failure_rate.score,
          q.throughput.score,
          q.stability.score,
        ]) {
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(10);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never lowers the change failure rate when a failed deployment is added', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.nat(),
        fc.integer({ min: 0, max: 14 * DAY - 1 }),
        (s, c, offset) => {
          const { data, opts } = build(s);
          const before = computeReport(data, opts).dora.change_failure_rate;
          const service = opts.service ?? 'api';
          const failed = deployment('NEW', `c${c % data.commits.length}`, '2024-03-04T00:00:00Z', {
            finishedAt: START + offset,
            service,
          });
          const after = computeReport(
            {
              ...data,
              deployments: [...data.deployments, failed],
              incidents: [
                ...data.incidents,
                incident('INEW', '2024-03-20T00:00:00Z', null, 'NEW', { service }),
              ],
            },
            opts,
          ).dora.change_failure_rate;
          expect(after.numerator).toBe(before.numerator + 1);
          expect(after.value as number).toBeGreaterThanOrEqual(before.value ?? 0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('puts every median between the minimum and the maximum of its values', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { data, opts } = build(s);
        const r = computeReport(data, opts);
        const check = (m: number | null, values: number[]) => {
          if (values.length === 0) return expect(m).toBeNull();
          expect(m as number).toBeGreaterThanOrEqual(Math.min(...values));
          expect(m as number).toBeLessThanOrEqual(Math.max(...values));
        };
        const lead = r.dora.change_lead_time;
        check(
          lead.median_seconds,
          (lead.per_change ?? []).map((c) => c.seconds),
        );
        check(
          lead.p90_seconds,
          (lead.per_change ?? []).map((c) => c.seconds),
        );
        check(
          lead.median_seconds_authored,
          (lead.per_change ?? []).map((c) => c.seconds_authored),
        );
        const rec = r.dora.failed_deployment_recovery_time;
        check(
          rec.median_seconds,
          rec.per_failed_deployment.map((x) => x.seconds),
        );
        const ttr = r.dora.time_to_restore_service;
        check(
          ttr.median_seconds,
          (ttr.per_incident ?? []).map((x) => x.seconds),
        );
        const weeks = r.dora.deployment_frequency.per_week.map((w) => w.deploy_days);
        if (r.dora.deployment_frequency.count > 0)
          check(r.dora.deployment_frequency.median_deploy_days_per_week, weeks);
      }),
      { numRuns: 150 },
    );
  });

  it('changes nothing in the window when deployments and incidents come after its end', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(deploymentArb, { maxLength: 8 }),
        fc.array(incidentArb, { maxLength: 5 }),
        (s, later, laterIncidents) => {
          const { data, opts } = build(s);
          const n = data.commits.length;
          // after-window records link only to each other, never back into the window
          const extraDeployments = buildDeployments({ ...s, deployments: later }, n, 'L').map(
            (d, i) => ({
              ...d,
              finishedAt: END + Math.abs(later[i]?.offset ?? 0),
            }),
          );
          const extraIncidents = laterIncidents.map((x, i) =>
            incident(
              `LI${i}`,
              '2024-03-04T00:00:00Z',
              null,
              x.cause === null || later.length === 0 ? null : `L${x.cause % later.length}`,
              {
                startedAt: END + Math.abs(x.offset),
                resolvedAt:
                  x.duration === null ? null : END + Math.abs(x.offset) + Math.abs(x.duration),
                service: x.service,
              },
            ),
          );
          const before = computeReport(data, opts);
          const after = computeReport(
            {
              ...data,
              deployments: [...data.deployments, ...extraDeployments],
              incidents: [...data.incidents, ...extraIncidents],
            },
            opts,
          );
          expect(windowValues(after)).toEqual(windowValues(before));
        },
      ),
      { numRuns: 150 },
    );
  });
});
