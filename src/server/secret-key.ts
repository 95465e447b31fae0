/**
 * The server key webhook secrets derive from: env PANORAMA_SECRET_KEY (at least 32
 * characters), else the file `secret.key` beside the SQLite database (or in ./.panorama for
 * PostgreSQL), created on first use with 32 random bytes and mode 0600. A key file others may
 * read is refused, as ssh refuses a private key anyone can read.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../shared/errors.js';

/** Shortest key accepted, in bytes. */
export const MIN_KEY_BYTES = 32;

/** Where the key file of database `db` lives. */
export function secretKeyPath(db: string, cwd: string): string {
  const isPostgres = /^postgres(ql)?:\/\//i.test(db);
  const folder =
    isPostgres || db === ':memory:' ? resolve(cwd, '.panorama') : dirname(resolve(cwd, db));
  return join(folder, 'secret.key');
}

function invalid(message: string, cause?: unknown): AppError {
  return new AppError('SERVER_SECRET_KEY_INVALID', message, cause === undefined ? {} : { cause });
}

/** The server key for database `db`: from `env`, or its key file (created when missing). */
export function loadSecretKey(input: { env: NodeJS.ProcessEnv; db: string; cwd: string }): {
  key: Buffer;
  source: string;
} {
  const fromEnv = input.env['PANORAMA_SECRET_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (Buffer.byteLength(fromEnv) < MIN_KEY_BYTES)
      throw invalid(
        `PANORAMA_SECRET_KEY is shorter than ${MIN_KEY_BYTES} characters; make one with: openssl rand -hex 32`,
      );
    return { key: Buffer.from(fromEnv, 'utf8'), source: 'PANORAMA_SECRET_KEY' };
  }
  const path = secretKeyPath(input.db, input.cwd);
  try {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      try {
        // `wx`: never overwrite a key another process wrote meanwhile.
        writeFileSync(path, `${randomBytes(MIN_KEY_BYTES).toString('hex')}\n`, {
          mode: 0o600,
          flag: 'wx',
        });
        chmodSync(path, 0o600);
      } catch (error) {
        // EEXIST: another process made the key first; it is read below like any other.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if ((statSync(path).mode & 0o077) !== 0) {
      throw invalid(
        `${path} can be read by other users: run chmod 600 ${path} (webhook secrets derive from it).`,
      );
    }
    const text = readFileSync(path, 'utf8').trim();
    if (Buffer.byteLength(text) < MIN_KEY_BYTES)
      throw invalid(
        `${path} holds fewer than ${MIN_KEY_BYTES} characters; delete it to have a new key made (webhook secrets will change).`,
      );
    return { key: Buffer.from(text, 'utf8'), source: path };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(
      `cannot read or create the server key ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the folder's permissions or set PANORAMA_SECRET_KEY.`,
      error,
    );
  }
}
