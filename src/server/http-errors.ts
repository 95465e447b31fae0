/**
 * The one place where errors become HTTP answers. An AppError is sent with its status and
 * `{ error: { code, message } }` (plus `problems` when it lists them); Fastify's own errors
 * (validation, body too large, media type) are turned into catalogued codes first; anything
 * else is a bare 500 naming the request id, logged in full. 5xx are logged at `error`, 4xx at
 * `info` (fastify's habit).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, NotFoundError, StorageError, ValidationError } from '../shared/errors.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  API_NOT_FOUND: 404,
  API_INVALID_REQUEST: 400,
  API_BAD_CURSOR: 400,
  API_RATE_LIMITED: 429,
  API_BODY_TOO_LARGE: 413,
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  API_UNAVAILABLE: 503,
  AUTH_REQUIRED: 401,
  AUTH_FORBIDDEN: 403,
  AUTH_LOGIN_LINK_INVALID: 401,
  WEBHOOK_ORG_MISSING: 400,
  WEBHOOK_BAD_SIGNATURE: 401,
  WEBHOOK_MISSING_HEADER: 400,
  WEBHOOK_INVALID_JSON: 400,
  WEBHOOK_INVALID_PAYLOAD: 400,
  WEBHOOK_UNSUPPORTED_EVENT: 400,
  REPORT_NO_ORGANIZATION: 404,
  REPORT_UNKNOWN_SERVICE: 404,
  REPORT_BAD_WINDOW: 400,
  REPORT_BAD_TIMEZONE: 400,
  STORAGE_CONNECTION_FAILED: 503,
  DEBT_DUPLICATE_ID: 409,
};

/** The HTTP status of an AppError: by code where listed, else by its class. */
export function statusFor(error: AppError): number {
  const byCode = STATUS_BY_CODE[error.code];
  if (byCode !== undefined) return byCode;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ValidationError) return 400;
  if (error instanceof StorageError) return 500;
  return 500;
}

/** The 404 every unknown, invisible or absent thing answers, with one wording for all. */
export function notFound(what = 'nothing here'): NotFoundError {
  return new NotFoundError(
    'API_NOT_FOUND',
    `${what}: check the URL, and that your token may see this organisation.`,
  );
}

/** The JSON body of an error answer. */
export interface ErrorBody {
  error: { code: string; message: string; request_id?: string; problems?: unknown };
}

function fromFastifyError(error: FastifyError): AppError | null {
  if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
    const where = error.validationContext ?? 'request';
    const problems = (error.validation ?? []).map((v) => ({
      path: `${where}${v.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
      message: v.message ?? 'is invalid',
    }));
    const text = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    return new ValidationError('API_INVALID_REQUEST', text || 'invalid request', {
      details: { problems },
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ValidationError(
        'API_BODY_TOO_LARGE',
        'the request body is larger than this server accepts (see --body-limit).',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ValidationError(
        'API_UNSUPPORTED_MEDIA_TYPE',
        'send the body as JSON (Content-Type: application/json).',
      );
    default:
      break;
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ValidationError('API_INVALID_REQUEST', error.message);
  }
  return null;
}

/** Sends `error` as the answer; `onCode` learns the code sent (for the error counter). */
export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  onCode?: (code: string) => void,
): FastifyReply {
  const appError =
    error instanceof AppError
      ? error
      : error instanceof Error
        ? fromFastifyError(error as FastifyError)
        : null;
  onCode?.(appError?.code ?? 'INTERNAL');
  if (appError === null) {
    request.log.error({ err: error }, 'unexpected error');
    const body: ErrorBody = {
      error: {
        code: 'INTERNAL',
        message: `internal error; the server log has it under request id ${request.id}`,
        request_id: request.id,
      },
    };
    return reply.status(500).send(body);
  }
  const status = statusFor(appError);
  if (status >= 500) {
    request.log.error({ err: appError }, appError.message);
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: `${appError.code}: the server log has the details under request id ${request.id}`,
        request_id: request.id,
      },
    };
    return reply.status(status).send(body);
  }
  request.log.info({ code: appError.code, status }, appError.message);
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  const problems = appError.details?.['problems'];
  if (problems !== undefined) body.error.problems = problems;
  if (appError.code === 'API_RATE_LIMITED') {
    const retryAfter = appError.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  }
  return reply.status(status).send(body);
}

/** Installs the error and not-found handlers on `app` (call before registering routes). */
export function installErrorHandlers(app: FastifyInstance, onCode?: (code: string) => void): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply, onCode));
  app.setNotFoundHandler((request, reply) =>
    sendError(
      notFound(`no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
      request,
      reply,
      onCode,
    ),
  );
}
