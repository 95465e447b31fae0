/**
 * Checkpoints the WAL of a SQLite file on a worker thread, so that the thread that wrote a large
 * transaction does not copy it back into the database itself.
 *
 * A WAL checkpoint copies every page the transaction wrote from the `-wal` file into the
 * database file and syncs it. After a million-commit ingest that is about 550 MB and 2 s, which
 * SQLite's automatic checkpoint would spend on the committing thread, inside the commit, before
 * the caller could go on (with `analyze`, to the report). Here the store switches automatic
 * checkpoints off around its transactions and, once one has committed and the WAL is past the
 * threshold, a worker with its own connection runs a PASSIVE checkpoint: it never blocks readers
 * or the writer, and it can copy every committed frame while the report reads.
 *
 * A checkpoint that fails or is interrupted loses nothing: the pages stay in the WAL and the
 * next checkpoint (or closing the database) copies them. `idle()` waits for a running one; the
 * store calls it before it closes, so closing does not redo the copy on the main thread.
 * @internal
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** WAL size past which a checkpoint starts: SQLite's automatic default would be ~4 MB. */
export const DEFAULT_CHECKPOINT_BYTES = 40 * 1024 * 1024;

/** Background checkpoints of one database file (see the module comment). */
export class BackgroundCheckpointer {
  private running: Promise<CheckpointOutcome> | null = null;
  /** The last finished checkpoint's outcome (for tests and diagnostics). */
  last: CheckpointOutcome | null = null;

  constructor(
    private readonly location: string,
    private readonly thresholdBytes = DEFAULT_CHECKPOINT_BYTES,
  ) {}

  /** Starts a checkpoint when none is running and the WAL has grown past the threshold. */
  afterCommit(): void {
    if (this.running !== null || this.location === ':memory:') return;
    const size = statSync(`${this.location}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (size < this.thresholdBytes) return;
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

function runCheckpoint(location: string): Promise<CheckpointOutcome> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve) => {
    let outcome: CheckpointOutcome = { ok: false, message: 'the checkpoint worker exited without an answer' };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, location } });
    // A CLI that is done must not wait for it: an unfinished checkpoint is finished on close.
    worker.unref();
    worker.on('message', (message: { ok: boolean; row?: { busy: number; log: number; checkpointed: number }; message?: string }) => {
      outcome = message.ok ? { ok: true, ...message.row } : { ok: false, message: message.message ?? 'unknown error' };
    });
    worker.on('error', (error) => {
      outcome = { ok: false, message: error.message };
    });
    worker.on('exit', () => resolve(outcome));
  });
}
