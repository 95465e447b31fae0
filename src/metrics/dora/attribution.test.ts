import { describe, expect, it } from 'vitest';
import {
  REPO,
  SERVICE,
  at,
  chain,
  commit,
  deployment,
  input,
  options,
  repository,
} from '../__fixtures__/builders.js';
import { computeReport } from '../report.js';
import { attributeService, commitFate } from './attribution.js';
import { CommitGraphs } from './commit-graph.js';

function attribute(
  commits: ReturnType<typeof commit>[],
  deployments: ReturnType<typeof deployment>[],
  baseline: string | null,
) {
  return attributeService(
    SERVICE,
    deployments,
    CommitGraphs.of(commits),
    new Map([[REPO, baseline]]),
  );
}

function fateOf(a: ReturnType<typeof attribute>, sha: string): string {
  const fate = commitFate(a, REPO, sha);
  if (fate === null) return 'unknown';
  if (fate.kind !== 'deployed') return fate.kind;
  return fate.unknownStart ? `${fate.deployment.id}?` : fate.deployment.id;
}

describe('attributeService', () => {
  // b0 <- a1 <- a2 <- m3 (merge of a2 and f1) <- a4;  f1 branches off a1
  const commits = [
    commit('b0', [], '2024-03-01T00:00:00Z'),
    commit('a1', ['b0'], '2024-03-01T01:00:00Z'),
    commit('f1', ['a1'], '2024-03-01T02:00:00Z'),
    commit('a2', ['a1'], '2024-03-01T03:00:00Z'),
    commit('m3', ['a2', 'f1'], '2024-03-01T04:00:00Z'),
    commit('a4', ['m3'], '2024-03-01T05:00:00Z'),
  ];

  it('attributes each commit to the earliest deployment that has it as ancestor-or-self', () => {
    const a = attribute(
      commits,
      [
        deployment('D2', 'a4', '2024-03-02T00:00:00Z'),
        deployment('D1', 'a2', '2024-03-01T12:00:00Z'),
      ],
      'b0',
    );
    expect(['b0', 'a1', 'f1', 'a2', 'm3', 'a4'].map((s) => fateOf(a, s))).toEqual([
      'baseline',
      'D1',
      'D2',
      'D1',
      'D2',
      'D2',
    ]);
    // deployments come back sorted by finishedAt
    expect(a.deployments.map((d) => d.id)).toEqual(['D1', 'D2']);
    expect([...a.newCommits]).toEqual([2, 3]);
  });

  it('follows git ancestry, not time order: a deployment of an older commit ships nothing new', () => {
    const a = attribute(
      commits,
      [
        deployment('D1', 'a4', '2024-03-02T00:00:00Z'),
        // a rollback to a2 later: everything is already in production
        deployment('R1', 'a2', '2024-03-03T00:00:00Z', { kind: 'rollback' }),
      ],
      'b0',
    );
    expect(fateOf(a, 'a2')).toBe('D1');
    expect([...a.newCommits]).toEqual([5, 0]);
  });

  it('ignores failed, cancelled and non-production runs', () => {
    const a = attribute(
      commits,
      [
        deployment('F1', 'a2', '2024-03-01T12:00:00Z', { status: 'failure' }),
        deployment('C1', 'a2', '2024-03-01T13:00:00Z', { status: 'cancelled' }),
        deployment('S1', 'a4', '2024-03-01T14:00:00Z', { environment: 'staging' }),
        deployment('D1', 'a4', '2024-03-02T00:00:00Z'),
      ],
      'b0',
    );
    expect(a.deployments.map((d) => d.id)).toEqual(['D1']);
    expect(fateOf(a, 'a1')).toBe('D1');
  });

  it('marks the first observed deployment of a repository without baseline as of unknown start', () => {
    const a = attribute(
      commits,
      [
        deployment('D1', 'a2', '2024-03-01T12:00:00Z'),
        deployment('D2', 'a4', '2024-03-02T00:00:00Z'),
      ],
      null,
    );
    expect(['b0', 'a1', 'a2', 'f1'].map((s) => fateOf(a, s))).toEqual(['D1?', 'D1?', 'D1?', 'D2']);
  });

  it('treats a baseline missing from the data as no baseline', () => {
    const a = attribute(commits, [deployment('D1', 'a2', '2024-03-01T12:00:00Z')], 'not-here');
    expect(a.repositories.get(REPO)?.baseline).toBe('not_found');
    expect(fateOf(a, 'b0')).toBe('D1?');
  });

  it('ends the walk at parents missing from the data (shallow history)', () => {
    const shallow = [
      commit('a2', ['a1'], '2024-03-01T03:00:00Z'),
      commit('a3', ['a2'], '2024-03-01T04:00:00Z'),
    ];
    const a = attribute(shallow, [deployment('D1', 'a3', '2024-03-02T00:00:00Z')], 'a2');
    expect(fateOf(a, 'a3')).toBe('D1');
    expect(fateOf(a, 'a1')).toBe('unknown');
  });

  it('records a deployment whose commit is not in the data', () => {
    const a = attribute(
      commits,
      [
        deployment('D1', 'zzz', '2024-03-01T12:00:00Z'),
        deployment('D2', 'a2', '2024-03-02T00:00:00Z'),
      ],
      null,
    );
    expect(a.commitMissing).toEqual([true, false]);
    // the first deployment with a known commit carries the unknown start
    expect(fateOf(a, 'a1')).toBe('D2?');
  });
});

describe('scale', () => {
  it('attributes a 200,000-commit linear chain with 2,000 deployments without overflowing the stack', () => {
    const commits = chain(200_000, '2024-01-01T00:00:00Z');
    // deployment k ships up to commit 100 (k + 1) - 1, 30 minutes after that commit
    const deployments = Array.from({ length: 2_000 }, (_, k) => {
      const tip = 100 * (k + 1) - 1;
      return deployment(`D${k}`, `c${tip}`, '2024-01-01T00:00:00Z', {
        finishedAt: at('2024-01-01T00:30:00Z') + tip * 60_000,
      });
    });
    const report = computeReport(
      input({ repositories: [repository({ baselineProductionSha: 'c0' })], commits, deployments }),
      options('2024-01-01T00:00:00Z', '2024-12-31T00:00:00Z', { includeEvidence: false }),
    );
    // every commit but the baseline c0 is a change, each shipped by one deployment
    expect(report.dora.change_lead_time.changes).toBe(199_999);
    expect(report.dora.deployment_frequency.count).toBe(2_000);
    // lead times are 30 min + j min, j = 0..99, each j 2,000 times (j = 99 only 1,999 times:
    // c0 is the baseline); sorted, j fills indices [2,000 j, 2,000 j + 1,999], so the median
    // (index 99,999 of 199,999) has j = 49: 1,800 + 49 x 60 s
    expect(report.dora.change_lead_time.median_seconds).toBe(1800 + 49 * 60);
    expect(report.warnings).toEqual([]);
  });

  it('walks a deep history of merges iteratively', () => {
    // 50,000 rounds of: side commit s_i off main m_{i-1}, merge m_i of (m_{i-1}, s_i)
    const commits = [commit('m0', [], '2024-01-01T00:00:00Z')];
    for (let i = 1; i <= 50_000; i++) {
      commits.push(commit(`s${i}`, [`m${i - 1}`], '2024-01-01T01:00:00Z'));
      commits.push(commit(`m${i}`, [`m${i - 1}`, `s${i}`], '2024-01-01T02:00:00Z'));
    }
    const report = computeReport(
      input({
        repositories: [repository({ baselineProductionSha: 'm0' })],
        commits,
        deployments: [deployment('D1', 'm50000', '2024-01-02T02:00:00Z')],
      }),
      options('2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z', { includeEvidence: false }),
    );
    // merges are walked through but are not changes: only the 50,000 side commits count
    expect(report.dora.change_lead_time.changes).toBe(50_000);
    expect(report.dora.change_lead_time.median_seconds).toBe(25 * 3600);
  });
});
