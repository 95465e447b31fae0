import { describe, expect, it } from 'vitest';
import { commit, deployment, incident, input, options } from '../__fixtures__/builders.js';
import { computeReport } from '../report.js';

// a1 <- b2 <- c3 <- d4 (hex shas, as the connectors keep them); D1 ships a1, D2 ships d4 (and
// with it b2 and c3, first shipped there).
const sha = (c: string): string => c.repeat(40);
const history = [
  commit(sha('a'), [], '2026-05-01T09:00:00Z'),
  commit(sha('b'), [sha('a')], '2026-05-02T09:00:00Z'),
  commit(sha('c'), [sha('b')], '2026-05-03T09:00:00Z'),
  commit(sha('d'), [sha('c')], '2026-05-04T09:00:00Z'),
];
const deployments = [
  deployment('D1', sha('a'), '2026-05-01T12:00:00Z'),
  deployment('D2', sha('d'), '2026-05-04T12:00:00Z'),
];
const naming = (id: string, named: string, startedAt: string) =>
  incident(id, startedAt, '2026-05-06T00:00:00Z', null, { extra: { caused_by_commit_sha: named } });

function failures(incidents: ReturnType<typeof naming>[]) {
  const report = computeReport(
    input({ commits: history, deployments, incidents }),
    options('2026-05-01T00:00:00Z', '2026-05-08T00:00:00Z'),
  );
  return report.dora.change_failure_rate;
}

describe('incidents naming a commit (METRICS.md section 6)', () => {
  it('are linked to the production deployment that first shipped the commit, in the graph', () => {
    // b2 was never deployed at its own commit: D2 shipped it inside d4.
    const cfr = failures([naming('I1', 'bbbbbbb', '2026-05-05T08:00:00Z')]);
    expect(cfr).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(cfr.failed_deployments).toEqual([
      {
        deployment_id: 'D2',
        service: 'api',
        finished_at: '2026-05-04T12:00:00Z',
        why: [{ rule: 'caused_incident', incident_id: 'I1', linked_by: 'caused-by-commit' }],
      },
    ]);
  });

  it('stay unlinked when the commit is unknown, ambiguous, or shipped after the incident began', () => {
    expect(failures([naming('I2', 'eeeeeee', '2026-05-05T08:00:00Z')]).numerator).toBe(0);
    // The full sha of a1: D1 shipped it, but D1 has unknown start (the first deployment).
    expect(failures([naming('I3', sha('a'), '2026-05-05T08:00:00Z')]).numerator).toBe(0);
    // c3 shipped by D2 at 12:00 on 05-04, but the incident started at 11:00 that day.
    expect(failures([naming('I4', sha('c'), '2026-05-04T11:00:00Z')]).numerator).toBe(0);
    // A short sha that two commits start with (a branch commit bbbbbbbf... besides b2).
    const twin = commit(`bbbbbbbf${'0'.repeat(32)}`, [sha('a')], '2026-05-02T10:00:00Z');
    const report = computeReport(
      input({
        commits: [...history, twin],
        deployments,
        incidents: [naming('I7', 'bbbbbbb', '2026-05-05T08:00:00Z')],
      }),
      options('2026-05-01T00:00:00Z', '2026-05-08T00:00:00Z'),
    );
    expect(report.dora.change_failure_rate.numerator).toBe(0);
    // Not a SHA at all.
    expect(failures([naming('I5', 'the checkout commit', '2026-05-05T08:00:00Z')]).numerator).toBe(
      0,
    );
  });

  it('never override a link the source made', () => {
    const explicit = incident('I6', '2026-05-05T08:00:00Z', null, 'D1', {
      extra: { caused_by_commit_sha: sha('b') },
    });
    const cfr = failures([explicit]);
    expect(cfr.failed_deployments.map((f) => [f.deployment_id, f.why])).toEqual([
      ['D1', [{ rule: 'caused_incident', incident_id: 'I6' }]],
    ]);
  });
});
