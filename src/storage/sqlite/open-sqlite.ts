/**
 * Opens the SQLite file behind a SqliteStore: refuses a file that is not a SQLite database
 * (before SQLite could touch it), creates the parent folder of a new one, and sets the
 * connection up for one fast local writer.
 * @internal
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { AppError, StorageError } from '../../shared/errors.js';
import { describeError } from '../storage-errors.js';

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Pages of WAL after which a commit checkpoints (outside the store's transactions). */
export const AUTOCHECKPOINT_PAGES = 10_000;

/** An open SQLite database and where it lives (the absolute path, or `:memory:`). */
export interface OpenedSqlite {
  native: Database.Database;
  location: string;
}

/**
 * Opens (creating if needed) the SQLite database at `spec`, a file path or `:memory:`.
 * @throws StorageError STORAGE_NOT_SQLITE when the file exists, is not empty and is not a
 *   SQLite database; STORAGE_OPEN_FAILED when it cannot be opened or created.
 */
export function openSqlite(spec: string): OpenedSqlite {
  const location = spec === ':memory:' ? spec : resolve(spec);
  try {
    if (location !== ':memory:') prepareFile(location);
    const native = new Database(location);
    try {
      configure(native);
    } catch (error) {
      native.close();
      throw error;
    }
    return { native, location };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw openFailed(location, describeError(error), error);
  }
}

/** Checks an existing file is a SQLite database, or creates the folder for a new one. */
function prepareFile(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    mkdirSync(dirname(path), { recursive: true });
    return;
  }
  if (stat.isDirectory()) throw openFailed(path, 'it is a directory');
  if (stat.size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new StorageError(
      ERROR_CODES.STORAGE_NOT_SQLITE,
      `${path} exists but is not a SQLite database, so Panorama left it untouched. ` +
        'Pass --db a new file path (or an existing Panorama database), or move that file away.',
      { details: { path } },
    );
  }
}

function configure(native: Database.Database): void {
  // WAL: readers never block the writer; NORMAL sync is durable across application crashes
  // and only loses the last transactions on power loss, the usual trade-off for WAL.
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  // Records arrive in any order (a deployment before its commits), so no foreign keys.
  native.pragma('foreign_keys = OFF');
  // Another process (a second CLI run, the server) may hold the write lock for a moment.
  native.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (negative = KiB): bulk upserts into the primary-key indexes of a
  // million-row table stay in memory instead of re-reading pages.
  native.pragma('cache_size = -65536');
  // Checkpoint the WAL every ~40 MB (10,000 pages) rather than every ~4 MB: each checkpoint
  // copies pages back and syncs, and doing that ten times less often makes bulk imports about
  // a third faster. Readers are unaffected; the WAL is checkpointed on close anyway. The store's
  // own transactions leave this to a worker thread (background-checkpoint.ts).
  native.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  // After a checkpoint the WAL is reused from its start but keeps its size: one large ingest
  // would leave a 500 MB file behind until the last connection closes. Truncate it to 64 MB.
  native.pragma('journal_size_limit = 67108864');
}

function openFailed(path: string, reason: string, cause?: unknown): StorageError {
  return new StorageError(
    ERROR_CODES.STORAGE_OPEN_FAILED,
    `Could not open the SQLite database at ${path}: ${reason}. ` +
      'Check that the path is a file in a folder you can write to, or pass --db another path.',
    { cause, details: { path } },
  );
}
