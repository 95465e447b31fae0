/**
 * The store contract, continued: `listCommitGraph`, the lean commit list every report reads, on
 * every database (describeOnDatabases: once per database). Its nodes must be exactly the
 * graph fields of the stored commits, whatever the JSON of their lists looks like.
 */
import { expect, it } from 'vitest';
import type { CommitNode } from '../../src/domain/index.js';
import { bareCommit, commit, manyCommits, T0 } from './store-fixtures.js';
import { describeOnDatabases } from './test-databases.js';

/** The node of a commit, as listCommitGraph returns it. */
const node = (c: CommitNode): CommitNode => ({
  repository: c.repository,
  sha: c.sha,
  parents: [...c.parents],
  authoredAt: c.authoredAt,
  committedAt: c.committedAt,
  services: [...c.services],
});

/** The graph order does not matter: compare by (repository, sha). */
const sorted = (nodes: readonly CommitNode[]): CommitNode[] => {
  const key = (n: CommitNode) => `${n.repository}\u0000${n.sha}`;
  return nodes.map(node).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

describeOnDatabases('listCommitGraph', (storeOf) => {
  it('lists the graph fields of every commit exactly, lists of any shape included', async () => {
    const store = storeOf();
    const commits = [
      commit(),
      bareCommit(),
      bareCommit({ sha: 'd'.repeat(40), parents: ['c'.repeat(40)], services: ['api'] }),
      // Strings a fast path could get wrong: quotes, backslashes, unicode, a comma.
      bareCommit({
        sha: 'e'.repeat(40),
        parents: ['x"y', 'back\\slash'],
        services: ['a, b', 'ünï ✓'],
        committedAt: T0 + 5,
        authoredAt: T0 - 86_400_000,
      }),
      bareCommit({ sha: 'f'.repeat(40), parents: ['"'], services: ['\\'] }),
      bareCommit({ repository: 'acme/web', sha: 'a'.repeat(40), parents: [''] }),
    ];
    await store.upsertCommits(commits);
    const nodes = await store.listCommitGraph({ org: 'acme' });
    expect(sorted(nodes)).toStrictEqual(sorted(commits));
    for (const n of nodes) expect(Object.keys(n).sort()).toEqual(Object.keys(node(n)).sort());
  });

  it('reads chains of parents, the previous row’s sha included, whatever its characters', async () => {
    const store = storeOf();
    const chain = ['a\\nb', 'x"y', 'c1', 'c2', 'c3'];
    const commits = chain.map((sha, i) =>
      bareCommit({ sha, parents: i === 0 ? [] : [chain[i - 1] as string] }),
    );
    commits.push(bareCommit({ repository: 'fork', sha: 'f1', parents: ['c3'] }));
    await store.upsertCommits(commits);
    expect(sorted(await store.listCommitGraph({ org: 'acme' }))).toStrictEqual(sorted(commits));
  });

  it('lists the commits of some repositories, of none, and of this organisation only', async () => {
    const store = storeOf();
    await store.upsertCommits([
      bareCommit({ repository: 'api', sha: 'a1' }),
      bareCommit({ repository: 'web', sha: 'b1' }),
      bareCommit({ repository: 'ops', sha: 'c1' }),
      bareCommit({ org: 'other', repository: 'api', sha: 'd1' }),
    ]);
    const list = async (repositories?: string[]) =>
      (await store.listCommitGraph({ org: 'acme', ...(repositories ? { repositories } : {}) }))
        .map((x) => `${x.repository}:${x.sha}`)
        .sort();
    expect(await list()).toEqual(['api:a1', 'ops:c1', 'web:b1']);
    expect(await list(['web', 'ops'])).toEqual(['ops:c1', 'web:b1']);
    expect(await list(['nope'])).toEqual([]);
    expect(await list([])).toEqual([]);
  });

  it('reads more rows than one fetch, and sees a transaction’s own writes', async () => {
    const store = storeOf();
    const commits = manyCommits(12_345, { parents: ['0'.repeat(40)] });
    await store.upsertCommits(commits);
    expect(sorted(await store.listCommitGraph({ org: 'acme' }))).toStrictEqual(sorted(commits));
    const inside = await store.transaction(async (tx) => {
      await tx.upsertCommits([bareCommit({ repository: 'new', sha: 'abc' })]);
      return tx.listCommitGraph({ org: 'acme', repositories: ['new'] });
    });
    expect(inside.map((n) => n.sha)).toEqual(['abc']);
  });
});
