import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommitNode } from '../../domain/index.js';
import { CommitGraphBuilder, CommitGraphs, commitNodeAt, isChangeFor } from './commit-graph.js';

const sha = (n: number): string => n.toString(16).padStart(40, '0');

/** A random history: commit i has up to two parents among commits 0..i-1, or a missing one. */
const histories = fc
  .array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.boolean()), {
    minLength: 1,
    maxLength: 60,
  })
  .map((specs) =>
    specs.map(([a, b, kind, named], i): CommitNode => {
      const parents =
        i === 0 || kind === 0
          ? []
          : kind === 1
            ? [sha(a % i)]
            : kind === 2
              ? [sha(a % i), sha(b % i)]
              : [sha(10_000 + a)];
      return {
        repository: 'api',
        sha: sha(i),
        parents: [...new Set(parents)],
        authoredAt: 1_000 * i,
        committedAt: 1_000 * i + 7,
        services: named ? ['web'] : [],
      };
    }),
  );

describe('CommitGraphBuilder', () => {
  it('gives every commit back with its known parents, whatever order the commits come in', () => {
    fc.assert(
      fc.property(histories, fc.boolean(), (commits, reversed) => {
        const builder = new CommitGraphBuilder('api');
        for (const c of reversed ? [...commits].reverse() : commits) {
          builder.add(c.sha, c.parents, c.authoredAt, c.committedAt, c.services);
        }
        const graph = builder.build();
        expect(graph.size).toBe(commits.length);
        const known = new Set(commits.map((c) => c.sha));
        for (const c of commits) {
          const i = graph.index.get(c.sha) as number;
          // Parents absent from the data (shallow history) are dropped; the rest keep their order.
          expect(commitNodeAt(graph, i)).toStrictEqual({
            ...c,
            parents: c.parents.filter((p) => known.has(p)),
          });
          expect(graph.isMerge[i]).toBe(c.parents.length >= 2 ? 1 : 0);
          expect(isChangeFor(graph, i, 'web')).toBe(c.parents.length < 2);
          expect(isChangeFor(graph, i, 'api')).toBe(
            c.parents.length < 2 && c.services.length === 0,
          );
        }
      }),
    );
  });

  it('refuses a commit given twice (stores list each once; CommitGraphs.of dedupes lists)', () => {
    const builder = new CommitGraphBuilder('api');
    builder.add(sha(1), [], 0, 0, []);
    expect(() => builder.add(sha(1), [], 0, 0, [])).toThrow(/given twice/);
  });

  it('keeps one copy of a repeated commit in a list, the same one whatever the order', () => {
    const a: CommitNode = {
      repository: 'api',
      sha: sha(1),
      parents: [],
      authoredAt: 5,
      committedAt: 9,
      services: [],
    };
    const b: CommitNode = { ...a, committedAt: 8 };
    for (const list of [
      [a, b],
      [b, a],
    ]) {
      const graph = CommitGraphs.of(list).get('api');
      expect(graph.size).toBe(1);
      expect(graph.committedAt[0]).toBe(8);
    }
    expect(CommitGraphs.of([a]).get('web').size).toBe(0);
  });

  it('builds a hundred thousand commits in one chain listed newest first', () => {
    const builder = new CommitGraphBuilder('api');
    for (let i = 99_999; i >= 0; i--) builder.add(sha(i), i === 0 ? [] : [sha(i - 1)], i, i, []);
    const graph = builder.build();
    expect(graph.parentIndices.length).toBe(99_999);
    const last = graph.index.get(sha(99_999)) as number;
    expect(commitNodeAt(graph, last).parents).toStrictEqual([sha(99_998)]);
  });
});
