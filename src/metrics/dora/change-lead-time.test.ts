import { describe, expect, it } from 'vitest';
import { commit, deployment, input, options, repository } from '../__fixtures__/builders.js';
import { computeReport } from '../report.js';

const WINDOW = ['2024-03-04T00:00:00Z', '2024-03-11T00:00:00Z'] as const;

/**
 * b0 (baseline) <- a0 <- c1 <- c2 <- m1 (merge c2 + f1) <- w1 (web only) <- s1 (squash) <- x1 <- y1
 *                   \-- f1 ------------/                                            \-- z1 <- z2
 */
function scenario() {
  return input({
    repositories: [repository({ baselineProductionSha: 'b0' })],
    commits: [
      commit('b0', [], '2024-01-01T00:00:00Z'),
      commit('a0', ['b0'], '2024-02-20T10:00:00Z'),
      commit('f1', ['a0'], '2024-03-01T12:00:00Z', {
        authoredAt: Date.parse('2024-02-29T12:00:00Z'),
      }),
      commit('c1', ['a0'], '2024-03-04T09:00:00Z'),
      commit('c2', ['c1'], '2024-03-04T10:00:00Z'),
      commit('m1', ['c2', 'f1'], '2024-03-04T11:00:00Z'),
      commit('w1', ['m1'], '2024-03-05T07:00:00Z', { services: ['web'] }),
      commit('s1', ['w1'], '2024-03-05T08:00:00Z'),
      commit('x1', ['s1'], '2024-03-06T08:00:00Z'),
      commit('y1', ['x1'], '2024-03-07T08:00:00Z'),
      commit('z1', ['s1'], '2024-03-08T08:00:00Z'),
      commit('z2', ['z1'], '2024-03-12T08:00:00Z'),
    ],
    deployments: [
      deployment('D0', 'a0', '2024-02-21T10:00:00Z'),
      deployment('D1', 'm1', '2024-03-04T12:00:00Z'),
      deployment('D2', 's1', '2024-03-05T09:00:00Z'),
      deployment('S1', 'x1', '2024-03-06T09:00:00Z', { environment: 'staging' }),
      deployment('F1', 'x1', '2024-03-06T10:00:00Z', { status: 'failure' }),
      deployment('C1', 'x1', '2024-03-06T10:30:00Z', { status: 'cancelled' }),
      deployment('D5', 'y1', '2024-03-20T00:00:00Z'),
    ],
  });
}

describe('change lead time', () => {
  it('measures each change from commit to its first production deployment', () => {
    const lt = computeReport(scenario(), options(...WINDOW)).dora.change_lead_time;
    // D1 ships f1 (merged from a branch), c1 and c2; the merge m1 is walked through, not a change.
    // D2 ships w1 (a 'web' change, not api's) and the squash commit s1.
    // f1: 03-01 12:00 -> 03-04 12:00 = 259,200 s;  c1: 09:00 -> 12:00 = 10,800 s;
    // c2: 10:00 -> 12:00 = 7,200 s;  s1: 03-05 08:00 -> 09:00 = 3,600 s
    // evidence is sorted by deployment, then commit time
    expect(lt.per_change?.map((c) => [c.sha, c.deployment_id, c.seconds])).toEqual([
      ['f1', 'D1', 259_200],
      ['c1', 'D1', 10_800],
      ['c2', 'D1', 7_200],
      ['s1', 'D2', 3_600],
    ]);
    // sorted 3,600, 7,200, 10,800, 259,200
    expect(lt.changes).toBe(4);
    expect(lt.median_seconds).toBe(9_000); // (7,200 + 10,800) / 2
    expect(lt.mean_seconds).toBe(70_200); // 280,800 / 4
    expect(lt.p75_seconds).toBe(72_900); // rank 2.25: 10,800 + 0.25 x 248,400
    expect(lt.p90_seconds).toBe(184_680); // rank 2.7: 10,800 + 0.7 x 248,400
    // from authoredAt, f1 waited 4 days (345,600 s); the median of 3,600, 7,200, 10,800, 345,600
    expect(lt.median_seconds_authored).toBe(9_000);
    expect(lt.band).toBe('1h-1d');
    expect(lt.level).toBe('elite');
    expect(lt.reason).toBeNull();
  });

  it('lists changes never deployed or deployed after the window, and only counts earlier ones', () => {
    const lt = computeReport(scenario(), options(...WINDOW)).dora.change_lead_time;
    // x1 went to staging, a failed run and a cancelled run only: D5 (after the window) ships it.
    // z1 is never deployed; z2 too, but it is committed after the window end: ignored.
    // a0 was first deployed by D0 before the window: counted, not listed.
    expect(lt.excluded.map((e) => [e.sha, e.reason, e.deployment_id])).toEqual([
      ['x1', 'deployed_after_window', 'D5'],
      ['y1', 'deployed_after_window', 'D5'],
      ['z1', 'not_deployed', null],
    ]);
    expect(lt.excluded_counts).toEqual({
      not_deployed: 1,
      deployed_after_window: 2,
      unknown_start: 0,
      deployed_before_window: 1,
    });
  });

  it('is null with a reason when no change was first deployed in the window', () => {
    const lt = computeReport(scenario(), options('2024-03-12T00:00:00Z', '2024-03-19T00:00:00Z'))
      .dora.change_lead_time;
    expect(lt).toMatchObject({
      changes: 0,
      median_seconds: null,
      mean_seconds: null,
      p75_seconds: null,
      band: null,
      level: null,
      reason: 'no-changes',
    });
  });

  it('keeps a negative lead time (clock skew) and warns about it', () => {
    const report = computeReport(
      input({
        repositories: [repository({ baselineProductionSha: 'b0' })],
        commits: [
          commit('b0', [], '2024-01-01T00:00:00Z'),
          commit('n1', ['b0'], '2024-03-05T10:00:00Z'),
        ],
        deployments: [deployment('D1', 'n1', '2024-03-05T09:59:00Z')],
      }),
      options(...WINDOW),
    );
    expect(report.dora.change_lead_time.median_seconds).toBe(-60);
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'negative_lead_time', count: 1, examples: ['acme/api@n1'] }),
    ]);
  });

  describe('without a baseline', () => {
    const commits = [
      commit('u0', [], '2024-03-01T00:00:00Z'),
      commit('u1', ['u0'], '2024-03-01T01:00:00Z'),
      commit('u2', ['u1'], '2024-03-05T01:00:00Z'),
    ];

    it('excludes and lists the changes of the first observed deployment as of unknown start', () => {
      const report = computeReport(
        input({
          commits,
          deployments: [
            deployment('D1', 'u1', '2024-03-05T00:00:00Z'),
            deployment('D2', 'u2', '2024-03-06T01:00:00Z'),
          ],
        }),
        options(...WINDOW),
      );
      const lt = report.dora.change_lead_time;
      expect(lt.excluded.map((e) => [e.sha, e.reason, e.deployment_id])).toEqual([
        ['u0', 'unknown_start', 'D1'],
        ['u1', 'unknown_start', 'D1'],
      ]);
      // u2: 03-05 01:00 -> 03-06 01:00
      expect(lt.changes).toBe(1);
      expect(lt.median_seconds).toBe(86_400);
      expect(report.warnings).toEqual([
        expect.objectContaining({ code: 'unknown_start', count: 2, examples: ['D1'] }),
      ]);
    });

    it('leaves them outside the window, unlisted, when the first deployment is before it', () => {
      const report = computeReport(
        input({
          commits,
          deployments: [
            deployment('D1', 'u1', '2024-03-01T12:00:00Z'),
            deployment('D2', 'u2', '2024-03-06T01:00:00Z'),
          ],
        }),
        options(...WINDOW),
      );
      const lt = report.dora.change_lead_time;
      expect(lt.excluded).toEqual([]);
      expect(lt.excluded_counts.deployed_before_window).toBe(2);
      expect(lt.changes).toBe(1);
      expect(report.warnings).toEqual([]);
    });
  });

  it('gives a service that only deploys to staging no changes, not a history of never-deployed ones', () => {
    const data = scenario();
    data.deployments.push(
      deployment('W1', 'y1', '2024-03-07T09:00:00Z', { service: 'web', environment: 'staging' }),
    );
    const lt = computeReport(data, options(...WINDOW, { service: 'web' })).dora.change_lead_time;
    expect(lt).toMatchObject({ changes: 0, excluded: [], reason: 'no-changes' });
  });

  it('counts a change only for the services it names', () => {
    const report = computeReport(scenario(), options(...WINDOW, { service: 'web' }));
    // 'web' has no deployment: it deploys from no repository, so it has no changes at all
    expect(report.dora.change_lead_time).toMatchObject({
      changes: 0,
      excluded: [],
      reason: 'no-changes',
    });
  });
});
