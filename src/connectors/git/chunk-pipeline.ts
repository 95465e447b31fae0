/**
 * Runs a slow, asynchronous step (a git process) over a stream of items cut into chunks,
 * several chunks at once, and hands the results on in the items' order.
 *
 * `workers` chunks are kept running: a chunk starts as soon as a running one finishes and the
 * source has items for it, even while finished chunks wait for the consumer, so the step keeps
 * every core busy while the consumer works. At most `workers` finished chunks wait ahead of
 * the consumer, so memory stays bounded by `2 * workers + 1` chunks.
 */

/** How to cut the items. */
export interface ChunkPipelineOptions {
  workers: number;
  /**
   * Items per chunk; null: 500 for the first chunk (results start flowing at once), then
   * doubling up to 4000, since each run of the step pays a start-up cost (a git process opens
   * its packs) that small chunks would repeat thousands of times on a large history.
   */
  chunkSize: number | null;
}

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Chunk<T, R> {
  items: T[];
  result: Promise<Settled<R>>;
  done: boolean;
}

/** Yields each chunk with its result, in order; a chunk whose step failed throws at its turn. */
export async function* inParallelChunks<T, R>(
  source: AsyncIterable<readonly T[]>,
  step: (items: T[]) => Promise<R>,
  options: ChunkPipelineOptions,
): AsyncGenerator<{ items: T[]; result: R }, void, undefined> {
  const workers = Math.max(1, options.workers);
  const fixed = options.chunkSize === null ? null : Math.max(1, options.chunkSize);
  let chunkSize = fixed ?? 500;
  const queue: Array<Chunk<T, R>> = [];
  let running = 0;
  const start = (items: T[]): void => {
    running++;
    const chunk: Chunk<T, R> = {
      items,
      result: step(items).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      done: false,
    };
    // Registered before anyone awaits the result, so `done` is set before they resume.
    void chunk.result.then(() => {
      chunk.done = true;
      running--;
    });
    queue.push(chunk);
  };
  const take = async (): Promise<{ items: T[]; result: R }> => {
    const head = queue.shift() as Chunk<T, R>;
    const settled = await head.result;
    if (!settled.ok) throw settled.error;
    return { items: head.items, result: settled.value };
  };
  // Returns as soon as a chunk may start; until then hands on finished chunks at the head, or
  // waits for a running one to finish.
  async function* untilFree(): AsyncGenerator<{ items: T[]; result: R }, void, undefined> {
    for (;;) {
      if (running < workers && queue.length <= 2 * workers) return;
      if ((queue[0] as Chunk<T, R>).done) yield await take();
      else await Promise.race(queue.filter((c) => !c.done).map((c) => c.result));
    }
  }
  let chunk: T[] = [];
  for await (const batch of source) {
    for (const item of batch) {
      chunk.push(item);
      if (chunk.length < chunkSize) continue;
      yield* untilFree();
      start(chunk);
      chunk = [];
      if (fixed === null) chunkSize = Math.min(chunkSize * 2, 4000);
    }
  }
  if (chunk.length > 0) {
    yield* untilFree();
    start(chunk);
  }
  while (queue.length > 0) yield await take();
}
