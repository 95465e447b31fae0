/**
 * `panorama webhook secret --org ORG --source SOURCE`: the URL and secret to give a sender.
 * The secret is derived from the server key, never stored; the same command prints it again.
 */
import { loadSecretKey } from '../../server/secret-key.js';
import { WEBHOOK_SOURCES } from '../../server/webhooks/webhook-sources.js';
import { webhookSecret } from '../../server/webhooks/webhook-secrets.js';
import { AppError } from '../../shared/errors.js';
import { loadConfig } from '../../config/load-config.js';
import { EXIT } from '../exit-codes.js';
import { writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';

/** `panorama webhook secret`. */
export async function runWebhookSecret(
  flags: GlobalOptions & { source?: string; url?: string },
  io: CliIo,
): Promise<number> {
  const source = flags.source ?? '';
  if (!(WEBHOOK_SOURCES as readonly string[]).includes(source)) {
    throw new AppError(
      'CLI_USAGE',
      `--source ${source || '(missing)'}: use one of ${WEBHOOK_SOURCES.join(', ')}.`,
    );
  }
  const config = loadConfig({ flags, env: io.env, cwd: io.cwd });
  const { key } = loadSecretKey({ env: io.env, db: config.db, cwd: io.cwd });
  const base = (flags.url ?? 'http://127.0.0.1:4317').replace(/\/$/, '');
  writeLine(io.stdout, `url: ${base}/webhooks/${source}/${config.org.id}`);
  writeLine(io.stdout, `secret: ${webhookSecret(key, config.org.id, source)}`);
  return Promise.resolve(EXIT.ok);
}
