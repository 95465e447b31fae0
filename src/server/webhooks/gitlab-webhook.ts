/**
 * GitLab webhooks (https://docs.gitlab.com/user/project/integrations/webhook_events/), verified
 * by X-Gitlab-Token (the secret itself, compared in constant time) and idempotent by
 * Idempotency-Key (GitLab 17.4+; the same across retries) or X-Gitlab-Event-UUID.
 * - `Deployment Hook` in a final state (success; failed → failure; canceled → cancelled) → a
 *   Deployment; the full SHA comes from `commit_url` (the hook sends only `short_sha` beside it);
 * - `Merge Request Hook` → the merge request's state; `approved`/`approval` by someone other
 *   than the author → its first review; `merge` → merged at the event's update time;
 * - `Issue Hook` for an issue of type incident → an Incident (resolved when closed);
 * - `Pipeline Hook` → kept raw only.
 */
import { z } from 'zod';
// The pure mapper, not the connector's index: the server should not load the REST client.
import { gitlabDeploymentStatus, parseGitlabTime } from '../../connectors/gitlab/gitlab-mapper.js';
import {
  makeId,
  timestampSchemaOf,
  type Deployment,
  type Incident,
  type PullRequest,
  type Repository,
} from '../../domain/index.js';
import { ValidationError } from '../../shared/errors.js';
import { safeEqual } from '../auth/api-tokens.js';
import {
  header,
  noRecords,
  parsePayload,
  requireHeader,
  type ParsedDelivery,
  type WebhookAdapter,
  type WebhookInput,
} from './webhook-types.js';

// GitLab's time formats and deployment status rule are the REST connector's (same shapes).
export { parseGitlabTime };

const instant = timestampSchemaOf(parseGitlabTime);

const project = z.looseObject({
  path_with_namespace: z.string().min(1),
  name: z.string().min(1),
  default_branch: z.string().nullish(),
  web_url: z.string().nullish(),
});

const deploymentHook = z.looseObject({
  object_kind: z.literal('deployment'),
  status: z.enum(['created', 'running', 'success', 'failed', 'canceled', 'skipped', 'blocked']),
  status_changed_at: instant,
  deployment_id: z.number().int(),
  environment: z.string().min(1),
  environment_tier: z.string().nullish(),
  deployable_url: z.string().nullish(),
  commit_url: z
    .string()
    .regex(/\/commit\/[0-9a-f]{40}$/i, 'must end with /commit/<40-character SHA>'),
  project,
});

const user = z.looseObject({ id: z.number().int(), username: z.string() });

const mergeRequestHook = z.looseObject({
  object_kind: z.literal('merge_request'),
  user: user.optional(),
  project,
  object_attributes: z.looseObject({
    iid: z.number().int(),
    title: z.string().nullish(),
    author_id: z.number().int(),
    created_at: instant,
    updated_at: instant,
    state: z.enum(['opened', 'closed', 'merged', 'locked']),
    action: z.string().optional(),
    target_branch: z.string().min(1),
    merge_commit_sha: z.string().nullish(),
    url: z.string().nullish(),
  }),
});

const issueHook = z.looseObject({
  object_kind: z.enum(['issue', 'work_item']),
  project,
  object_attributes: z.looseObject({
    iid: z.number().int(),
    title: z.string(),
    created_at: instant,
    closed_at: instant.nullish(),
    state: z.enum(['opened', 'closed']),
    issue_type: z.string().nullish(),
    type: z.string().nullish(),
    severity: z.string().nullish(),
    url: z.string().nullish(),
  }),
});

const SENDER = 'GitLab';
type Project = z.output<typeof project>;
const origin = (deliveryId: string) => ({ source: 'gitlab', rawId: deliveryId });

function repositoryRecord(org: string, p: Project, deliveryId: string): Repository {
  return {
    org,
    name: p.path_with_namespace,
    defaultBranch: p.default_branch ?? 'main',
    baselineProductionSha: null,
    url: p.web_url ?? null,
    origin: origin(deliveryId),
    extra: null,
  };
}

function mapDeployment(org: string, deliveryId: string, body: unknown): ParsedDelivery['records'] {
  const e = parsePayload(deploymentHook, body, 'Deployment Hook');
  const records = noRecords();
  records.repositories.push(repositoryRecord(org, e.project, deliveryId));
  const status = gitlabDeploymentStatus(e.status);
  if (status === null) return records;
  const production = e.environment_tier === 'production' || /^prod(uction)?$/i.test(e.environment);
  const deployment: Deployment = {
    org,
    id: makeId('gitlab', 'deployment', e.project.path_with_namespace, e.deployment_id),
    service: e.project.name,
    repository: e.project.path_with_namespace,
    environment: production ? 'production' : e.environment.toLowerCase(),
    originalEnvironment: e.environment,
    status,
    originalStatus: e.status,
    startedAt: null,
    finishedAt: e.status_changed_at,
    commitSha: e.commit_url.slice(-40).toLowerCase(),
    kind: 'regular',
    trigger: 'planned',
    remediatesDeploymentId: null,
    inferences: [],
    url: e.deployable_url ?? null,
    origin: origin(deliveryId),
    extra: null,
  };
  records.deployments.push(deployment);
  return records;
}

function mapMergeRequest(
  org: string,
  deliveryId: string,
  body: unknown,
): ParsedDelivery['records'] {
  const e = parsePayload(mergeRequestHook, body, 'Merge Request Hook');
  const a = e.object_attributes;
  const records = noRecords();
  records.repositories.push(repositoryRecord(org, e.project, deliveryId));
  const merged = a.state === 'merged' || a.action === 'merge';
  const approval =
    (a.action === 'approved' || a.action === 'approval') &&
    e.user !== undefined &&
    e.user.id !== a.author_id;
  const pr: PullRequest = {
    org,
    id: makeId('gitlab', 'merge_request', e.project.path_with_namespace, a.iid),
    repository: e.project.path_with_namespace,
    service: e.project.name,
    number: a.iid,
    title: a.title ?? null,
    // The hook names the author by id only (the `user` is whoever acted).
    author: `gitlab-user:${a.author_id}`,
    createdAt: a.created_at,
    firstReviewAt: approval ? a.updated_at : null,
    mergedAt: merged ? a.updated_at : null,
    mergeCommitSha: merged && a.merge_commit_sha ? a.merge_commit_sha.toLowerCase() : null,
    commitShas: [],
    baseBranch: a.target_branch,
    state: merged ? 'merged' : a.state === 'opened' ? 'open' : 'closed',
    revertsPr: null,
    additions: null,
    deletions: null,
    url: a.url ?? null,
    origin: origin(deliveryId),
    extra: null,
  };
  records.pullRequests.push(pr);
  return records;
}

function mapIssue(org: string, deliveryId: string, body: unknown): ParsedDelivery['records'] {
  const e = parsePayload(issueHook, body, 'Issue Hook');
  const a = e.object_attributes;
  const records = noRecords();
  if ((a.issue_type ?? a.type ?? '').toLowerCase() !== 'incident') return records;
  const incident: Incident = {
    org,
    id: makeId('gitlab', 'incident', e.project.path_with_namespace, a.iid),
    service: e.project.name,
    title: a.title,
    startedAt: a.created_at,
    detectedAt: a.created_at,
    acknowledgedAt: null,
    resolvedAt: a.state === 'closed' ? (a.closed_at ?? null) : null,
    causedByDeploymentId: null,
    severity: a.severity ?? null,
    inferences: [],
    url: a.url ?? null,
    origin: origin(deliveryId),
    extra: null,
  };
  records.incidents.push(incident);
  return records;
}

const MAPPED = [
  'Deployment Hook',
  'Merge Request Hook',
  'Issue Hook',
  'Confidential Issue Hook',
  'Pipeline Hook',
];

/** The GitLab adapter. */
export const gitlabWebhook: WebhookAdapter = {
  source: 'gitlab',
  summary:
    'GitLab webhook (X-Gitlab-Token): deployment, merge request, incident issue and pipeline events',
  verify(input: WebhookInput, secret: string): Promise<boolean> {
    const token = header(input.headers, 'x-gitlab-token');
    return Promise.resolve(token !== undefined && safeEqual(token, secret));
  },
  parse(input: WebhookInput): ParsedDelivery {
    const event = requireHeader(input.headers, 'x-gitlab-event', SENDER);
    const deliveryId =
      header(input.headers, 'idempotency-key') ??
      requireHeader(input.headers, 'x-gitlab-event-uuid', SENDER);
    const base = {
      deliveryId,
      event,
      occurredAt: null,
      policy: 'merge' as const,
      headers: { 'x-gitlab-event': event },
    };
    switch (event) {
      case 'Deployment Hook': {
        const records = mapDeployment(input.org, deliveryId, input.body);
        const at = records.deployments[0]?.finishedAt ?? null;
        return {
          ...base,
          occurredAt: at,
          records,
          ...(records.deployments.length > 0
            ? {}
            : { note: 'only final states (success, failed, canceled) are deployments' }),
        };
      }
      case 'Merge Request Hook':
        return { ...base, records: mapMergeRequest(input.org, deliveryId, input.body) };
      case 'Issue Hook':
      case 'Confidential Issue Hook': {
        const records = mapIssue(input.org, deliveryId, input.body);
        return {
          ...base,
          records,
          ...(records.incidents.length > 0 ? {} : { note: 'the issue is not of type incident' }),
        };
      }
      case 'Pipeline Hook':
        return {
          ...base,
          records: noRecords(),
          note: 'pipelines are kept raw (re-mappable); deployments come from Deployment Hook',
        };
      default:
        throw new ValidationError(
          'WEBHOOK_UNSUPPORTED_EVENT',
          `GitLab event "${event}" is not mapped; nothing was stored. Enable only: ${MAPPED.join(', ')}.`,
        );
    }
  },
};
