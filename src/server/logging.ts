/**
 * The server's pino logger. Secrets never reach a log line: credential headers are redacted
 * wherever they appear, and query strings lose their `token` parameters before a URL is
 * logged (the login link carries one).
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths pino censors, in request objects and in anything logged beside them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-gitlab-token"]',
  'req.headers["x-panorama-signature-256"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-gitlab-token"]',
  'headers["x-hub-signature-256"]',
  'token',
  '*.token',
  'secret',
  '*.secret',
];

/** `/login?token=abc&x=1` → `/login?token=[REDACTED]&x=1`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|secret)=)[^&#]*/gi, '$1[REDACTED]');
}

interface RequestLike {
  method?: string;
  url?: string;
  id?: string;
  ip?: string;
  headers?: Record<string, unknown>;
}

/** Creates the logger: JSON lines to `destination` (stdout by default) at `level`. */
export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      serializers: {
        req: (req: RequestLike) => ({
          id: req.id,
          method: req.method,
          url: req.url === undefined ? undefined : redactUrl(req.url),
          remoteAddress: req.ip,
          userAgent: req.headers?.['user-agent'],
        }),
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}
