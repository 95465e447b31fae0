/**
 * The generic webhook: a body in Panorama's import format (METRICS.md section 7, one JSON
 * document `{repository?, commits[], pull_requests[], deployments[], incidents[]}`), validated
 * and mapped exactly as `panorama import` does (import-records.ts), all or nothing. Records are
 * whole, so they replace stored ones as an import would. Authenticated by
 * X-Panorama-Signature-256 (`sha256=` + hex HMAC-SHA256 of the body, GitHub's scheme) or
 * `Authorization: Bearer <secret>`; idempotent by X-Panorama-Delivery (or Idempotency-Key),
 * else by the SHA-256 of the body, so posting the same document twice stores it once.
 */
import { createHash } from 'node:crypto';
import { verify } from '@octokit/webhooks-methods';
import { mapImportDocument } from '../../ingest/import-records.js';
import { safeEqual } from '../auth/api-tokens.js';
import {
  header,
  invalidProblems,
  noRecords,
  type ParsedDelivery,
  type WebhookAdapter,
  type WebhookInput,
} from './webhook-types.js';

/** X-Panorama-Signature-256 (HMAC of the body) or `Authorization: Bearer <secret>`. */
export async function verifyPanoramaSignature(
  input: WebhookInput,
  secret: string,
): Promise<boolean> {
  const signature = header(input.headers, 'x-panorama-signature-256');
  if (signature !== undefined)
    return signature.startsWith('sha256=') && verify(secret, input.rawBody, signature);
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(input.headers, 'authorization') ?? '');
  return bearer !== null && safeEqual(bearer[1]!, secret);
}

/** The generic adapter. */
export const genericWebhook: WebhookAdapter = {
  source: 'generic',
  summary:
    'Generic webhook: a JSON document in the import format, all or nothing (X-Panorama-Signature-256 or Bearer secret)',
  verify: verifyPanoramaSignature,
  parse(input: WebhookInput): ParsedDelivery {
    const deliveryId =
      header(input.headers, 'x-panorama-delivery') ??
      header(input.headers, 'idempotency-key') ??
      `sha256:${createHash('sha256').update(input.rawBody, 'utf8').digest('hex')}`;
    const { records: mapped, problems } = mapImportDocument(input.body, {
      org: input.org,
      repository: 'default',
      service: '',
      origin: { source: 'webhook', rawId: deliveryId },
    });
    // Uptime samples and debt items are not webhook events: they come by import or the API.
    for (const key of ['uptime_samples', 'debt_items']) {
      if ((input.body as Record<string, unknown> | null)?.[key] !== undefined) {
        problems.push({ path: key, message: 'not accepted by the webhook; use panorama import (or POST /api/v1/orgs/:org/debt)' });
      }
    }
    if (problems.length > 0) throw invalidProblems(problems, 'import document');
    const records = noRecords();
    for (const r of mapped) {
      if (r.kind === 'repository') records.repositories.push(r.value);
      else if (r.kind === 'commit') records.commits.push(r.value);
      else if (r.kind === 'pull_request') records.pullRequests.push(r.value);
      else if (r.kind === 'deployment') records.deployments.push(r.value);
      else if (r.kind === 'incident') records.incidents.push(r.value);
    }
    const latest = records.deployments.reduce<number | null>(
      (t, d) => (t === null || d.finishedAt > t ? d.finishedAt : t),
      null,
    );
    return {
      deliveryId,
      event: 'import',
      occurredAt: latest,
      records,
      policy: 'replace',
      headers: {},
    };
  },
};
