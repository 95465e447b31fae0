/**
 * CDEvents 0.5 over CloudEvents HTTP, in binary mode (`ce-*` headers, the CDEvent as the body)
 * or structured mode (`application/cloudevents+json`, the CDEvent as `data`). Authenticated by
 * X-Panorama-Signature-256 (HMAC-SHA256 of the body, GitHub's scheme) or
 * `Authorization: Bearer <secret>`; idempotent by the CloudEvent's source and id.
 * - service.deployed, service.upgraded → a production (or other) Deployment; service.rolledback
 *   → a rollback (kind rollback, trigger incident_remediation). The commit comes from
 *   customData.commitSha, the artifact purl's `vcs_url` qualifier (`...@<sha>`) or its version
 *   when that is a commit SHA; a deployment naming no commit is refused (400).
 * - change.merged → its pull request, merged at the event time;
 * - incident.detected / reported / resolved → one Incident, started, ticketed, resolved;
 * - pipelinerun.finished → kept raw only.
 */
import { z } from 'zod';
import { makeId, type Deployment, type Incident, type PullRequest } from '../../domain/index.js';
import { ValidationError } from '../../shared/errors.js';
import {
  cdeventSchema,
  CDEVENT_TYPE,
  changeContent,
  incidentContent,
  incidentReportedContent,
  serviceContent,
  structuredCloudEvent,
  type CDEvent,
} from './cdevents-schema.js';
import { verifyPanoramaSignature } from './generic-webhook.js';
import {
  header,
  invalidProblems,
  noRecords,
  parsePayload,
  requireHeader,
  type ParsedDelivery,
  type WebhookAdapter,
  type WebhookInput,
} from './webhook-types.js';

const MAPPED = [
  'service.deployed',
  'service.upgraded',
  'service.rolledback',
  'change.merged',
  'incident.detected',
  'incident.reported',
  'incident.resolved',
  'pipelinerun.finished',
];
const SENDER = 'a CloudEvents producer';

/** The last segment of an id: `service/myapp` → `myapp`. */
const lastSegment = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;
const isProduction = (env: string): boolean => /^prod(uction)?([^a-z]|$)/i.test(env);

/** `data` sent as a JSON string: its value, or undefined (then reported as a missing CDEvent). */
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidProblems(
      [{ path: 'data', message: `is a string but not JSON (${(error as Error).message})` }],
      'structured CloudEvent',
    );
  }
}

/** The CDEvent and its CloudEvent attributes, from either content mode. */
function unwrap(input: WebhookInput): {
  event: CDEvent;
  ceId: string;
  ceSource: string;
  ceType: string;
} {
  const type = header(input.headers, 'content-type') ?? '';
  if (/^application\/cloudevents\+json/i.test(type)) {
    const ce = parsePayload(structuredCloudEvent, input.body, 'structured CloudEvent');
    const event = parsePayload(
      cdeventSchema,
      typeof ce.data === 'string' ? jsonOrUndefined(ce.data) : ce.data,
      'CDEvent (CloudEvent data)',
      'data',
    );
    return { event, ceId: ce.id, ceSource: ce.source, ceType: ce.type };
  }
  const ceType = requireHeader(input.headers, 'ce-type', SENDER);
  const ceId = requireHeader(input.headers, 'ce-id', SENDER);
  const ceSource = requireHeader(input.headers, 'ce-source', SENDER);
  requireHeader(input.headers, 'ce-specversion', SENDER);
  return { event: parsePayload(cdeventSchema, input.body, 'CDEvent'), ceId, ceSource, ceType };
}

/** The commit an artifact was built from, or null. */
export function commitOf(
  artifactId: string,
  customData: unknown,
): { sha: string; repository: string | null } | null {
  const custom = (customData ?? {}) as Record<string, unknown>;
  const given = custom['commitSha'] ?? custom['commit_sha'];
  const customRepo = typeof custom['repository'] === 'string' ? custom['repository'] : null;
  if (typeof given === 'string' && /^[0-9a-f]{7,64}$/i.test(given))
    return { sha: given.toLowerCase(), repository: customRepo };
  const [main = '', query = ''] = artifactId.split('#')[0]!.split('?');
  const vcs = new URLSearchParams(query).get('vcs_url');
  if (vcs !== null) {
    const m = /^(?:git\+)?(?:[a-z]+:\/\/[^/]+\/)?(.+?)(?:\.git)?@([0-9a-f]{7,64})$/i.exec(vcs);
    if (m) return { sha: m[2]!.toLowerCase(), repository: customRepo ?? m[1]! };
  }
  const version = decodeURIComponent(main.slice(main.lastIndexOf('@') + 1));
  if (main.includes('@') && /^[0-9a-f]{7,64}$/i.test(version))
    return { sha: version.toLowerCase(), repository: customRepo };
  return null;
}

function mapService(org: string, deliveryId: string, e: CDEvent, predicate: string): Deployment {
  const content = parsePayload(
    serviceContent,
    e.subject.content,
    `service.${predicate} event`,
    'subject.content',
  );
  const commit = commitOf(content.artifactId, e.customData);
  if (commit === null) {
    throw invalidProblems(
      [
        {
          path: 'subject.content.artifactId',
          message:
            'names no commit: use a purl whose version is the commit SHA (pkg:generic/app@<sha>), a vcs_url qualifier ending @<sha>, or customData.commitSha',
        },
      ],
      `service.${predicate} event`,
    );
  }
  const service = lastSegment(e.subject.id);
  const env = content.environment.id;
  const rollback = predicate === 'rolledback';
  return {
    org,
    id: makeId('cdevents', 'deployment', e.context.source, e.context.id),
    service,
    repository: commit.repository ?? service,
    environment: isProduction(env) ? 'production' : env.toLowerCase(),
    originalEnvironment: env,
    status: 'success',
    originalStatus: predicate,
    startedAt: null,
    finishedAt: e.context.timestamp,
    commitSha: commit.sha,
    kind: rollback ? 'rollback' : 'regular',
    trigger: rollback ? 'incident_remediation' : 'planned',
    remediatesDeploymentId: null,
    inferences: [],
    url: null,
    origin: { source: 'cdevents', rawId: deliveryId },
    extra: { artifact_id: content.artifactId, subject_id: e.subject.id },
  };
}

function mapChange(org: string, deliveryId: string, e: CDEvent): PullRequest {
  const content = parsePayload(
    changeContent,
    e.subject.content,
    'change.merged event',
    'subject.content',
  );
  const repository = content.repository.id;
  return {
    org,
    id: makeId('cdevents', 'change', e.subject.source ?? e.context.source, e.subject.id),
    repository,
    service: '',
    number: null,
    title: null,
    author: '',
    // A merge event knows only its own time: the stored creation time, if any, is kept.
    createdAt: e.context.timestamp,
    firstReviewAt: null,
    mergedAt: e.context.timestamp,
    mergeCommitSha: null,
    commitShas: [],
    baseBranch: 'unknown',
    state: 'merged',
    revertsPr: null,
    additions: null,
    deletions: null,
    url: null,
    origin: { source: 'cdevents', rawId: deliveryId },
    extra: null,
  };
}

function mapIncident(org: string, deliveryId: string, e: CDEvent, predicate: string): Incident {
  const schema = predicate === 'reported' ? incidentReportedContent : incidentContent;
  const content = parsePayload(
    schema,
    e.subject.content,
    `incident.${predicate} event`,
    'subject.content',
  ) as z.output<typeof incidentReportedContent>;
  const t = e.context.timestamp;
  return {
    org,
    id: makeId('cdevents', 'incident', e.subject.source ?? e.context.source, e.subject.id),
    service: content.service === undefined ? '' : lastSegment(content.service.id),
    title: content.description ?? null,
    startedAt: t,
    detectedAt: predicate === 'resolved' ? null : t,
    acknowledgedAt: null,
    resolvedAt: predicate === 'resolved' ? t : null,
    causedByDeploymentId: null,
    severity: null,
    inferences: [],
    url: predicate === 'reported' ? content.ticketURI : null,
    origin: { source: 'cdevents', rawId: deliveryId },
    extra: { environment: content.environment.id },
  };
}

/** The CDEvents adapter. */
export const cdeventsWebhook: WebhookAdapter = {
  source: 'cdevents',
  summary:
    'CDEvents 0.5 over CloudEvents, binary or structured mode: service.*, change.merged, incident.*, pipelinerun.finished',
  verify: verifyPanoramaSignature,
  parse(input: WebhookInput): ParsedDelivery {
    const { event, ceId, ceSource, ceType } = unwrap(input);
    if (ceType !== event.context.type) {
      throw invalidProblems(
        [{ path: 'context.type', message: `differs from the CloudEvent type "${ceType}"` }],
        'CDEvent',
      );
    }
    const [, subject, predicate] = CDEVENT_TYPE.exec(event.context.type)!;
    const name = `${subject}.${predicate}`;
    const deliveryId = `${ceSource}#${ceId}`;
    const base = {
      deliveryId,
      event: event.context.type,
      occurredAt: event.context.timestamp,
      policy: 'merge' as const,
      headers: { 'ce-type': ceType },
    };
    const records = noRecords();
    switch (name) {
      case 'service.deployed':
      case 'service.upgraded':
      case 'service.rolledback':
        records.deployments.push(mapService(input.org, deliveryId, event, predicate!));
        return { ...base, records };
      case 'change.merged':
        records.pullRequests.push(mapChange(input.org, deliveryId, event));
        return { ...base, records };
      case 'incident.detected':
      case 'incident.reported':
      case 'incident.resolved':
        records.incidents.push(mapIncident(input.org, deliveryId, event, predicate!));
        return { ...base, records };
      case 'pipelinerun.finished':
        return {
          ...base,
          records,
          note: 'pipeline runs are kept raw (re-mappable); deployments come from service events',
        };
      default:
        throw new ValidationError(
          'WEBHOOK_UNSUPPORTED_EVENT',
          `CDEvent ${event.context.type} is not mapped; nothing was stored. Send: ${MAPPED.join(', ')}.`,
        );
    }
  },
};
