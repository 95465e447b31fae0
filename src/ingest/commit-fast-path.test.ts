import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commitInputSchema, mapCommit, type ImportContext } from '../domain/index.js';
import { parseCommitFast } from './commit-fast-path.js';

const ctx: ImportContext = {
  org: 'o',
  repository: 'default',
  service: '',
  origin: { source: 'import', rawId: null },
};

/** Values a field may hold in a JSON record: valid ones mostly, and every kind of wrong one. */
const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant([]),
);
const shaLike = fc.oneof(
  { arbitrary: fc.stringMatching(/^[0-9a-fA-F]{4,64}$/), weight: 12 },
  { arbitrary: fc.constantFrom('abc', 'xyz1', 'A'.repeat(65), ' abcd', ''), weight: 1 },
);
const isoTime = fc
  .integer({ min: 0, max: 4_102_444_800_000 })
  .map((t) => new Date(t).toISOString());
const oddTime = fc.constantFrom(
  '2026-02-30T00:00:00Z',
  '2026-05-01T12:00:00+02:00',
  '2026-05-01T12:00:00',
  'nope',
  ' 2026-05-01T12:00:00Z',
);
const timestamp = fc.oneof({ arbitrary: isoTime, weight: 8 }, { arbitrary: oddTime, weight: 1 });
/** Mostly valid, sometimes any JSON value. */
const mostly = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: a, weight: 12 }, { arbitrary: anyJson, weight: 1 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(mostly(a), { nil: undefined, freq: 4 });
const record = fc
  .record(
    {
      type: fc.constant('commit'),
      sha: mostly(shaLike),
      parents: mostly(fc.array(shaLike, { maxLength: 3 })),
      author: mostly(fc.string()),
      authored_at: mostly(timestamp),
      committed_at: mostly(timestamp),
      message: maybe(fc.string()),
      repository: maybe(fc.string()),
      services: maybe(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 })),
      additions: maybe(fc.nat()),
      deletions: maybe(fc.oneof(fc.nat(), fc.constant(-1), fc.constant(1.5))),
      ticket: maybe(fc.string()),
      zeta: maybe(fc.object()),
    },
    { requiredKeys: ['type', 'sha', 'parents', 'author', 'authored_at', 'committed_at'] },
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);

describe('parseCommitFast', () => {
  it('maps exactly as the zod schema does whenever it takes a record, and never takes an invalid one', () => {
    let taken = 0;
    fc.assert(
      fc.property(record, (value) => {
        const fast = parseCommitFast(value);
        const slow = commitInputSchema.safeParse(value);
        if (fast === undefined) return;
        taken++;
        expect(slow.success).toBe(true);
        if (!slow.success) return;
        const a = mapCommit(fast, ctx);
        const b = mapCommit(slow.data, ctx);
        expect(a).toStrictEqual(b);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(50);
  });

  it('takes the records an import usually holds', () => {
    const value = {
      type: 'commit',
      repository: 'api',
      sha: 'ABCDEF12',
      parents: ['0123abcd'],
      author: 'a@b.c',
      authored_at: '2026-05-01T12:00:00.250Z',
      committed_at: '2026-05-01T12:00:01Z',
      message: 'x',
      additions: 3,
      deletions: 0,
      custom: { a: 1 },
    };
    expect(parseCommitFast(value)).toBeDefined();
    expect(mapCommit(parseCommitFast(value)!, ctx)).toStrictEqual(
      mapCommit(commitInputSchema.parse(value), ctx),
    );
  });
});
