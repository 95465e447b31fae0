import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/shared/errors.js';
import { TestRepo, collectAll } from './git-test-repo.js';

const isRoot = process.getuid?.() === 0;

describe('git connector: errors and degraded repositories', () => {
  let repo: TestRepo;
  const c: Record<string, string> = {};
  beforeAll(async () => {
    repo = await TestRepo.create('origin');
    await repo.git(['config', 'uploadpack.allowFilter', 'true']);
    c.a = await repo.commit('One', { at: '2026-10-01T09:00:00Z', files: { 'a.txt': 'a\n', 'b.txt': 'b\n' } });
    c.b = await repo.commit('Two', { at: '2026-10-02T09:00:00Z', files: { 'a.txt': 'a\na2\n' } });
    c.c = await repo.commit('Three', { at: '2026-10-03T09:00:00Z', files: { 'b.txt': 'b\nb2\n' } });
    c.d = await repo.commit('Four', { at: '2026-10-04T09:00:00Z', files: { 'c.txt': 'c\n' } });
  });
  afterAll(() => repo.remove());

  const rejects = (path: string, code: string, message: string) =>
    expect(collectAll({ path })).rejects.toSatisfy((e: unknown) => e instanceof ConnectorError && e.code === code && e.message === message);

  it('refuses a folder that is not a repository, a file, and a missing path', async () => {
    const plain = repo.sibling('plain');
    await mkdir(plain);
    await writeFile(join(plain, 'notes.txt'), 'x');
    await rejects(plain, 'GIT_NOT_A_REPOSITORY', `${plain}: is not a git repository; give the folder that holds .git (or run git init there)`);
    await rejects(join(plain, 'notes.txt'), 'GIT_NOT_A_REPOSITORY', `${join(plain, 'notes.txt')}: is a file, not a git repository; give the folder that holds .git`);
    await rejects(repo.sibling('nowhere'), 'GIT_PATH_UNREADABLE', `${repo.sibling('nowhere')}: no such folder; check the path`);
    await rejects(join(plain, 'notes.txt', 'x'), 'GIT_PATH_UNREADABLE', `${join(plain, 'notes.txt', 'x')}: cannot be read (ENOTDIR); check the path and its permissions`);
  });

  // Root reads every folder whatever its mode, so this case cannot be produced when tests run as root.
  it.skipIf(isRoot)('refuses a folder it may not read', async () => {
    const locked = repo.sibling('locked');
    await mkdir(locked, { mode: 0o000 });
    await rejects(locked, 'GIT_PATH_UNREADABLE', `${locked}: cannot be read (permission denied); check its permissions or run as its owner`);
  });

  it('refuses an empty repository', async () => {
    const empty = await TestRepo.create('empty');
    try {
      await rejects(empty.dir, 'GIT_EMPTY_REPOSITORY', `${empty.dir}: the repository has no commits yet; commit something or analyze another repository`);
    } finally {
      await empty.remove();
    }
  });

  it('says git is missing when it cannot be run', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = repo.sibling('no-bin');
    try {
      await expect(collectAll({ path: repo.dir })).rejects.toMatchObject({
        code: 'GIT_NOT_INSTALLED',
        message: 'git is not installed or not on PATH: install git (https://git-scm.com/downloads) and run again',
      });
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('reads a shallow clone with a warning that older lead times are unknown', async () => {
    const shallow = repo.sibling('shallow');
    await repo.git(['clone', '--quiet', '--depth', '2', `file://${repo.dir}`, shallow]);
    const { commits, warnings } = await collectAll({ path: shallow });
    expect(commits.map((x) => [x.sha, x.parents])).toEqual([[c.d, [c.c]], [c.c, []]]);
    expect(warnings).toContainEqual({
      code: 'GIT_SHALLOW_CLONE',
      message: `${shallow} is a shallow clone: commits before its boundary are missing, so lead times of older changes are unknown; run git fetch --unshallow there for full history`,
    });
  });

  it('reads a partial clone without downloading blobs: sizes it lacks are unknown, with one warning', async () => {
    const partial = repo.sibling('partial');
    await repo.git(['clone', '--quiet', '--no-local', '--filter=blob:none', `file://${repo.dir}`, partial]);
    const packs = async (): Promise<number> => (await readdir(join(partial, '.git/objects/pack'))).length;
    const before = await packs();
    const { commits, warnings } = await collectAll({ path: partial });
    expect(await packs()).toBe(before);
    expect(commits).toHaveLength(4);
    const unknown = commits.filter((x) => x.additions === null).map((x) => x.sha);
    expect(unknown.length).toBeGreaterThan(0);
    expect(commits.filter((x) => x.additions !== null).every((x) => typeof x.deletions === 'number')).toBe(true);
    // Unmeasured or not, every commit carries its own fields.
    expect(commits.map((x) => [x.sha, x.message, x.parents.length])).toEqual([
      [c.d, 'Four', 1], [c.c, 'Three', 1], [c.b, 'Two', 1], [c.a, 'One', 0],
    ]);
    expect(warnings).toContainEqual({
      code: 'GIT_SIZES_UNAVAILABLE',
      message: `sizes of ${unknown.length} commit(s) are unknown: their file contents are not in this clone (a partial clone); everything else was ingested; run git fetch --refetch or clone without --filter to get them`,
    });
  });

  it('skips the sizes of commits whose blobs are missing from a full clone, and measures the rest', async () => {
    const damaged = repo.sibling('damaged');
    await repo.git(['clone', '--quiet', '--no-local', `file://${repo.dir}`, damaged]);
    // Loosen the clone's objects (unpack-objects skips objects present, so move the pack out first),
    // then remove one blob: `b\n`, b.txt as of the first commit.
    const { execFileSync } = await import('node:child_process');
    execFileSync('sh', ['-c', 'mv .git/objects/pack/*.pack ../damaged.pack && rm -f .git/objects/pack/* && git unpack-objects -q < ../damaged.pack'], { cwd: damaged });
    const blob = await repo.git(['rev-parse', `${c.a}:b.txt`], {}, damaged);
    await rm(join(damaged, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    const { commits, warnings } = await collectAll({ path: damaged });
    const sizes = Object.fromEntries(commits.map((x) => [x.sha, [x.additions, x.deletions]]));
    expect(sizes).toEqual({
      [c.a as string]: [null, null],
      [c.b as string]: [1, 0],
      [c.c as string]: [null, null],
      [c.d as string]: [1, 0],
    });
    expect(commits.map((x) => [x.sha, x.message, x.authoredAt])).toEqual([
      [c.d, 'Four', Date.parse('2026-10-04T09:00:00Z')], [c.c, 'Three', Date.parse('2026-10-03T09:00:00Z')],
      [c.b, 'Two', Date.parse('2026-10-02T09:00:00Z')], [c.a, 'One', Date.parse('2026-10-01T09:00:00Z')],
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['GIT_NO_RELEASE_TAGS', 'GIT_SIZES_UNAVAILABLE']);
    expect(warnings[1]?.message).toContain('sizes of 2 commit(s) are unknown: their file contents are not in this clone (missing objects)');
  });

  it('fails at once, naming it, when a commit the commit-graph file lists has lost its object', async () => {
    const damaged = repo.sibling('lost-commit');
    await repo.git(['clone', '--quiet', '--no-local', `file://${repo.dir}`, damaged]);
    const { execFileSync } = await import('node:child_process');
    execFileSync('sh', ['-c', 'mv .git/objects/pack/*.pack ../lost-commit.pack && rm -f .git/objects/pack/* && git unpack-objects -q < ../lost-commit.pack'], { cwd: damaged });
    // rev-list reads the history from the commit-graph file, without the commit objects.
    await repo.git(['commit-graph', 'write', '--reachable'], {}, damaged);
    await rm(join(damaged, '.git/objects', (c.b as string).slice(0, 2), (c.b as string).slice(2)));
    await expect(collectAll({ path: damaged })).rejects.toSatisfy(
      (e: unknown) => e instanceof ConnectorError && e.code === 'GIT_COMMAND_FAILED' && e.message.includes(`commit ${c.b} is part of the history (the commit-graph file lists it) but its object is missing`),
    );
  });

  it('notes that a subfolder reads its whole repository', async () => {
    await mkdir(join(repo.dir, 'docs'), { recursive: true });
    await writeFile(join(repo.dir, 'docs', 'x.md'), 'x');
    const { warnings, repository } = await collectAll({ path: join(repo.dir, 'docs') });
    expect(repository.name).toBe('origin');
    expect(warnings.map((w) => w.code)).toEqual(['GIT_SUBFOLDER', 'GIT_NO_RELEASE_TAGS']);
  });
});
