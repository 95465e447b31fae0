/**
 * Webhook secrets are never stored: each is derived from the server key as
 * HMAC-SHA256(key, `${org}:${source}`), so every organisation and source has its own, the server
 * can check any of them, and `panorama webhook secret` can print one at any time. Rotating the
 * server key rotates them all.
 */
import { createHmac } from 'node:crypto';

/** The secret of `org`'s webhooks from `source`, as 64 hex characters. */
export function webhookSecret(serverKey: Buffer, org: string, source: string): string {
  return createHmac('sha256', serverKey).update(`${org}:${source}`, 'utf8').digest('hex');
}
