import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShaIndex } from './sha-index.js';

describe('ShaIndex', () => {
  it('answers like a Map of first positions, for any strings, repeats and misses included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }),
        fc.array(fc.string()),
        fc.boolean(),
        (shas, probes, sized) => {
          // Sized up front, or growing from the smallest table as shas come.
          const index = sized ? new ShaIndex(shas.length) : new ShaIndex();
          const map = new Map<string, number>();
          for (const sha of shas) {
            const at = index.add(sha);
            if (!map.has(sha)) map.set(sha, map.size);
            expect(at).toBe(map.get(sha));
          }
          expect(index.size).toBe(map.size);
          for (const sha of [...shas, ...probes]) expect(index.get(sha)).toBe(map.get(sha));
          for (const [sha, at] of map) expect(index.keyAt(at)).toBe(sha);
        },
      ),
    );
  });

  it('indexes a hundred thousand SHAs', () => {
    const shas = Array.from({ length: 100_000 }, (_, i) => i.toString(16).padStart(40, '0'));
    const index = new ShaIndex(shas.length);
    shas.forEach((sha, i) => expect(index.add(sha)).toBe(i));
    expect(shas.every((sha, i) => index.get(sha) === i)).toBe(true);
    expect(index.get('f'.repeat(40))).toBeUndefined();
  });
});
