/**
 * The webhook receivers, one per source at `POST /webhooks/<source>/:org`, each bound to its
 * organisation and its own secret (webhook-secrets.ts). Every delivery goes the same way:
 * verify the credential on the raw bytes (401), parse JSON and map the payload (400 with the
 * field paths, nothing stored), then store it once per delivery id with its raw payload and its
 * records in one transaction (a redelivery answers 200 and stores nothing).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, ValidationError } from '../../shared/errors.js';
import type { ServerOptions } from '../options.js';
import type { RouteDeps } from '../routes/route-deps.js';
import { cdeventsWebhook } from './cdevents-webhook.js';
import { genericWebhook } from './generic-webhook.js';
import { createGithubWebhook } from './github-webhook.js';
import { gitlabWebhook } from './gitlab-webhook.js';
import { WebhookIngest } from './webhook-ingest.js';
import { webhookSecret } from './webhook-secrets.js';
import { countRecords, type WebhookAdapter, type WebhookInput } from './webhook-types.js';

/** Every source's adapter, with the server's settings. */
export function webhookAdapters(options: Pick<ServerOptions, 'github'>): readonly WebhookAdapter[] {
  return [createGithubWebhook(options.github), gitlabWebhook, cdeventsWebhook, genericWebhook];
}

const JSON_TYPES = /^application\/(json|cloudevents\+json|cdevents\+json)\s*(;|$)/i;

const answer = z.object({
  status: z.enum(['accepted', 'duplicate']),
  delivery_id: z.string(),
  records: z
    .number()
    .describe('domain records written (0 for a redelivery, or an event kept raw only)'),
  note: z.string().optional(),
});

/** The body as received, once its type is known to be JSON. */
function rawBody(request: FastifyRequest): string {
  const type = request.headers['content-type'] ?? '';
  if (!JSON_TYPES.test(type)) {
    throw new ValidationError(
      'API_UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${type || '(none)'}: webhooks must be JSON (application/json; GitHub: set the content type to application/json).`,
    );
  }
  return typeof request.body === 'string' ? request.body : '';
}

function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new ValidationError(
      'WEBHOOK_INVALID_JSON',
      `the body is not valid JSON (${(error as Error).message}); nothing was stored.`,
      { cause: error },
    );
  }
}

/** Registers the webhook routes in their own scope, where bodies stay raw text. */
export function webhookRoutes(app: FastifyInstance, { store, options, metrics }: RouteDeps): void {
  // Signatures are computed over the exact bytes: keep the body as text, parse after verifying.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const ingest = new WebhookIngest(store);

  for (const adapter of webhookAdapters(options)) {
    const { source } = adapter;
    app.post(`/webhooks/${source}/:org`, {
      config: { access: 'webhook', rateLimit: false },
      schema: {
        summary: adapter.summary,
        tags: ['webhooks'],
        params: z.object({ org: z.string().min(1) }),
        response: { 200: answer },
      },
      handler: async (request) => {
        const org = (request.params as { org: string }).org;
        const receivedAt = options.now();
        const count = (outcome: string) => metrics.webhookDeliveries.inc({ source, org, outcome });
        try {
          const raw = rawBody(request);
          const input: WebhookInput = {
            org,
            headers: request.headers,
            rawBody: raw,
            body: undefined,
            receivedAt,
          };
          if (!(await adapter.verify(input, webhookSecret(options.secretKey, org, source)))) {
            throw new AppError(
              'WEBHOOK_BAD_SIGNATURE',
              `the ${source} webhook's signature does not match ${org}'s ${source} secret: set the secret panorama webhook secret --org ${org} --source ${source} prints.`,
            );
          }
          input.body = parseJsonBody(raw);
          const delivery = adapter.parse(input);
          const outcome = await ingest.ingest({ org, source, delivery, payload: raw, receivedAt });
          count(outcome.status);
          if (outcome.status === 'accepted') {
            const r = delivery.records;
            const kinds = {
              repository: r.repositories,
              commit: r.commits,
              pull_request: r.pullRequests,
              deployment: r.deployments,
              incident: r.incidents,
            };
            for (const [kind, list] of Object.entries(kinds))
              if (list.length > 0) metrics.webhookRecords.inc({ source, kind }, list.length);
            if (delivery.occurredAt !== null)
              metrics.webhookLag.observe(
                { source },
                Math.max(0, receivedAt - delivery.occurredAt) / 1000,
              );
          }
          request.log.info(
            {
              source,
              org,
              delivery: delivery.deliveryId,
              event: delivery.event,
              status: outcome.status,
              records: countRecords(delivery.records),
            },
            'webhook',
          );
          return {
            status: outcome.status,
            delivery_id: delivery.deliveryId,
            records: outcome.records,
            ...(delivery.note === undefined ? {} : { note: delivery.note }),
          };
        } catch (error) {
          count(
            error instanceof AppError && error.code === 'WEBHOOK_BAD_SIGNATURE'
              ? 'unauthorized'
              : 'rejected',
          );
          throw error;
        }
      },
    });
  }

  app.post('/webhooks/:source', {
    config: { access: 'webhook', rateLimit: false },
    schema: { hide: true },
    handler: async (request) => {
      const source = (request.params as { source: string }).source;
      throw new ValidationError(
        'WEBHOOK_ORG_MISSING',
        `webhook URLs name the organisation: POST /webhooks/${source}/<org> (panorama webhook secret --org ORG --source ${source} prints the URL and its secret).`,
      );
    },
  });
}
