import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidAt, positionOf, reachableFrom, readCommitGraphFile, tableHeads, type CommitGraphTable } from '../../src/connectors/git/commit-graph-file.js';
import { HistoryGraph } from '../../src/connectors/git/history-graph.js';
import { BOB, TestRepo } from './git-test-repo.js';

/** `sha -> [parents, commit time]` of every commit, as git rev-list prints them. */
async function revList(repo: TestRepo): Promise<Map<string, [string[], number]>> {
  const out = new Map<string, [string[], number]>();
  for (const line of (await repo.git(['rev-list', '--all', '--parents', '--timestamp'])).split('\n')) {
    const [time, sha, ...parents] = line.split(' ');
    out.set(sha as string, [parents, Number(time)]);
  }
  return out;
}

/** The same map, read from the table. */
function fromTable(table: CommitGraphTable): Map<string, [string[], number]> {
  const out = new Map<string, [string[], number]>();
  for (let k = 0; k < table.count; k++) {
    const parents: string[] = [];
    for (let j = table.parentStart[k] as number; j < (table.parentStart[k + 1] as number); j++) parents.push(oidAt(table, table.parents[j] as number));
    out.set(oidAt(table, k), [parents, table.times[k] as number]);
  }
  return out;
}

/** History with two roots, a merge of them, an octopus merge, and dates in several time zones. */
describe('reading git commit-graph files', () => {
  let repo: TestRepo;
  let sha256: TestRepo;
  const graphOf = (r: TestRepo) => join(r.dir, '.git', 'objects', 'info', 'commit-graph');

  beforeAll(async () => {
    repo = await TestRepo.create('graph');
    await repo.commit('Root', { at: '2026-03-01T09:00:00+02:00' });
    for (const [i, branch] of ['a', 'b', 'c'].entries()) {
      await repo.checkout(branch, true, 'main');
      await repo.commit(`On ${branch}`, { at: `2026-03-0${i + 2}T09:00:00-05:00` });
    }
    await repo.checkout('main');
    await repo.git(['merge', '--quiet', '--no-ff', '-m', 'Octopus', 'a', 'b', 'c'], {
      GIT_AUTHOR_NAME: BOB.name, GIT_AUTHOR_EMAIL: BOB.email, GIT_AUTHOR_DATE: '2026-03-06T09:00:00Z',
      GIT_COMMITTER_NAME: BOB.name, GIT_COMMITTER_EMAIL: BOB.email, GIT_COMMITTER_DATE: '2026-03-06T09:00:00Z',
    });
    await repo.git(['checkout', '--quiet', '--orphan', 'other']);
    await repo.commit('Second root', { at: '2026-03-07T09:00:00+09:00' });
    await repo.checkout('main');
    await repo.git(['merge', '--quiet', '--no-ff', '--allow-unrelated-histories', '-m', 'Join the two histories', 'other'], {
      GIT_AUTHOR_NAME: BOB.name, GIT_AUTHOR_EMAIL: BOB.email, GIT_AUTHOR_DATE: '2026-03-08T09:00:00Z',
      GIT_COMMITTER_NAME: BOB.name, GIT_COMMITTER_EMAIL: BOB.email, GIT_COMMITTER_DATE: '2026-03-08T09:00:00Z',
    });
    await repo.git(['commit-graph', 'write', '--reachable']);
  });
  afterAll(async () => {
    await repo.remove();
    await sha256?.remove();
  });

  it('gives every commit with its parents in order and its commit time, as git rev-list does', async () => {
    const table = await readCommitGraphFile(graphOf(repo));
    expect(table).not.toBeNull();
    const expected = await revList(repo);
    expect(table!.count).toBe(7);
    expect(fromTable(table!)).toEqual(expected);
    // The octopus merge keeps its four parents, in order (three of them from the EDGE chunk).
    const octopus = await repo.sha('main^');
    expect(expected.get(octopus)![0]).toHaveLength(4);
    expect(positionOf(table!, octopus)).toBeGreaterThanOrEqual(0);
    expect(positionOf(table!, '0'.repeat(40))).toBe(-1);
    expect(positionOf(table!, 'not a sha')).toBe(-1);
  });

  it('finds the heads, and what a set of commits reaches', async () => {
    const table = (await readCommitGraphFile(graphOf(repo)))!;
    expect(tableHeads(table).map((k) => oidAt(table, k))).toEqual([await repo.sha('main')]);
    const reach = reachableFrom(table, [positionOf(table, await repo.sha('a'))]);
    const reached = [...reach.keys()].filter((k) => reach[k] === 1).map((k) => oidAt(table, k)).sort();
    expect(reached).toEqual([await repo.sha('main~1~1'), await repo.sha('a')].sort());
  });

  it('builds the same ancestry graph as adding each commit by hand', async () => {
    const table = (await readCommitGraphFile(graphOf(repo)))!;
    const fromFile = new HistoryGraph();
    // One commit added before: the table keeps it as it was and adds the rest.
    fromFile.add(await repo.sha('b'), [await repo.sha('main~1~1')]);
    fromFile.addTable(table, reachableFrom(table, tableHeads(table)));
    const byHand = new HistoryGraph();
    for (const [sha, [parents]] of await revList(repo)) byHand.add(sha, parents);
    const edges = (g: HistoryGraph) =>
      Array.from({ length: g.size }, (_, i) => [g.shaAt(i), g.parentsOf(i).map((p) => g.shaAt(p))] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    expect(edges(fromFile)).toEqual(edges(byHand));
    const main = fromFile.indexOf(await repo.sha('main'))!;
    const root = fromFile.indexOf(await repo.sha('other'))!;
    expect(fromFile.isAncestor(root, main)).toBe(true);
  });

  it('reads SHA-256 repositories', async () => {
    sha256 = await TestRepo.create('graph256');
    await rm(join(sha256.dir, '.git'), { recursive: true });
    await sha256.git(['init', '--quiet', '--object-format=sha256', '--initial-branch=main']);
    await sha256.commit('One', { at: '2026-03-01T09:00:00Z' });
    await sha256.commit('Two', { at: '2026-03-02T09:00:00Z' });
    await sha256.git(['commit-graph', 'write', '--reachable']);
    const table = await readCommitGraphFile(graphOf(sha256));
    expect(table?.hashBytes).toBe(32);
    expect(fromTable(table!)).toEqual(await revList(sha256));
  });

  it('returns null, never a wrong graph, for a missing, truncated, foreign or split file', async () => {
    expect(await readCommitGraphFile(join(repo.dir, 'no-such-file'))).toBeNull();
    const bytes = await readFile(graphOf(repo));
    const broken = join(repo.sibling('broken'));
    await writeFile(broken, bytes.subarray(0, bytes.length - 200));
    expect(await readCommitGraphFile(broken)).toBeNull();
    const version = Buffer.from(bytes);
    version[4] = 9;
    await writeFile(broken, version);
    expect(await readCommitGraphFile(broken)).toBeNull();
    const layered = Buffer.from(bytes);
    layered[7] = 1;
    await writeFile(broken, layered);
    expect(await readCommitGraphFile(broken)).toBeNull();
    // A parent position past the end of the table.
    await copyFile(graphOf(repo), broken);
    const table = (await readCommitGraphFile(broken))!;
    const cdat = bytes.indexOf('CDAT', 8, 'latin1');
    const cdatStart = Number(bytes.readBigUInt64BE(cdat + 4));
    const outOfRange = Buffer.from(bytes);
    outOfRange.writeUInt32BE(table.count + 5, cdatStart + 20);
    await writeFile(broken, outOfRange);
    expect(await readCommitGraphFile(broken)).toBeNull();
  });
});

