/**
 * Reads a stream ahead of its consumer, up to a byte limit. Node's own readable buffer stops
 * reading from a pipe at 64 KB, so a producer (git) and a consumer that alternate (parse a
 * chunk, then map it) end up taking turns instead of running on two cores at once. With a few
 * megabytes of read-ahead both keep working; memory stays bounded by the limit.
 */
import type { Readable } from 'node:stream';

/** Yields every chunk queued since the last yield, in order, as one array. */
export async function* readAhead(stream: Readable, limitBytes = 8 * 1024 * 1024): AsyncGenerator<Buffer[], void, undefined> {
  let queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (chunk: Buffer): void => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= limitBytes) stream.pause();
    notify();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  const onError = (error: unknown): void => {
    failure = { error };
    notify();
  };
  stream.on('data', onData);
  stream.once('end', onEnd);
  stream.once('close', onEnd);
  stream.once('error', onError);
  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        queued = 0;
        if (stream.isPaused()) stream.resume();
        yield batch;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('close', onEnd);
    stream.off('error', onError);
  }
}
