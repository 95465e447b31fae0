import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo, collectAll } from './git-test-repo.js';

const SERVICES = { api: { paths: ['services/api/**'] }, web: { paths: ['services/web'] } };

describe('git connector: monorepos', () => {
  let repo: TestRepo;
  const c: Record<string, string> = {};

  beforeAll(async () => {
    repo = await TestRepo.create('platform');
    c.init = await repo.commit('Initial', {
      at: '2026-07-01T09:00:00Z',
      files: { 'README.md': 'x\n', 'services/api/main.go': 'a\n', 'services/web/app.ts': 'w\n' },
    });
    c.api = await repo.commit('API change', {
      at: '2026-07-02T09:00:00Z',
      files: { 'services/api/handler.go': 'h\n' },
    });
    await repo.tag('api-v1.0.0', { annotated: true, at: '2026-07-02T12:00:00Z' });
    c.web = await repo.commit('Web change', {
      at: '2026-07-03T09:00:00Z',
      files: { 'services/web/page.ts': 'p\n' },
    });
    await repo.tag('web@2.0.0', { annotated: true, at: '2026-07-03T12:00:00Z' });
    c.root = await repo.commit('Docs', {
      at: '2026-07-04T09:00:00Z',
      files: { 'README.md': 'x\ny\n' },
    });
    await repo.git(['mv', 'services/api/handler.go', 'services/web/handler.go']);
    c.move = await repo.commit('Move handler to web', { at: '2026-07-05T09:00:00Z', files: {} });
    await repo.tag('v3.0.0', { annotated: true, at: '2026-07-05T12:00:00Z' });
    await repo.tag('api@1.1.0', { annotated: false });
  });
  afterAll(() => repo.remove());

  it.each([true, false])(
    'maps each commit to the services its paths touch (sizes %s)',
    async (sizes) => {
      const { commits } = await collectAll({ path: repo.dir, services: SERVICES }, { sizes });
      const services = Object.fromEntries(commits.map((x) => [x.sha, x.services]));
      expect(services).toEqual({
        [c.init as string]: ['api', 'web'],
        [c.api as string]: ['api'],
        [c.web as string]: ['web'],
        [c.root as string]: [],
        [c.move as string]: ['api', 'web'],
      });
    },
  );

  it('deploys service tags to their service and a tag naming no service to every service', async () => {
    const { deployments } = await collectAll({ path: repo.dir, services: SERVICES });
    expect(deployments.map((d) => [d.id, d.service, d.commitSha])).toEqual([
      ['git:deployment:platform:api-v1.0.0', 'api', c.api],
      ['git:deployment:platform:web@2.0.0', 'web', c.web],
      ['git:deployment:platform:api@1.1.0', 'api', c.move],
      ['git:deployment:platform:v3.0.0:api', 'api', c.move],
      ['git:deployment:platform:v3.0.0:web', 'web', c.move],
    ]);
  });

  it('takes a service its own tag pattern', async () => {
    const { deployments } = await collectAll({
      path: repo.dir,
      services: {
        api: { paths: ['services/api/**'], tagPattern: 'api@*' },
        web: { paths: ['services/web/**'] },
      },
    });
    expect(deployments.filter((d) => d.service === 'api').map((d) => d.id)).toEqual([
      'git:deployment:platform:api@1.1.0',
      'git:deployment:platform:v3.0.0:api',
    ]);
  });

  it('under continuous deployment, deploys the services each first-parent commit touches', async () => {
    const { deployments } = await collectAll(
      { path: repo.dir, services: SERVICES },
      { deployOn: 'merges' },
    );
    expect(deployments.map((d) => [d.commitSha, d.service])).toEqual([
      [c.init, 'api'],
      [c.init, 'web'],
      [c.api, 'api'],
      [c.web, 'web'],
      [c.move, 'api'],
      [c.move, 'web'],
    ]);
    expect(deployments[0]?.id).toBe(`git:deployment:platform:${c.init}:api`);
  });

  it('gives a PR the one service it touches', async () => {
    await repo.checkout('feature/web-x', true);
    await repo.commit('Web feature', {
      at: '2026-07-06T09:00:00Z',
      files: { 'services/web/x.ts': 'x\n' },
    });
    await repo.checkout('main');
    await repo.merge(
      'feature/web-x',
      'Merge pull request #3 from acme/feature/web-x',
      '2026-07-06T10:00:00Z',
    );
    const { pullRequests } = await collectAll({ path: repo.dir, services: SERVICES });
    expect(pullRequests.map((p) => [p.number, p.service])).toEqual([[3, 'web']]);
  });

  it('gives a PR touching several services no service, so it counts for each that deploys the repository', async () => {
    await repo.checkout('feature/both', true);
    await repo.commit('Both sides', {
      at: '2026-07-07T09:00:00Z',
      files: { 'services/web/y.ts': 'y\n', 'services/api/y.go': 'y\n' },
    });
    await repo.checkout('main');
    await repo.merge(
      'feature/both',
      'Merge pull request #4 from acme/feature/both',
      '2026-07-07T10:00:00Z',
    );
    const { pullRequests } = await collectAll({ path: repo.dir, services: SERVICES });
    expect(pullRequests.map((p) => [p.number, p.service])).toEqual([
      [3, 'web'],
      [4, ''],
    ]);
  });
});
