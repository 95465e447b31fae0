/**
 * StorageErrors for failures inside a store: what failed, where, why, and what to do next.
 * Errors that already are AppErrors (a nested store call, or the caller's own error thrown
 * inside a transaction) pass through untouched.
 * @internal
 */
import { ERROR_CODES } from '../shared/error-codes.js';
import { AppError, StorageError } from '../shared/errors.js';

/** The reason an error gives, for a message: its message, else its code, else its inner errors'. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node's happy-eyeballs connect fails with an AggregateError and an empty message.
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    if (error.message !== '') return error.message;
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return String(error);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** Whether `error` says the database server went away or cannot be reached (not a bad query). */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // SQLSTATE class 08 is "connection exception"; 57P01-57P03 are server shutdown/startup.
    if (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)) return true;
  }
  return /Connection terminated|connection timeout/i.test(error.message);
}

/** The StorageError for a database server that cannot be reached at `location`. */
export function connectionFailed(
  location: string,
  error: unknown,
  reason = describeError(error),
): StorageError {
  return new StorageError(
    ERROR_CODES.STORAGE_CONNECTION_FAILED,
    `Could not connect to PostgreSQL at ${location}: ${reason}. ` +
      'Check that the server is running and reachable, and that the host, port, user, password ' +
      'and database in the URL are right.',
    { cause: error },
  );
}

/**
 * `error` as a StorageError: STORAGE_CONNECTION_FAILED when the server went away, else
 * STORAGE_WRITE_FAILED saying what was being written. AppErrors pass through.
 */
export function writeFailed(what: string, location: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isConnectionError(error)) return connectionFailed(location, error);
  return new StorageError(
    ERROR_CODES.STORAGE_WRITE_FAILED,
    `Could not ${what} in the database at ${location}: ${describeError(error)}. Nothing of ` +
      'this write was kept; check that the database is writable and not full, then run again.',
    { cause: error },
  );
}

/** Runs the write `fn`, turning a failure into a StorageError (see `writeFailed`). */
export async function guardWrite<T>(
  what: string,
  location: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw writeFailed(what, location, error);
  }
}

/**
 * Runs `fn` in the transaction that `run` opens. An error thrown by `fn` itself comes out as
 * is (after the rollback); a failure to begin or commit becomes a StorageError.
 */
export async function guardTransaction<S, T>(
  location: string,
  run: (body: (session: S) => Promise<T>) => Promise<T>,
  fn: (session: S) => Promise<T>,
): Promise<T> {
  // Widened on purpose: the callback below moves it on, which the compiler cannot follow.
  let stage = 'begin' as 'begin' | 'body' | 'commit';
  try {
    return await run(async (session) => {
      stage = 'body';
      const result = await fn(session);
      stage = 'commit';
      return result;
    });
  } catch (error) {
    if (stage === 'body') throw error;
    throw writeFailed(`${stage} a transaction`, location, error);
  }
}

/**
 * Runs the read `fn`, turning a lost or refused connection into STORAGE_CONNECTION_FAILED.
 * Other failures (a bug, a corrupt file) keep their own error, which already says what it is.
 */
export async function guardRead<T>(location: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof AppError) && isConnectionError(error))
      throw connectionFailed(location, error);
    throw error;
  }
}
