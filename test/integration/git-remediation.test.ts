import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/domain/index.js';
import { TestRepo, collectAll } from './git-test-repo.js';

/** One release history exercising every remediation rule of METRICS.md section 6. */
describe('git connector: rollback, revert and hotfix inference', () => {
  let repo: TestRepo;
  const c: Record<string, string> = {};
  let byTag: Map<string, Deployment>;
  const id = (tag: string): string => `git:deployment:api:${tag}`;

  beforeAll(async () => {
    repo = await TestRepo.create('api');
    const release = (tag: string, at: string, target?: string): Promise<void> => repo.tag(tag, { annotated: true, at, target });
    c.c1 = await repo.commit('Initial', { at: '2026-06-01T09:00:00Z' });
    await release('v1.0.0', '2026-06-01T10:00:00Z');
    c.c2 = await repo.commit('Add caching', { at: '2026-06-02T09:00:00+02:00' });
    await release('v1.1.0', '2026-06-03T10:00:00Z');
    c.c3 = await repo.commit(`Revert "Add caching"\n\nThis reverts commit ${c.c2}.`, { at: '2026-06-04T08:00:00Z' });
    await release('v1.2.0', '2026-06-04T10:00:00Z');
    c.c4 = await repo.commit('Add search', { at: '2026-06-09T09:00:00Z' });
    await release('v1.3.0', '2026-06-10T10:00:00Z');
    await release('v1.3.1', '2026-06-10T12:00:00Z', c.c3);
    c.c5 = await repo.commit('Fix search', { at: '2026-06-11T09:00:00Z' });
    await release('v1.4.0', '2026-06-12T10:00:00Z');
    await repo.checkout('hotfix/login', true);
    c.c6 = await repo.commit('Fix login', { at: '2026-06-14T09:00:00Z' });
    await repo.checkout('main');
    c.m1 = await repo.merge('hotfix/login', 'Merge pull request #5 from acme/hotfix/login\n\nFix login', '2026-06-14T10:00:00Z');
    await release('v1.5.0', '2026-06-15T10:00:00Z');
    c.c7 = await repo.commit('Add export', { at: '2026-06-19T09:00:00Z' });
    await release('v1.6.0', '2026-06-20T10:00:00Z');
    c.c8 = await repo.commit('Fix export', { at: '2026-06-21T07:00:00Z' });
    await release('v1.6.1', '2026-06-21T08:00:00Z');
    c.c9 = await repo.commit('Polish export', { at: '2026-06-24T07:00:00Z' });
    await release('v1.6.2', '2026-06-25T10:00:00Z');
    c.c10 = await repo.commit('Fix crash', { at: '2026-06-26T07:00:00Z' });
    await release('v1.7.0-hotfix', '2026-06-26T08:00:00Z');
    c.c11 = await repo.commit('Experiment', { at: '2026-06-28T07:00:00Z' });
    c.c12 = await repo.commit(`Revert "Experiment"\n\nThis reverts commit ${c.c11}.`, { at: '2026-06-28T08:00:00Z' });
    await release('v1.8.0', '2026-06-29T10:00:00Z');
    await release('v1.8.1', '2026-07-05T10:00:00Z');
    const result = await collectAll({ path: repo.dir });
    byTag = new Map(result.deployments.map((d) => [d.extra?.['tag'] as string, d]));
  });
  afterAll(() => repo.remove());

  const decided = (tag: string): [string, string, string | null, string[]] => {
    const d = byTag.get(tag) as Deployment;
    return [d.kind, d.trigger, d.remediatesDeploymentId, [...new Set(d.inferences.map((i) => i.rule))]];
  };

  it('marks a deployment first shipping a revert as a revert of the deployment that shipped the change', () => {
    const d = byTag.get('v1.2.0') as Deployment;
    const detail = `v1.2.0 first ships ${c.c3?.slice(0, 12)} "Revert "Add caching"", which reverts ${c.c2?.slice(0, 12)}, first shipped by v1.1.0.`;
    expect(d.inferences).toEqual([
      { field: 'kind', value: 'revert', rule: 'revert-commit', detail },
      { field: 'trigger', value: 'incident_remediation', rule: 'revert-commit', detail },
      { field: 'remediates_deployment_id', value: id('v1.1.0'), rule: 'revert-commit', detail },
    ]);
    expect(decided('v1.2.0')).toEqual(['revert', 'incident_remediation', id('v1.1.0'), ['revert-commit']]);
  });

  it('marks a deployment of a proper ancestor of production as a rollback of the deployment it replaced', () => {
    expect(decided('v1.3.1')).toEqual(['rollback', 'incident_remediation', id('v1.3.0'), ['rollback-ancestor']]);
    expect(byTag.get('v1.3.1')?.inferences[0]?.detail).toBe(
      `v1.3.1 deploys ${c.c3?.slice(0, 12)}, a proper ancestor of ${c.c4?.slice(0, 12)} that v1.3.0 had put in production at 2026-06-10T10:00:00Z.`,
    );
    expect(decided('v1.4.0')).toEqual(['regular', 'planned', null, []]);
  });

  it('marks a deployment first shipping a hotfix/* merge as a hotfix of the deployment it replaced', () => {
    expect(decided('v1.5.0')).toEqual(['hotfix', 'incident_remediation', id('v1.4.0'), ['hotfix-branch']]);
    expect(byTag.get('v1.5.0')?.inferences[0]?.detail).toBe(
      `v1.5.0 first ships ${c.m1?.slice(0, 12)}, the merge of branch hotfix/login (a hotfix pattern); it replaced v1.4.0.`,
    );
  });

  it('marks a patch release within 48 h of its release as a hotfix of that release, and not later ones', () => {
    expect(decided('v1.6.1')).toEqual(['hotfix', 'incident_remediation', id('v1.6.0'), ['hotfix-patch-window']]);
    expect(byTag.get('v1.6.1')?.inferences[0]?.detail).toBe('v1.6.1 is a patch release 22 h after v1.6.0 (window 48 h).');
    expect(decided('v1.6.2')).toEqual(['regular', 'planned', null, []]);
  });

  it('marks a tag matching a hotfix pattern as a hotfix', () => {
    expect(decided('v1.7.0-hotfix')).toEqual(['hotfix', 'incident_remediation', id('v1.6.2'), ['hotfix-name']]);
  });

  it('does not count a revert of a change that never reached production, nor a redeploy of the same commit', () => {
    expect(decided('v1.8.0')).toEqual(['regular', 'planned', null, []]);
    expect(decided('v1.8.1')).toEqual(['regular', 'planned', null, []]);
    expect(decided('v1.0.0')).toEqual(['regular', 'planned', null, []]);
    expect(decided('v1.1.0')).toEqual(['regular', 'planned', null, []]);
  });

  it('takes the hotfix window from the options', async () => {
    const result = await collectAll({ path: repo.dir }, { hotfixWindowHours: 12 });
    const d = result.deployments.find((x) => x.id === id('v1.6.1'));
    expect(d?.kind).toBe('regular');
  });
});
