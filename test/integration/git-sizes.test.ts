import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/error-codes.js';
import { readGitLog, type RawGitCommit } from '../../src/connectors/git/git-log-reader.js';
import { readSizedCommits } from '../../src/connectors/git/git-sizes-reader.js';
import { OutputFiles } from '../../src/connectors/git/numstat-output-files.js';
import { TestRepo } from './git-test-repo.js';

async function* batches<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe('the sizes pass', () => {
  let repo: TestRepo;
  let shas: string[];
  beforeAll(async () => {
    repo = await TestRepo.create('sizes');
    for (let i = 1; i <= 7; i++) {
      await repo.commit(`Commit ${i}`, { at: `2026-02-0${i}T10:00:00Z`, files: { [`f${i % 3}.txt`]: 'x\n'.repeat(i) } });
    }
    // A rename: numstat prints an empty path, then both paths as tokens of their own.
    await repo.commit('Rename', { at: '2026-02-08T10:00:00Z', files: { 'f0.txt': null, 'renamed.txt': 'x\n'.repeat(6) } });
    shas = (await repo.git(['rev-list', 'HEAD'])).split('\n');
  });
  afterAll(() => repo.remove());

  it('prints each commit\'s own fields beside its sizes, as git log does', async () => {
    const sized: RawGitCommit[] = [];
    for await (const batch of readSizedCommits(batches(shas, 2), { cwd: repo.dir, chunkSize: 3, workers: 2 })) sized.push(...batch.map((c) => c.raw));
    const logged: RawGitCommit[] = [];
    for await (const batch of readGitLog({ cwd: repo.dir, range: { include: ['HEAD'], exclude: [] }, mode: 'full' })) logged.push(...batch);
    expect(sized).toEqual(logged);
    expect(sized[0]).toMatchObject({ message: 'Rename', authorDate: '2026-02-08T10:00:00+00:00', parents: [shas[1]] });
  });

  it('measures chunks in parallel and hands them back in their original order', async () => {
    const read = async (chunkSize: number, workers: number, paths = true): Promise<Array<[string, number | null, number | null, string[]]>> => {
      const out: Array<[string, number | null, number | null, string[]]> = [];
      for await (const batch of readSizedCommits(batches(shas, 3), { cwd: repo.dir, chunkSize, workers, paths })) {
        for (const { raw, measured } of batch) out.push([raw.sha, measured.additions, measured.deletions, measured.files]);
      }
      return out;
    };
    const serial = await read(100, 1);
    expect(serial.map(([sha]) => sha)).toEqual(shas);
    expect(serial.at(-1)).toEqual([shas.at(-1), 1, 0, ['f1.txt']]);
    expect(serial[0]).toEqual([shas[0], 0, 0, ['f0.txt', 'renamed.txt']]);
    // Commit 7 rewrites f1.txt (4 lines since commit 4) with 7 lines.
    expect(serial[1]).toEqual([shas[1], 3, 0, ['f1.txt']]);
    expect(await read(2, 2)).toEqual(serial);
    expect(await read(1, 3)).toEqual(serial);
    // Without paths: the same sizes, no files.
    expect(await read(3, 2, false)).toEqual(serial.map(([sha, added, deleted]) => [sha, added, deleted, []]));
  });

  describe('its temporary folder', () => {
    const saved = process.env['TMPDIR'];
    let tmp: string;
    beforeEach(() => {
      tmp = mkdtempSync(join(tmpdir(), 'panorama-sizes-test-'));
      process.env['TMPDIR'] = tmp;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
      rmSync(tmp, { recursive: true, force: true });
    });

    it('is removed when the read ends, and when the reader stops early', async () => {
      let seen = 0;
      for await (const batch of readSizedCommits(batches(shas, 3), { cwd: repo.dir, chunkSize: 2, workers: 2 })) {
        seen += batch.length;
        // Outputs wait there while chunks are measured.
        expect(readdirSync(tmp)).toHaveLength(1);
      }
      expect(seen).toBe(shas.length);
      expect(readdirSync(tmp)).toEqual([]);
      for await (const batch of readSizedCommits(batches(shas, 3), { cwd: repo.dir, chunkSize: 2, workers: 2 })) {
        expect(batch.length).toBeGreaterThan(0);
        break;
      }
      expect(readdirSync(tmp)).toEqual([]);
    });

    it('is not made again by a chunk that asks for a file after the read stopped', async () => {
      const files = new OutputFiles();
      await files.remove();
      await expect(files.name()).rejects.toThrow(/the sizes read has stopped/);
      expect(readdirSync(tmp)).toEqual([]);
    });

    it('is not made when there is nothing to measure', async () => {
      process.env['TMPDIR'] = join(tmp, 'missing');
      const read: unknown[] = [];
      for await (const batch of readSizedCommits(batches([] as string[], 3), { cwd: repo.dir })) read.push(...batch);
      expect(read).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
    });

    it('fails with GIT_TEMP_UNWRITABLE, naming the folder, when it cannot be created', async () => {
      process.env['TMPDIR'] = join(tmp, 'missing');
      const read = async () => {
        for await (const batch of readSizedCommits(batches(shas, 3), { cwd: repo.dir })) expect(batch).toBeDefined();
      };
      await expect(read()).rejects.toMatchObject({
        code: ERROR_CODES.GIT_TEMP_UNWRITABLE,
        message: expect.stringMatching(/cannot create a temporary folder .*missing\/panorama-sizes-XXXXXX \(ENOENT\).*TMPDIR/) as unknown,
      });
    });
  });
});
