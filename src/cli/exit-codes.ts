/**
 * Exit codes that mean something (BSD sysexits), documented in the README.
 */
import { AppError, ConfigError, ConnectorError, StorageError, ValidationError } from '../shared/errors.js';

export const EXIT = {
  ok: 0,
  /** The command ran but found problems it reports (e.g. a sync with failed scopes). */
  partial: 1,
  usage: 64,
  dataError: 65,
  noInput: 66,
  unavailable: 69,
  internal: 70,
  ioError: 74,
  config: 78,
} as const;

const BY_CODE: Record<string, number> = {
  CLI_USAGE: EXIT.usage,
  IMPORT_FILE_NOT_FOUND: EXIT.noInput,
  IMPORT_FILE_IS_DIRECTORY: EXIT.noInput,
  IMPORT_FILE_UNREADABLE: EXIT.noInput,
  GIT_NOT_A_REPOSITORY: EXIT.noInput,
  GIT_PATH_UNREADABLE: EXIT.noInput,
  GIT_EMPTY_REPOSITORY: EXIT.dataError,
  GIT_UNSAFE_REPOSITORY: EXIT.noInput,
  GIT_DEPLOYMENTS_FILE_UNREADABLE: EXIT.noInput,
  GIT_DEPLOYMENTS_FILE_INVALID: EXIT.dataError,
  GIT_NO_MATCHING_TAGS: EXIT.usage,
  GIT_DUPLICATE_REPOSITORY_NAME: EXIT.usage,
  GIT_NOT_INSTALLED: EXIT.unavailable,
  GIT_TEMP_UNWRITABLE: EXIT.ioError,
  STORAGE_CONNECTION_FAILED: EXIT.unavailable,
  STORAGE_BAD_URL: EXIT.usage,
  REPORT_BAD_WINDOW: EXIT.usage,
  REPORT_BAD_TIMEZONE: EXIT.usage,
  REPORT_UNKNOWN_SERVICE: EXIT.usage,
  REPORT_NO_ORGANIZATION: EXIT.noInput,
  REPORT_BAD_OUTPUT: EXIT.usage,
  REPORT_OUTPUT_UNWRITABLE: EXIT.ioError,
  REPORT_PDF_UNAVAILABLE: EXIT.unavailable,
  SYNC_UNKNOWN_SOURCE: EXIT.usage,
  SYNC_NO_SCOPES: EXIT.usage,
  SYNC_CANCELLED: EXIT.partial,
  CONNECTOR_TOKEN_MISSING: EXIT.config,
  CONNECTOR_AUTH_FAILED: EXIT.config,
  CONNECTOR_NOT_FOUND: EXIT.noInput,
  CONNECTOR_BAD_RESPONSE: EXIT.dataError,
  DEBT_NOT_FOUND: EXIT.noInput,
};

/** The exit code for an error: by code where one is listed, else by its class. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof AppError)) return EXIT.internal;
  const byCode = BY_CODE[error.code];
  if (byCode !== undefined) return byCode;
  if (error instanceof ValidationError) return EXIT.dataError;
  if (error instanceof ConfigError) return EXIT.config;
  if (error instanceof StorageError) return EXIT.ioError;
  if (error instanceof ConnectorError) return EXIT.unavailable;
  return EXIT.internal;
}
