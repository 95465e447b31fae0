/**
 * Checkpoints the WAL of a SQLite file on a worker thread, so that the thread that wrote a large
 * transaction does not copy it back into the database itself.
 *
 * A WAL checkpoint copies every page the transaction wrote from the `-wal` file into the
 * database file and syncs it. After a million-commit ingest that is about 550 MB and 2 s, which
 * SQLite's automatic checkpoint would spend on the committing thread, inside the commit, before
 * the caller could go on (with `analyze`, to the report). Here the store switches automatic
 * checkpoints off around its transactions and, once one has committed and the WAL holds more
 * than the threshold not yet copied back, a worker with its own connection runs a PASSIVE
 * checkpoint: it never blocks readers or the writer, and it can copy every committed frame while
 * the report reads.
 *
 * A checkpoint that fails or is interrupted loses nothing: the pages stay in the WAL and the
 * next checkpoint (or closing the database) copies them. `idle()` waits for a running one; the
 * store calls it before it closes, so closing does not redo the copy on the main thread.
 * @internal
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker's whole program (CommonJS: an `eval` worker has `require`, not `import`). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.location, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ ok: true, row });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
} finally {
  if (db) db.close();
}
`;

/** What one checkpoint did: `log` frames in the WAL, `checkpointed` of them copied back. */
export interface CheckpointOutcome {
  ok: boolean;
  busy?: number;
  log?: number;
  checkpointed?: number;
  message?: string;
}

/** WAL not yet copied back past which a checkpoint starts: SQLite's automatic default would be ~4 MB. */
export const DEFAULT_CHECKPOINT_BYTES = 40 * 1024 * 1024;

/**
 * Bytes of WAL frames not yet copied back into the database, read from the wal-index (`-shm`)
 * header as documented in SQLite's file format (walformat.html): `mxFrame` (the last valid
 * frame) at byte 16 and `nBackfill` (frames already copied) at byte 96, in the machine's byte
 * order; `szPage` at byte 14. The `-wal` file's own size says nothing: it is reused from its
 * start after a checkpoint and never shrinks. 0 when there is no wal-index.
 */
export function pendingWalBytes(location: string): number {
  let fd: number;
  try {
    fd = openSync(`${location}-shm`, 'r');
  } catch {
    return 0;
  }
  try {
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, header.length, 0) < header.length) return 0;
    const little = endianness() === 'LE';
    const u32 = (at: number): number => (little ? header.readUInt32LE(at) : header.readUInt32BE(at));
    const rawPage = little ? header.readUInt16LE(14) : header.readUInt16BE(14);
    const pageSize = rawPage === 1 ? 65_536 : rawPage;
    return Math.max(0, u32(16) - u32(96)) * (pageSize + 24);
  } finally {
    closeSync(fd);
  }
}

/** Background checkpoints of one database file (see the module comment). */
export class BackgroundCheckpointer {
  private running: Promise<CheckpointOutcome> | null = null;
  /** The last finished checkpoint's outcome (for tests and diagnostics). */
  last: CheckpointOutcome | null = null;

  constructor(
    private readonly location: string,
    private readonly thresholdBytes = DEFAULT_CHECKPOINT_BYTES,
  ) {}

  /**
   * Starts a checkpoint when none is running and the WAL holds more than the threshold not yet
   * copied back. Never throws: a commit that landed must not be reported as failed because a
   * checkpoint could not start (the next one, or closing, copies the pages).
   */
  afterCommit(): void {
    if (this.running !== null || this.location === ':memory:') return;
    try {
      if (pendingWalBytes(this.location) < this.thresholdBytes) return;
    } catch {
      return;
    }
    this.running = runCheckpoint(this.location).then((outcome) => {
      this.last = outcome;
      this.running = null;
      return outcome;
    });
  }

  /** Resolves when no checkpoint is running (at once if none is). */
  async idle(): Promise<void> {
    await this.running;
  }
}

/** Runs one checkpoint on a new worker thread; resolves (never rejects) when the worker is gone. */
function runCheckpoint(location: string): Promise<CheckpointOutcome> {
  return new Promise((resolve) => {
    let outcome: CheckpointOutcome = { ok: false, message: 'the checkpoint worker exited without an answer' };
    let worker: Worker;
    try {
      const module = createRequire(import.meta.url).resolve('better-sqlite3');
      // Not unref'd: the store's close() waits for it, and an unref'd worker would let the
      // process end in the middle of that wait, before its exit code is set.
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, location } });
    } catch (error) {
      resolve({ ok: false, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    worker.on('message', (message: { ok: boolean; row?: { busy: number; log: number; checkpointed: number }; message?: string }) => {
      outcome = message.ok ? { ok: true, ...message.row } : { ok: false, message: message.message ?? 'unknown error' };
    });
    worker.on('error', (error) => {
      outcome = { ok: false, message: error.message };
    });
    worker.on('exit', () => resolve(outcome));
  });
}
