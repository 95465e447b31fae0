import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistoryGraph } from './history-graph.js';

/**
 *   a - b - c ------- m1 - f        (main; m1 merges d-e, f is after)
 *        \          /
 *         d ----- e                 (feature)
 *   x (an unrelated root)
 */
function sample(): HistoryGraph {
  const g = new HistoryGraph();
  // Added newest first, as git log prints them: parents are interned before they are read.
  g.add('f', ['m1']);
  g.add('m1', ['c', 'e']);
  g.add('e', ['d']);
  g.add('c', ['b']);
  g.add('d', ['b']);
  g.add('b', ['a']);
  g.add('a', []);
  g.add('x', []);
  return g;
}

const at = (g: HistoryGraph, sha: string): number => g.indexOf(sha) as number;
const names = (g: HistoryGraph, list: number[]): string[] => list.map((i) => g.shaAt(i)).sort();

describe('HistoryGraph', () => {
  it('numbers generations from the roots', () => {
    const g = sample();
    const gen = g.generations();
    expect(gen[at(g, 'a')]).toBe(1);
    expect(gen[at(g, 'x')]).toBe(1);
    expect(gen[at(g, 'm1')]).toBe(5);
    expect(gen[at(g, 'f')]).toBe(6);
  });

  it('answers ancestry questions, self included', () => {
    const g = sample();
    expect(g.isAncestor(at(g, 'd'), at(g, 'f'))).toBe(true);
    expect(g.isAncestor(at(g, 'a'), at(g, 'm1'))).toBe(true);
    expect(g.isAncestor(at(g, 'c'), at(g, 'e'))).toBe(false);
    expect(g.isAncestor(at(g, 'f'), at(g, 'a'))).toBe(false);
    expect(g.isAncestor(at(g, 'x'), at(g, 'f'))).toBe(false);
    expect(g.isAncestor(at(g, 'c'), at(g, 'c'))).toBe(true);
  });

  it('lists the commits a merge brought in', () => {
    const g = sample();
    expect(names(g, g.exclusiveAncestors([at(g, 'e')], [at(g, 'c')]))).toEqual(['d', 'e']);
    expect(names(g, g.exclusiveAncestors([at(g, 'f')], [at(g, 'c')]))).toEqual(['d', 'e', 'f', 'm1']);
    expect(g.exclusiveAncestors([at(g, 'c')], [at(g, 'f')])).toEqual([]);
  });

  it('gives each commit the first tip that contains it', () => {
    const g = sample();
    const shipper = g.assignFirstShippers([at(g, 'c'), at(g, 'f')]);
    expect(shipper[at(g, 'a')]).toBe(0);
    expect(shipper[at(g, 'c')]).toBe(0);
    expect(shipper[at(g, 'd')]).toBe(1);
    expect(shipper[at(g, 'm1')]).toBe(1);
    expect(shipper[at(g, 'x')]).toBe(-1);
  });

  it('treats parents never read (a shallow boundary) as roots', () => {
    const g = new HistoryGraph();
    g.add('b', ['a']);
    expect(g.isRead(at(g, 'a'))).toBe(false);
    expect(g.generations()[at(g, 'b')]).toBe(2);
    expect(g.isAncestor(at(g, 'a'), at(g, 'b'))).toBe(true);
  });

  it('agrees with a naive reachability search on random histories', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 40 }),
        (spec) => {
          const g = new HistoryGraph();
          const parents: number[][] = [];
          spec.forEach(([p1, p2, merge], i) => {
            const ps = i === 0 ? [] : merge && i > 1 ? [p1 % i, p2 % i] : [p1 % i];
            parents.push([...new Set(ps)]);
          });
          // Add in reverse (children first), like git log.
          for (let i = spec.length - 1; i >= 0; i--) g.add(`c${i}`, (parents[i] as number[]).map((p) => `c${p}`));
          const reach = (from: number): Set<number> => {
            const seen = new Set<number>([from]);
            const stack = [from];
            while (stack.length) {
              for (const p of parents[stack.pop() as number] as number[]) {
                if (seen.has(p)) continue;
                seen.add(p);
                stack.push(p);
              }
            }
            return seen;
          };
          const idx = (i: number): number => g.indexOf(`c${i}`) as number;
          for (let a = 0; a < spec.length; a++) {
            for (let b = 0; b < spec.length; b++) {
              expect(g.isAncestor(idx(a), idx(b))).toBe(reach(b).has(a));
            }
          }
          const last = spec.length - 1;
          const mid = Math.floor(last / 2);
          const expected = [...reach(last)].filter((c) => !reach(mid).has(c)).map((c) => `c${c}`).sort();
          expect(names(g, g.exclusiveAncestors([idx(last)], [idx(mid)]))).toEqual(expected);
        },
      ),
    );
  });
});
