import { describe, expect, it } from 'vitest';
import { inParallelChunks } from './chunk-pipeline.js';

/** A step whose runs the test finishes by hand, in any order. */
function manualStep(): {
  step: (items: number[]) => Promise<string>;
  started: number[][];
  finish: (first: number, error?: Error) => void;
} {
  const started: number[][] = [];
  const pending = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  return {
    started,
    step: (items) =>
      new Promise<string>((resolve, reject) => {
        started.push(items);
        pending.set(items[0] as number, { resolve, reject });
      }),
    finish: (first, error) => {
      const p = pending.get(first);
      if (!p) throw new Error(`chunk ${first} is not running`);
      if (error) p.reject(error);
      else p.resolve(`measured ${first}`);
    },
  };
}

async function* once<T>(items: T[]): AsyncGenerator<T[]> {
  yield items;
}

const settle = () => new Promise((r) => setImmediate(r));

describe('inParallelChunks', () => {
  it('starts a chunk as soon as a running one finishes, before the consumer takes the finished one', async () => {
    const m = manualStep();
    const chunks = inParallelChunks(once([1, 2, 3, 4, 5]), m.step, { workers: 2, chunkSize: 1 });
    const first = chunks.next();
    await settle();
    expect(m.started).toEqual([[1], [2]]);
    m.finish(1);
    await settle();
    // Chunk 3 runs beside chunk 2 while chunk 1 waits for the consumer.
    expect(m.started).toEqual([[1], [2], [3]]);
    expect(await first).toEqual({ done: false, value: { items: [1], result: 'measured 1' } });
  });

  it('hands the chunks on in order when later ones finish first, and keeps workers busy', async () => {
    const m = manualStep();
    const out: string[] = [];
    const consumer = (async () => {
      for await (const { items, result } of inParallelChunks(once([1, 2, 3, 4, 5, 6, 7]), m.step, { workers: 2, chunkSize: 2 })) {
        out.push(`${items.join('+')}: ${result}`);
      }
    })();
    await settle();
    expect(m.started).toEqual([[1, 2], [3, 4]]);
    m.finish(3);
    await settle();
    expect(m.started).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(out).toEqual([]);
    m.finish(5);
    await settle();
    // The last, short chunk starts too; nothing is handed on before the oldest is done.
    expect(m.started).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
    expect(out).toEqual([]);
    m.finish(1);
    m.finish(7);
    await consumer;
    expect(out).toEqual(['1+2: measured 1', '3+4: measured 3', '5+6: measured 5', '7: measured 7']);
  });

  it('holds at most 2 x workers + 1 chunks while the oldest is still running', async () => {
    const m = manualStep();
    const chunks = inParallelChunks(once([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), m.step, { workers: 2, chunkSize: 1 });
    const first = chunks.next();
    // Every chunk but the first finishes as soon as it starts.
    for (let round = 0; round < 10; round++) {
      await settle();
      const last = m.started.at(-1)?.[0] as number;
      if (last !== 1) m.finish(last);
    }
    expect(m.started).toEqual([[1], [2], [3], [4], [5]]);
    m.finish(1);
    expect(await first).toEqual({ done: false, value: { items: [1], result: 'measured 1' } });
  });

  it('throws a failed chunk at its turn, after the chunks before it', async () => {
    const m = manualStep();
    const out: number[][] = [];
    const consumer = (async () => {
      for await (const { items } of inParallelChunks(once([1, 2, 3]), m.step, { workers: 3, chunkSize: 1 })) out.push(items);
    })();
    await settle();
    m.finish(2, new Error('git died'));
    m.finish(3);
    m.finish(1);
    await expect(consumer).rejects.toThrow('git died');
    expect(out).toEqual([[1]]);
  });

  it('grows chunks from 500 to 4000 items by default', async () => {
    const sizes: number[] = [];
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    for await (const { items: chunk } of inParallelChunks(once(items), async (c: number[]) => c.length, { workers: 2, chunkSize: null })) {
      sizes.push(chunk.length);
    }
    expect(sizes).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 500]);
  });
});
