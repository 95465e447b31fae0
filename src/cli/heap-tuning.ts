/**
 * How much V8 lets the heap grow between full garbage collections, for the CLI's batch verbs
 * (not `serve` and `worker`, whose heap was not measured with it).
 *
 * By default V8 sets the next full collection's threshold to a multiple of the heap that
 * survived the last one, up to four times when collections are cheap, as they are here. A
 * large `analyze` keeps a small live heap (about 50 MB of facts for a million commits) but
 * allocates fast, and objects that outlive a few young-generation collections (a batch of commits
 * on its way to the database) are promoted and die there. With the default, that garbage piled
 * up to 215 MB of old generation over 48 MB alive before it was collected, and peak memory
 * followed it. Capping the growth at 20% keeps the old generation close to what is alive, at
 * the cost of more frequent full collections, which run mostly on V8's helper thread.
 *
 * Measured with `npm run bench -- git` (1M commits, 3 alternating runs each): peak RSS of
 * `analyze --no-sizes` 487-491 MB with V8's default and 367-377 MB with 20%, ingest time the
 * same within noise (12.9-14.0 s and 13.1-13.9 s).
 */
import { setFlagsFromString } from 'node:v8';

/** Percent the old generation may grow over what survived the last full collection. */
const HEAP_GROWING_PERCENT = 20;

/** Verbs that serve until stopped: V8's default is kept for them (their heap was not measured with the cap). */
const LONG_RUNNING = new Set(['serve', 'worker']);

/** Whether the cap applies to a run of `verb` (the command's own name: `create` of `token create`). */
export function capsHeapGrowth(verb: string): boolean {
  return !LONG_RUNNING.has(verb);
}

/**
 * Applies the cap (see the module comment); V8 reads it whenever it sets the next threshold.
 * A value the user gave Node (`node --heap-growing-percent=N`) is kept.
 */
export function limitHeapGrowth(): void {
  if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg))) {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  }
}
