/**
 * The one error base class of Panorama. Every error a user can meet is an AppError with a
 * stable `code` (UPPER_SNAKE, area-prefixed, listed in docs/errors.md), a message that says what
 * failed, for which input, and what to do next, and never a secret.
 */
export class AppError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  /** Whether the message may be shown to an API client as is (4xx). */
  readonly expose: boolean;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; expose?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
    this.expose = options.expose ?? true;
  }
}

/** A config file or flag value is wrong. */
export class ConfigError extends AppError {}
/** Input data (an import file, a webhook body) is invalid; `details.problems` lists every one. */
export class ValidationError extends AppError {}
/** The database could not be opened, migrated, read or written. */
export class StorageError extends AppError {}
/** A source (git, GitHub, GitLab, ...) failed. */
export class ConnectorError extends AppError {}
/** Something asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends AppError {}

/** One problem in an input, with the path of the field it is about. */
export interface Problem {
  /** `deployments[3].finished_at`, or `line 12: deployments.finished_at` for NDJSON. */
  path: string;
  message: string;
}
