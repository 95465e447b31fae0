/**
 * `panorama analyze` end to end on scripted repositories: exact figures from tags, several
 * repositories as services of one organisation, and the exits when nothing can be read.
 *
 * Repository "shop": c1 Mon 2026-09-07 09:00+02:00 (07:00Z), tagged v1.0.0 (annotated) at
 * 2026-09-07 12:00Z; c2 2026-09-08 10:00Z and c3 2026-09-09 08:00-04:00 (12:00Z), tagged v1.1.0
 * at 2026-09-09 18:00Z. Window [2026-09-07, 2026-09-21) UTC.
 * No baseline: c1 is shipped by the first observed deployment, so its start is unknown.
 * Lead times: c2 = 09-09 18:00 - 09-08 10:00 = 115200 s; c3 = 6 h = 21600 s; median 68400.
 * Deployments: 2 in week 2026-09-07, 0 in week 2026-09-14; median deploy days 1, per week 1.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { TestRepo } from './git-test-repo.js';

const WINDOW = ['--since', '2026-09-07', '--until', '2026-09-21'];

describe('panorama analyze', () => {
  let shop: TestRepo;
  let docs: TestRepo;
  const dir = tempDir();
  const db = join(dir, 'p.db');

  beforeAll(async () => {
    shop = await TestRepo.create('shop');
    await shop.commit('Start the shop', {
      at: '2026-09-07T09:00:00+02:00',
      files: { 'a.txt': 'a\n' },
    });
    await shop.tag('v1.0.0', { annotated: true, at: '2026-09-07T12:00:00Z' });
    await shop.commit('Add cart', { at: '2026-09-08T10:00:00Z', files: { 'b.txt': 'b\n' } });
    await shop.commit('Fix cart', { at: '2026-09-09T08:00:00-04:00', files: { 'b.txt': 'bb\n' } });
    await shop.tag('v1.1.0', { annotated: true, at: '2026-09-09T18:00:00Z' });
    docs = await TestRepo.create('docs');
    await docs.commit('Write docs', { at: '2026-09-10T09:00:00Z', files: { README: 'x\n' } });
  });
  afterAll(async () => {
    await shop.remove();
    await docs.remove();
  });

  it('reads tags as deployments and prints exact figures', async () => {
    const r = await runCli(
      ['analyze', shop.dir, '--db', db, '--org', 'Acme', ...WINDOW, '--format', 'json'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /✓ shop: 3 commits, 0 pull requests, 2 deployments \(from tags\); full read/,
    );
    const report = JSON.parse(r.stdout);
    expect(report.services).toEqual(['shop']);
    expect(report.dora.deployment_frequency).toMatchObject({
      count: 2,
      per_week: [
        { week_start: '2026-09-07', deployments: 2, deploy_days: 2 },
        { week_start: '2026-09-14', deployments: 0, deploy_days: 0 },
      ],
      median_deploy_days_per_week: 1,
      mean_deployments_per_week: 1,
    });
    expect(report.dora.change_lead_time).toMatchObject({
      changes: 2,
      median_seconds: 68_400,
      mean_seconds: 68_400,
    });
    expect(report.dora.change_lead_time.excluded).toEqual([
      expect.objectContaining({ reason: 'unknown_start' }),
    ]);
  });

  it('reads nothing new on a second run and prints the same report', async () => {
    const first = await runCli(
      ['analyze', shop.dir, '--db', db, '--org', 'Acme', ...WINDOW, '--format', 'json'],
      { cwd: dir },
    );
    expect(first.stderr).toMatch(/unchanged since the last run/);
    expect(JSON.parse(first.stdout).dora).toEqual(
      JSON.parse(
        (
          await runCli(['report', '--db', db, '--org', 'Acme', ...WINDOW, '--format', 'json'], {
            cwd: dir,
          })
        ).stdout,
      ).dora,
    );
  });

  it('turns several repositories into services of one organisation, and keeps going past a bad path', async () => {
    const r = await runCli(
      [
        'analyze',
        shop.dir,
        docs.dir,
        join(dir, 'missing'),
        '--db',
        join(dir, 'two.db'),
        ...WINDOW,
        '--deploy-on',
        'merges',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1); // partial: the report is printed, the bad path is listed
    expect(r.stderr).toContain('GIT_PATH_UNREADABLE');
    expect(r.stdout).toContain('all services (docs, shop)');
  });

  it('exits 66 for a folder that is not a repository and 65 for an empty one, with no report', async () => {
    const plain = tempDir();
    const notRepo = await runCli(['analyze', plain, '--db', join(dir, 'x.db')], { cwd: dir });
    expect(notRepo.code).toBe(66);
    expect(notRepo.stderr).toContain('GIT_NOT_A_REPOSITORY');
    expect(notRepo.stdout).toBe('');
    const empty = await TestRepo.create('empty');
    const emptyRun = await runCli(['analyze', empty.dir, '--db', join(dir, 'x.db')], { cwd: dir });
    await empty.remove();
    expect(emptyRun.code).toBe(65);
    expect(emptyRun.stderr).toContain('GIT_EMPTY_REPOSITORY');
  });

  it('says which tags exist when the pattern matches none', async () => {
    const r = await runCli(
      ['analyze', shop.dir, '--db', join(dir, 'y.db'), '--tag-pattern', 'release-*'],
      { cwd: dir },
    );
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('GIT_NO_MATCHING_TAGS');
    expect(r.stderr).toContain('v1.0.0');
  });

  it('exits 66 naming a deployments file that does not exist', async () => {
    const r = await runCli(
      ['analyze', shop.dir, '--db', join(dir, 'z.db'), '--deployments', 'nope.csv'],
      { cwd: dir },
    );
    expect(r.code).toBe(66);
    expect(r.stderr).toContain(
      `GIT_DEPLOYMENTS_FILE_UNREADABLE: ${join(dir, 'nope.csv')}: cannot read the deployments file`,
    );
  });
});
