import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/shared/errors.js';
import { TestRepo, collectAll, ms } from './git-test-repo.js';

describe('git connector: deployments', () => {
  const repos: TestRepo[] = [];
  afterEach(async () => {
    for (const r of repos.splice(0)) await r.remove();
  });
  const create = async (): Promise<TestRepo> => {
    const r = await TestRepo.create('app');
    repos.push(r);
    return r;
  };

  it('deploys annotated tags at their tagger date and lightweight tags at their commit date', async () => {
    const repo = await create();
    const a = await repo.commit('One', { at: '2026-04-01T10:00:00+02:00' });
    await repo.tag('v1.0.0', { annotated: true, at: '2026-04-03T16:30:00-04:00' });
    const b = await repo.commit('Two', { at: '2026-04-05T10:00:00Z', committedAt: '2026-04-05T11:00:00+03:00' });
    await repo.tag('1.1', { annotated: false });
    await repo.tag('v1.2.0-rc.1', { annotated: true, at: '2026-04-06T10:00:00Z' });
    await repo.tag('nightly', { annotated: false });
    const { deployments, deploymentSource, warnings } = await collectAll({ path: repo.dir });
    expect(deploymentSource).toBe('tags');
    expect(warnings).toEqual([]);
    expect(deployments).toEqual([
      {
        org: 'acme', id: 'git:deployment:app:v1.0.0', service: 'app', repository: 'app',
        environment: 'production', originalEnvironment: 'production', status: 'success', originalStatus: 'tag',
        startedAt: null, finishedAt: ms('2026-04-03T20:30:00Z'), commitSha: a, kind: 'regular', trigger: 'planned',
        remediatesDeploymentId: null, inferences: [], url: null, origin: { source: 'git', rawId: null },
        extra: { detected_by: 'tags', tag: 'v1.0.0', tag_type: 'annotated' },
      },
      expect.objectContaining({
        id: 'git:deployment:app:1.1', finishedAt: ms('2026-04-05T08:00:00Z'), commitSha: b,
        extra: { detected_by: 'tags', tag: '1.1', tag_type: 'lightweight' },
      }),
    ]);
  });

  it('takes a glob or a /regex/ as the tag pattern', async () => {
    const repo = await create();
    await repo.commit('One', { at: '2026-04-01T10:00:00Z' });
    await repo.tag('release-2026.04', { annotated: false });
    await repo.tag('v9.9.9', { annotated: false });
    const glob = await collectAll({ path: repo.dir }, { tagPattern: 'release-*' });
    expect(glob.deployments.map((d) => d.id)).toEqual(['git:deployment:app:release-2026.04']);
    const regex = await collectAll({ path: repo.dir }, { tagPattern: '/^v9\\./' });
    expect(regex.deployments.map((d) => d.id)).toEqual(['git:deployment:app:v9.9.9']);
  });

  it('says which tags exist when the tag pattern matches none', async () => {
    const repo = await create();
    await repo.commit('One', { at: '2026-04-01T10:00:00Z' });
    await repo.tag('build-1', { annotated: false });
    await repo.tag('build-2', { annotated: false });
    const failure = collectAll({ path: repo.dir }, { tagPattern: 'release-*' });
    await expect(failure).rejects.toBeInstanceOf(ConnectorError);
    await expect(failure).rejects.toMatchObject({
      code: 'GIT_NO_MATCHING_TAGS',
      message: 'tag pattern release-* matches none of the 2 tags (e.g. build-1, build-2); fix --tag-pattern or use --deploy-on merges',
    });
    await expect(collectAll({ path: repo.dir }, { deployOn: 'tags' })).rejects.toMatchObject({ code: 'GIT_NO_MATCHING_TAGS' });
  });

  it('falls back to continuous deployment of first-parent commits, and says so', async () => {
    const repo = await create();
    const a = await repo.commit('One', { at: '2026-04-01T10:00:00Z' });
    await repo.checkout('topic', true);
    await repo.commit('Topic work', { at: '2026-04-01T12:00:00Z' });
    await repo.checkout('main');
    const m = await repo.merge('topic', "Merge branch 'topic'", '2026-04-02T09:00:00+02:00');
    const c = await repo.commit('Three', { at: '2026-04-03T10:00:00Z', committedAt: '2026-04-03T10:05:00Z' });
    const { deployments, deploymentSource, warnings } = await collectAll({ path: repo.dir });
    expect(deploymentSource).toBe('merges');
    expect(warnings.map((w) => w.code)).toEqual(['GIT_NO_RELEASE_TAGS']);
    expect(warnings[0]?.message).toContain('every first-parent commit of main counts as a production deployment');
    expect(deployments.map((d) => [d.id, d.commitSha, d.finishedAt])).toEqual([
      [`git:deployment:app:${a}`, a, ms('2026-04-01T10:00:00Z')],
      [`git:deployment:app:${m}`, m, ms('2026-04-02T07:00:00Z')],
      [`git:deployment:app:${c}`, c, ms('2026-04-03T10:05:00Z')],
    ]);
    expect(deployments[1]?.extra).toEqual({ detected_by: 'merges', branch: 'main' });
  });

  it('reads deployments from a CSV file, resolving refs and mapping environments', async () => {
    const repo = await create();
    const a = await repo.commit('One', { at: '2026-04-01T10:00:00Z' });
    await repo.tag('build-1', { annotated: false });
    const b = await repo.commit('Two', { at: '2026-04-02T10:00:00Z' });
    const file = repo.sibling('deployments.csv');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, [
      'id,service,environment,status,finished_at,commit_sha,ref',
      `d-1,app,prod,success,2026-04-01T12:00:00+02:00,,build-1`,
      `d-2,app,staging,success,2026-04-02T12:00:00Z,${b.slice(0, 10)},`,
      `,app,production,failed,2026-04-02T13:00:00Z,${b},`,
    ].join('\n'));
    const { deployments, deploymentSource } = await collectAll({ path: repo.dir }, { deploymentsFile: file });
    expect(deploymentSource).toBe('file');
    expect(deployments.map((d) => [d.id, d.environment, d.originalEnvironment, d.status, d.commitSha, d.finishedAt])).toEqual([
      ['d-1', 'production', 'prod', 'success', a, ms('2026-04-01T10:00:00Z')],
      ['d-2', 'staging', 'staging', 'success', b, ms('2026-04-02T12:00:00Z')],
      ['git:deployment:app:file:app:production:2026-04-02T13:00:00Z', 'production', 'production', 'failure', b, ms('2026-04-02T13:00:00Z')],
    ]);
  });

  it('lists every invalid row of a deployments file', async () => {
    const repo = await create();
    await repo.commit('One', { at: '2026-04-01T10:00:00Z' });
    const file = repo.sibling('deployments.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, JSON.stringify({ deployments: [
      { finished_at: '2026-04-01T12:00:00', ref: 'main' },
      { finished_at: '2026-04-01T12:00:00Z' },
      { finished_at: '2026-04-01T12:00:00Z', ref: 'no-such-branch' },
    ] }));
    await expect(collectAll({ path: repo.dir }, { deploymentsFile: file })).rejects.toMatchObject({
      code: 'GIT_DEPLOYMENTS_FILE_INVALID',
      message: `${file}: 2 invalid row(s): row 1: finished_at: timestamp has no offset (add Z or ±HH:MM); row 2: commit_sha or ref is required`,
    });
    await writeFile(file, JSON.stringify([{ finished_at: '2026-04-01T12:00:00Z', ref: 'no-such-branch' }]));
    await expect(collectAll({ path: repo.dir }, { deploymentsFile: file })).rejects.toMatchObject({
      code: 'GIT_DEPLOYMENTS_FILE_INVALID',
      message: `${file}: 1 row(s) name no commit of the repository: row 1: no-such-branch is not a commit of ${repo.dir}`,
    });
    await expect(collectAll({ path: repo.dir }, { deploymentsFile: repo.sibling('missing.csv') })).rejects.toMatchObject({
      code: 'GIT_DEPLOYMENTS_FILE_UNREADABLE',
    });
  });
});
