import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, TestRepo, collectAll, ms } from './git-test-repo.js';

describe('git connector: commits', () => {
  let repo: TestRepo;
  const shas: Record<string, string> = {};

  beforeAll(async () => {
    repo = await TestRepo.create('shop');
    await repo.git(['remote', 'add', 'origin', 'https://deploy-bot:s3cret@github.com/acme/shop.git']);
    shas.first = await repo.commit('Initial commit', {
      at: '2026-03-02T09:15:00+01:00', files: { 'README.md': 'hello\n' },
    });
    await repo.checkout('feature/login', true);
    shas.feature = await repo.commit('Add login form\n\nWith a body line.\n\nCo-authored-by: Bob <bob@example.com>', {
      at: '2026-03-02T18:40:00-05:00', committedAt: '2026-03-03T08:00:00+05:30', author: BOB, committer: ALICE,
      files: { 'src/login.ts': 'a\nb\nc\n', 'README.md': 'hello\nlogin\n' },
    });
    await repo.checkout('main');
    shas.merge = await repo.merge('feature/login', 'Merge pull request #7 from acme/feature/login\n\nAdd login form', '2026-03-03T10:00:00Z');
    shas.removal = await repo.commit('Remove readme', { at: '2026-03-04T23:30:00+09:00', files: { 'README.md': null } });
  });
  afterAll(() => repo.remove());

  it('maps every field of a change, with offsets turned into instants and kept', async () => {
    const { commits } = await collectAll({ path: repo.dir });
    const feature = commits.find((c) => c.sha === shas.feature);
    expect(feature).toEqual({
      org: 'acme',
      repository: 'shop',
      sha: shas.feature,
      parents: [shas.first],
      author: 'Bob Osei <bob@example.com>',
      authoredAt: ms('2026-03-02T23:40:00Z'),
      committedAt: ms('2026-03-03T02:30:00Z'),
      message: 'Add login form\n\nWith a body line.\n\nCo-authored-by: Bob <bob@example.com>',
      additions: 4,
      deletions: 0,
      services: [],
      origin: { source: 'git', rawId: null },
      extra: { author_offset: '-05:00', committer_offset: '+05:30' },
    });
  });

  it('reads merges with both parents, sized against their first parent', async () => {
    const { commits } = await collectAll({ path: repo.dir });
    const merge = commits.find((c) => c.sha === shas.merge);
    expect(merge?.parents).toEqual([shas.first, shas.feature]);
    expect(merge?.author).toBe('Bob Osei <bob@example.com>');
    expect(merge?.committedAt).toBe(ms('2026-03-03T10:00:00Z'));
    expect([merge?.additions, merge?.deletions]).toEqual([4, 0]);
    expect(commits.find((c) => c.sha === shas.first)?.parents).toEqual([]);
    expect(commits.find((c) => c.sha === shas.removal)).toMatchObject({ additions: 0, deletions: 2, committedAt: ms('2026-03-04T14:30:00Z') });
  });

  it('reads every commit once, and leaves sizes null when asked not to read them', async () => {
    const { commits, commitsRead } = await collectAll({ path: repo.dir }, { sizes: false });
    expect(commitsRead).toBe(4);
    expect(new Set(commits.map((c) => c.sha)).size).toBe(4);
    expect(commits.every((c) => c.additions === null && c.deletions === null)).toBe(true);
  });

  it('describes the repository without the credentials of its remote URL', async () => {
    const { repository, scope } = await collectAll({ path: repo.dir });
    expect(repository).toMatchObject({
      org: 'acme', name: 'shop', defaultBranch: 'main', baselineProductionSha: null,
      url: 'https://github.com/acme/shop.git', origin: { source: 'git', rawId: null },
    });
    expect(scope).toBe(`git:${repo.dir}`);
  });

  it('uses the name and service it is given', async () => {
    const { commits, repository, pullRequests } = await collectAll({ path: repo.dir, name: 'acme/shop', service: 'storefront' });
    expect(repository.name).toBe('acme/shop');
    expect(commits[0]?.repository).toBe('acme/shop');
    expect(pullRequests[0]).toMatchObject({ id: 'git:pull_request:acme/shop:7', service: 'storefront' });
  });
});
