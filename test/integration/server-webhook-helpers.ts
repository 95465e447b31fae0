/**
 * Signing webhook deliveries the way each sender does, for the server tests.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** `sha256=<hex HMAC of body>`, GitHub's X-Hub-Signature-256 (and Panorama's own header). */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The headers a `source` sender attaches to `body` with `secret` (a fresh delivery id). */
export function signFor(
  source: string,
  secret: string,
  body: string,
  event?: string,
): Record<string, string> {
  const json = { 'content-type': 'application/json' };
  switch (source) {
    case 'github':
      return {
        ...json,
        'x-github-event': event ?? 'ping',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': hubSignature(secret, body),
      };
    case 'gitlab':
      return {
        ...json,
        'x-gitlab-event': event ?? 'Deployment Hook',
        'x-gitlab-token': secret,
        'x-gitlab-event-uuid': randomUUID(),
      };
    default:
      return { ...json, 'x-panorama-signature-256': hubSignature(secret, body) };
  }
}
