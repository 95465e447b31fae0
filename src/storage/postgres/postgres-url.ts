/**
 * PostgreSQL URLs: telling one from a file path, checking it, and the printable form of it
 * (password replaced by `***`). A password never reaches a message, a location or a cause.
 * @internal
 */
import { ERROR_CODES } from '../../shared/error-codes.js';
import { StorageError } from '../../shared/errors.js';

/** A checked PostgreSQL URL. */
export interface PostgresUrl {
  /** The URL as given, for the driver only: it may hold a password. */
  connectionString: string;
  /** The URL with any password replaced by `***`, safe to print. */
  location: string;
  /** The password in the forms it may appear in (raw and decoded), to scrub from messages. */
  secrets: string[];
}

/** Whether `spec` names a PostgreSQL database (`postgres://` or `postgresql://`) rather than a file. */
export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec.trim());
}

/**
 * Checks a `postgres://` URL and derives its printable location.
 * @throws StorageError STORAGE_BAD_URL when it is not a well-formed URL with a host.
 */
export function parsePostgresUrl(spec: string): PostgresUrl {
  const connectionString = spec.trim();
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch (error) {
    // Node puts the whole input, password included, on the error: drop it before keeping it.
    if (error instanceof Error && 'input' in error) error.input = '[redacted]';
    throw badUrl('it is not a valid URL', error);
  }
  const hostInQuery = url.searchParams.get('host');
  if (url.hostname === '' && (hostInQuery === null || hostInQuery === '')) {
    throw badUrl('it names no host');
  }

  const secrets: string[] = [];
  const printable = new URL(url.href);
  if (url.password !== '') {
    secrets.push(url.password, safeDecode(url.password));
    printable.password = '***';
  }
  const queryPassword = url.searchParams.get('password');
  if (queryPassword !== null && queryPassword !== '') {
    secrets.push(queryPassword);
    printable.searchParams.set('password', '***');
  }
  return { connectionString, location: printable.href, secrets: [...new Set(secrets)] };
}

/** `text` with every secret replaced by `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('***');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A lone `%` is not an escape: the raw text is then also the decoded one.
    return text;
  }
}

function badUrl(reason: string, cause?: unknown): StorageError {
  return new StorageError(
    ERROR_CODES.STORAGE_BAD_URL,
    `The PostgreSQL URL given as the database is malformed: ${reason}. ` +
      'Use postgres://user[:password]@host[:port]/database, with special characters in the ' +
      'password percent-encoded (@ as %40, / as %2F, : as %3A).',
    { cause },
  );
}
