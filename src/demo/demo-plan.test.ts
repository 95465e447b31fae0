import { describe, expect, it } from 'vitest';
import { DEMO_END, planDemoHistory } from './demo-plan.js';

describe('the demo story', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(planDemoHistory().history.steps)).toBe(JSON.stringify(planDemoHistory().history.steps));
  });

  it('tells the revert, hotfix and rollback on the dates the incidents use', () => {
    const { scenario } = planDemoHistory();
    const when = (r: { tag: string; at: number }): [string, string] => [r.tag.replace(/\d+\.\d+\.\d+/, 'X'), new Date(r.at * 1000).toISOString()];
    expect(when(scenario.revertedRelease)).toEqual(['api-vX', '2026-08-11T15:00:00.000Z']);
    expect(when(scenario.revertRelease)).toEqual(['api-vX', '2026-08-12T09:40:00.000Z']);
    expect(when(scenario.hotfixRelease)).toEqual(['api-vX', '2026-09-22T19:00:00.000Z']);
    expect(scenario.hotfixRelease.tag).toMatch(/^api-v1\.\d+\.1$/);
    expect(when(scenario.rollbackRelease)).toEqual(['web-vX', '2026-10-14T17:15:00.000Z']);
  });

  it('stays within six months, in several time zones', () => {
    const { history } = planDemoHistory();
    const commits = history.steps.flatMap((s) => (s.kind === 'commit' ? [s.commit] : []));
    expect(Math.max(...commits.map((c) => c.committedAt))).toBeLessThan(DEMO_END);
    expect(Math.min(...commits.map((c) => c.authoredAt))).toBeGreaterThanOrEqual(Date.UTC(2026, 4, 18) / 1000);
    expect(new Set(commits.map((c) => c.authorOffset))).toEqual(new Set([60, 0, -180, 480, 330, 120, -420, -480]));
  });
});
