import { describe, expect, it } from 'vitest';
import {
  at,
  commit,
  deployment,
  input,
  options,
  pullRequest,
  repository,
} from '../__fixtures__/builders.js';
import { computeReport } from '../report.js';

const WINDOW = ['2024-03-04T00:00:00Z', '2024-03-18T00:00:00Z'] as const;

/**
 * b0 <- p1 (deployed by D0 before the window) <- m1 (merge of PR1: f1, f2) <- h1 (PR5, rebased)
 *                                                 \- q1 (PR2 squash, never deployed)
 */
function scenario() {
  return input({
    repositories: [repository({ baselineProductionSha: 'b0' })],
    commits: [
      commit('b0', [], '2024-02-01T00:00:00Z'),
      commit('p1', ['b0'], '2024-03-01T00:00:00Z'),
      commit('f1', ['p1'], '2024-03-04T09:00:00Z'),
      commit('f2', ['f1'], '2024-03-04T10:00:00Z'),
      commit('m1', ['p1', 'f2'], '2024-03-05T10:00:00Z'),
      commit('g1', ['p1'], '2024-03-05T08:00:00Z'),
      commit('q1', ['m1'], '2024-03-06T09:00:00Z'),
      commit('h1', ['m1'], '2024-03-06T10:00:00Z'),
    ],
    deployments: [
      deployment('D0', 'p1', '2024-03-01T12:00:00Z'),
      deployment('D1', 'm1', '2024-03-05T12:00:00Z'),
      deployment('D2', 'h1', '2024-03-06T13:00:00Z'),
    ],
    pullRequests: [
      pullRequest('PR1', {
        createdAt: at('2024-03-04T11:00:00Z'),
        firstReviewAt: at('2024-03-04T15:00:00Z'),
        mergedAt: at('2024-03-05T10:00:00Z'),
        mergeCommitSha: 'm1',
        commitShas: ['f2', 'f1'],
        additions: 30,
        deletions: 10,
      }),
      pullRequest('PR2', {
        createdAt: at('2024-03-05T09:00:00Z'),
        mergedAt: at('2024-03-06T09:00:00Z'),
        mergeCommitSha: 'q1',
        commitShas: ['g1'],
        additions: 5,
      }),
      pullRequest('PR3', {
        createdAt: at('2024-03-10T00:00:00Z'),
        mergedAt: at('2024-03-19T00:00:00Z'),
        mergeCommitSha: 'h1',
      }),
      pullRequest('PR4', { createdAt: at('2024-03-10T00:00:00Z'), state: 'open' }),
      pullRequest('PR5', {
        createdAt: at('2024-03-06T10:30:00Z'),
        firstReviewAt: at('2024-03-06T11:00:00Z'),
        mergedAt: at('2024-03-06T12:00:00Z'),
        mergeCommitSha: 'h1',
        commitShas: ['h1'],
        additions: 100,
        deletions: 20,
      }),
    ],
  });
}

describe('flow metrics', () => {
  const flow = computeReport(scenario(), options(...WINDOW)).flow;

  it('measures each step of a merged pull request, null when missing', () => {
    expect(
      flow.per_pull_request?.map((p) => [
        p.pull_request_id,
        p.coding_seconds,
        p.pickup_seconds,
        p.review_seconds,
        p.deploy_seconds,
        p.cycle_seconds,
        p.size_lines,
      ]),
    ).toEqual([
      // f1 authored Mon 09:00, created 11:00, reviewed 15:00, merged Tue 10:00, D1 Tue 12:00
      ['PR1', 7_200, 14_400, 68_400, 7_200, 97_200, 40],
      // g1 authored 08:00, created 09:00; no review; squash q1 never deployed; deletions unknown
      ['PR2', 3_600, null, null, null, null, null],
      // h1 authored 10:00, created 10:30, reviewed 11:00, merged 12:00, D2 13:00
      ['PR5', 1_800, 1_800, 3_600, 3_600, 10_800, 120],
    ]);
    expect(flow.pull_requests).toBe(3); // PR3 merged after the window, PR4 open
  });

  it('reports median, p75 and p90 of each step over the pull requests where it is known', () => {
    // coding 1,800, 3,600, 7,200: median 3,600; p75 rank 1.5 -> 5,400; p90 rank 1.8 -> 6,480
    expect(flow.coding).toEqual({
      count: 3,
      median_seconds: 3_600,
      p75_seconds: 5_400,
      p90_seconds: 6_480,
    });
    // pickup 1,800, 14,400: median 8,100; p75 1,800 + 0.75 x 12,600 = 11,250; p90 + 0.9 x -> 13,140
    expect(flow.pickup).toEqual({
      count: 2,
      median_seconds: 8_100,
      p75_seconds: 11_250,
      p90_seconds: 13_140,
    });
    // review 3,600, 68,400: median 36,000; p75 3,600 + 0.75 x 64,800 = 52,200; p90 61,920
    expect(flow.review).toEqual({
      count: 2,
      median_seconds: 36_000,
      p75_seconds: 52_200,
      p90_seconds: 61_920,
    });
    // deploy 3,600, 7,200: median 5,400; p75 6,300; p90 6,840
    expect(flow.deploy).toEqual({
      count: 2,
      median_seconds: 5_400,
      p75_seconds: 6_300,
      p90_seconds: 6_840,
    });
    // cycle 10,800, 97,200: median 54,000; p75 10,800 + 0.75 x 86,400 = 75,600; p90 88,560
    expect(flow.cycle).toEqual({
      count: 2,
      median_seconds: 54_000,
      p75_seconds: 75_600,
      p90_seconds: 88_560,
    });
    // size 40, 120: median 80; p75 100; p90 112
    expect(flow.pr_size).toEqual({ count: 2, median_lines: 80, p75_lines: 100, p90_lines: 112 });
  });

  it('counts merged pull requests and deployed changes per zero-filled week', () => {
    // changes first deployed in the window: f1, f2 (D1) and h1 (D2); p1 went out before it
    expect(flow.throughput.per_week).toEqual([
      { week_start: '2024-03-04', merged_pull_requests: 3, changes: 3, partial: false },
      { week_start: '2024-03-11', merged_pull_requests: 0, changes: 0, partial: false },
    ]);
    expect(flow.throughput.median_merged_pull_requests_per_week).toBe(1.5);
    expect(flow.throughput.median_changes_per_week).toBe(1.5);
  });

  it('gives the median of each step per week over the pull requests merged that week', () => {
    const data = scenario();
    // PR6, merged in the second week: no known commit (coding unknown), not deployed
    data.pullRequests.push(
      pullRequest('PR6', {
        createdAt: at('2024-03-12T10:00:00Z'),
        firstReviewAt: at('2024-03-12T12:00:00Z'),
        mergedAt: at('2024-03-13T10:00:00Z'),
      }),
    );
    expect(computeReport(data, options(...WINDOW)).flow.steps_per_week).toEqual([
      // PR1, PR2, PR5: coding 7,200, 3,600, 1,800 -> 3,600; pickup 14,400, 1,800 -> 8,100;
      // review 68,400, 3,600 -> 36,000; deploy 7,200, 3,600 -> 5,400 (PR2 has neither)
      {
        week_start: '2024-03-04',
        pull_requests: 3,
        coding_median_seconds: 3_600,
        pickup_median_seconds: 8_100,
        review_median_seconds: 36_000,
        deploy_median_seconds: 5_400,
        partial: false,
      },
      // PR6 alone: pickup 2 h, review Tue 12:00 -> Wed 10:00 = 22 h
      {
        week_start: '2024-03-11',
        pull_requests: 1,
        coding_median_seconds: null,
        pickup_median_seconds: 7_200,
        review_median_seconds: 79_200,
        deploy_median_seconds: null,
        partial: false,
      },
    ]);
  });

  it('leaves the deploy step null when the first deployment has an unknown start', () => {
    const data = scenario();
    data.repositories = [];
    data.deployments = data.deployments.filter((d) => d.id !== 'D0');
    const pr1 = computeReport(data, options(...WINDOW)).flow.per_pull_request?.find(
      (p) => p.pull_request_id === 'PR1',
    );
    // D1 is now the first observed deployment of a repository without baseline
    expect(pr1).toMatchObject({
      coding_seconds: 7_200,
      deploy_seconds: null,
      cycle_seconds: null,
      deployment_id: null,
    });
  });

  it('keeps a negative step and warns about it', () => {
    const data = scenario();
    data.pullRequests.push(
      pullRequest('PR6', {
        createdAt: at('2024-03-07T10:00:00Z'),
        firstReviewAt: at('2024-03-07T09:00:00Z'),
        mergedAt: at('2024-03-07T12:00:00Z'),
      }),
    );
    const report = computeReport(data, options(...WINDOW));
    expect(
      report.flow.per_pull_request?.find((p) => p.pull_request_id === 'PR6')?.pickup_seconds,
    ).toBe(-3_600);
    expect(report.warnings.find((w) => w.code === 'negative_flow_duration')?.examples).toEqual([
      'PR6',
    ]);
  });

  it('is null with a reason without merged pull requests', () => {
    const empty = computeReport(input(), options(...WINDOW)).flow;
    expect(empty).toMatchObject({
      pull_requests: 0,
      reason: 'no-pull-requests',
      coding: { count: 0, median_seconds: null, p75_seconds: null, p90_seconds: null },
      throughput: { median_merged_pull_requests_per_week: null, median_changes_per_week: null },
    });
  });

  it('leaves coding unknown for a pull request whose opening the source never saw', () => {
    const base = scenario();
    const pr1 = base.pullRequests.find((p) => p.id === 'PR1')!;
    const inferred = {
      ...pr1,
      createdAt: at('2024-03-04T09:00:00Z'),
      extra: { created_at_source: 'earliest-commit-authored-at' },
    };
    const report = computeReport({ ...base, pullRequests: [inferred] }, options(...WINDOW));
    const row = report.flow.per_pull_request?.[0];
    // coding would be 0 by construction: it is null; the other steps keep their values
    expect(row?.coding_seconds).toBeNull();
    expect(row?.deploy_seconds).toBe(7_200);
    expect(report.flow.coding.count).toBe(0);
  });

  it('counts a pull request that names no service for the services deploying its repository', () => {
    const base = scenario();
    const unassigned = base.pullRequests.map((p) => ({ ...p, service: '' }));
    const org = computeReport(
      { ...base, pullRequests: unassigned },
      options(...WINDOW, { service: null }),
    );
    expect(org.services).toEqual(['api']);
    expect(org.flow.pull_requests).toBe(3);
    expect(
      computeReport({ ...base, pullRequests: unassigned }, options(...WINDOW)).flow.pull_requests,
    ).toBe(3);
    const other = {
      ...base,
      pullRequests: unassigned.map((p) => ({ ...p, repository: 'elsewhere' })),
    };
    expect(computeReport(other, options(...WINDOW, { service: null })).flow.pull_requests).toBe(0);
  });
});
