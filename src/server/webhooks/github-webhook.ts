/**
 * GitHub webhooks (https://docs.github.com/en/webhooks/webhook-events-and-payloads), verified
 * by X-Hub-Signature-256 (HMAC-SHA256 of the body with the webhook secret) and idempotent by
 * X-GitHub-Delivery. What each event becomes:
 * - `deployment_status` in a final state (success; failure or error → failure) → a Deployment;
 *   other states and `deployment` (creation) are kept raw only;
 * - `pull_request` → the PullRequest's current state (merged when `merged`);
 * - `pull_request_review` (submitted, by someone other than the author) → its first review;
 * - `push` → the pushed Commits (GitHub sends no parents: each is chained to the previous one,
 *   the first to `before`; a later git sync of the repository corrects merges);
 * - `issues` labelled `incident` → an Incident (open → resolved when closed);
 * - `workflow_run` of a configured deployment workflow (`sources.github.deployment_workflows`,
 *   as `panorama sync` reads them), completed → a production Deployment; other runs raw only;
 * - `release`, `ping` → kept raw only (no DORA meaning of their own).
 * The incident labels, production environment names and deployment workflows come from the
 * server's config (`GithubWebhookSettings`), as for `panorama sync`.
 */
import { verify } from '@octokit/webhooks-methods';
import { z } from 'zod';
import {
  DEFAULT_INCIDENT_LABELS,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  deploymentWorkflowMatcher,
  githubOrigin,
  isIncidentIssue,
  mapDeployment,
  mapIncident,
  mapPullRequest,
  mapRepository,
  mapWorkflowRun,
  productionMatcher,
} from '../../connectors/github/index.js';
import {
  parseTimestamp,
  type Commit,
  type Instant,
  type PullRequest,
  type Repository,
} from '../../domain/index.js';
import { ValidationError } from '../../shared/errors.js';
import {
  header,
  noRecords,
  parsePayload,
  requireHeader,
  type ParsedDelivery,
  type WebhookAdapter,
  type WebhookInput,
} from './webhook-types.js';
import {
  deploymentStatusEvent,
  issuesEvent,
  pullRequestEvent,
  pullRequestSchema,
  pushEvent,
  repositorySchema,
  reviewEvent,
  workflowRunEvent,
} from './github-webhook-payloads.js';

const SENDER = 'GitHub';
/** Events kept raw only, with why. */
const RAW_ONLY: Readonly<Record<string, string>> = {
  ping: 'ping: the webhook works',
  deployment: 'deployment creation is kept raw; its deployment_status events make the Deployment',
  release: 'releases are kept raw (re-mappable); deployments come from deployment_status',
};

const MAPPED = ['deployment_status', 'pull_request', 'pull_request_review', 'push', 'issues', 'workflow_run'];

type Repo = z.output<typeof repositorySchema>;
const origin = (input: { deliveryId: string }) => githubOrigin(input.deliveryId);
const context = (org: string, repo: Repo) => ({ org, repository: repo.full_name, service: repo.name });

function repositoryRecord(org: string, repo: Repo, deliveryId: string): Repository {
  return mapRepository(org, repo, origin({ deliveryId }));
}

/** What the server's config says about GitHub (`sources.github`, `environments`). */
export interface GithubWebhookSettings {
  /** Workflows (names, paths or globs) whose completed runs are production deployments. */
  deploymentWorkflows: readonly string[];
  incidentLabels: readonly string[];
  productionEnvironments: readonly string[];
}

export const DEFAULT_GITHUB_WEBHOOK_SETTINGS: GithubWebhookSettings = {
  deploymentWorkflows: [],
  incidentLabels: DEFAULT_INCIDENT_LABELS,
  productionEnvironments: DEFAULT_PRODUCTION_ENVIRONMENTS,
};

/** The settings with their matchers built once. */
interface Matchers {
  isProduction: (environment: string) => boolean;
  incidentLabels: readonly string[];
  workflows: ReturnType<typeof deploymentWorkflowMatcher>;
}

function mapWorkflowRunEvent(m: Matchers, org: string, deliveryId: string, body: unknown): { records: ParsedDelivery['records']; note?: string } {
  const e = parsePayload(workflowRunEvent, body, 'workflow_run event');
  const records = noRecords();
  const run = e.workflow_run;
  if (!m.workflows.isDeployWorkflow(run)) {
    return { records, note: 'not a deployment workflow (sources.github.deployment_workflows); kept raw' };
  }
  records.repositories.push(repositoryRecord(org, e.repository, deliveryId));
  const deployment = mapWorkflowRun(
    { ...context(org, e.repository), isProduction: m.isProduction },
    run as Parameters<typeof mapWorkflowRun>[1],
    deliveryId,
  );
  if (deployment === null) return { records, note: 'only completed runs (success, failure, cancelled) are deployments' };
  records.deployments.push(deployment);
  return { records };
}

function mapDeploymentStatus(
  m: Matchers,
  org: string,
  deliveryId: string,
  body: unknown,
): ParsedDelivery['records'] {
  const e = parsePayload(deploymentStatusEvent, body, 'deployment_status event');
  const state = e.deployment_status.state;
  const records = noRecords();
  records.repositories.push(repositoryRecord(org, e.repository, deliveryId));
  if (state !== 'success' && state !== 'failure' && state !== 'error') return records;
  const d = e.deployment;
  const deployment = mapDeployment(
    { ...context(org, e.repository), isProduction: m.isProduction },
    {
      id: d.id,
      sha: d.sha,
      ref: d.ref,
      environment: d.environment,
      originalEnvironment: d.original_environment ?? null,
      // Not GitHub's production_environment flag: the sync cannot read it (GraphQL has none),
      // and one deployment must map alike whichever path brings it.
      createdAt: d.created_at,
      payload: d.payload,
    },
    {
      status: state === 'success' ? 'success' : 'failure',
      originalStatus: state,
      finishedAt: e.deployment_status.created_at,
      url: e.deployment_status.log_url || e.deployment_status.target_url || null,
      statusId: e.deployment_status.id,
    },
    origin({ deliveryId }),
  );
  records.deployments.push(deployment);
  return records;
}

function pullRequestRecord(
  org: string,
  deliveryId: string,
  repo: Repo,
  pr: z.output<typeof pullRequestSchema>,
): PullRequest {
  return mapPullRequest(
    context(org, repo),
    {
      number: pr.number,
      title: pr.title ?? null,
      author: pr.user.login,
      createdAt: pr.created_at,
      state: pr.state,
      merged: pr.merged === true,
      mergedAt: pr.merged_at ?? null,
      mergeCommitSha: pr.merge_commit_sha ?? null,
      baseBranch: pr.base.ref,
      additions: pr.additions ?? null,
      deletions: pr.deletions ?? null,
      url: pr.html_url ?? null,
      firstReviewAt: null,
      commitShas: [],
    },
    origin({ deliveryId }),
  );
}

function mapPush(org: string, deliveryId: string, body: unknown): ParsedDelivery['records'] {
  const e = parsePayload(pushEvent, body, 'push event');
  const records = noRecords();
  records.repositories.push(repositoryRecord(org, e.repository, deliveryId));
  let parent = /^0+$/.test(e.before) ? null : e.before.toLowerCase();
  for (const c of e.commits) {
    const commit: Commit = {
      org,
      repository: e.repository.full_name,
      sha: c.id,
      parents: parent === null ? [] : [parent],
      author: c.author.username ?? c.author.email ?? c.author.name,
      authoredAt: c.timestamp,
      committedAt: c.timestamp,
      message: c.message,
      additions: null,
      deletions: null,
      services: [],
      origin: origin({ deliveryId }),
      extra: { parents_inferred: 'push payloads carry no parents' },
    };
    records.commits.push(commit);
    parent = c.id;
  }
  return records;
}

function mapIssue(m: Matchers, org: string, deliveryId: string, body: unknown): ParsedDelivery['records'] {
  const e = parsePayload(issuesEvent, body, 'issues event');
  const records = noRecords();
  const labels = e.issue.labels.map((l) => l.name);
  if (!isIncidentIssue(labels, m.incidentLabels)) return records;
  const incident = mapIncident(
    context(org, e.repository),
    {
      number: e.issue.number,
      title: e.issue.title,
      state: e.issue.state,
      createdAt: e.issue.created_at,
      closedAt: e.issue.closed_at ?? null,
      url: e.issue.html_url ?? null,
      labels,
    },
    null,
    origin({ deliveryId }),
  );
  records.incidents.push(incident);
  return records;
}

function occurredAt(body: unknown): Instant | null {
  const b = body as {
    deployment_status?: { created_at?: unknown };
    pull_request?: { updated_at?: unknown };
    head_commit?: { timestamp?: unknown };
  } | null;
  const text =
    b?.deployment_status?.created_at ?? b?.pull_request?.updated_at ?? b?.head_commit?.timestamp;
  if (typeof text !== 'string') return null;
  const parsed = parseTimestamp(text);
  return parsed.ok ? parsed.value : null;
}

/** The GitHub adapter, mapping with the server's GitHub settings. */
export function createGithubWebhook(settings: GithubWebhookSettings = DEFAULT_GITHUB_WEBHOOK_SETTINGS): WebhookAdapter {
  const m: Matchers = {
    isProduction: productionMatcher(settings.productionEnvironments),
    incidentLabels: settings.incidentLabels,
    workflows: deploymentWorkflowMatcher(settings.deploymentWorkflows),
  };
  return {
  source: 'github',
  summary:
    'GitHub webhook (X-Hub-Signature-256): deployment_status, pull_request, pull_request_review, push, issues labelled incident, workflow_run of a deployment workflow',
  async verify(input: WebhookInput, secret: string): Promise<boolean> {
    const signature = header(input.headers, 'x-hub-signature-256');
    if (signature === undefined || !signature.startsWith('sha256=')) return false;
    return verify(secret, input.rawBody, signature);
  },
  parse(input: WebhookInput): ParsedDelivery {
    const event = requireHeader(input.headers, 'x-github-event', SENDER);
    const deliveryId = requireHeader(input.headers, 'x-github-delivery', SENDER);
    const base = {
      deliveryId,
      event,
      occurredAt: occurredAt(input.body),
      policy: 'merge' as const,
      headers: { 'x-github-event': event },
    };
    const rawOnly = RAW_ONLY[event];
    if (rawOnly !== undefined) return { ...base, records: noRecords(), note: rawOnly };
    switch (event) {
      case 'deployment_status': {
        const records = mapDeploymentStatus(m, input.org, deliveryId, input.body);
        return records.deployments.length > 0
          ? { ...base, records }
          : {
              ...base,
              records,
              note: 'only final states (success, failure, error) are deployments',
            };
      }
      case 'pull_request': {
        const e = parsePayload(pullRequestEvent, input.body, 'pull_request event');
        const records = noRecords();
        records.repositories.push(repositoryRecord(input.org, e.repository, deliveryId));
        records.pullRequests.push(
          pullRequestRecord(input.org, deliveryId, e.repository, e.pull_request),
        );
        return { ...base, records };
      }
      case 'pull_request_review': {
        const e = parsePayload(reviewEvent, input.body, 'pull_request_review event');
        const records = noRecords();
        const pr = pullRequestRecord(input.org, deliveryId, e.repository, e.pull_request);
        const reviewer = e.review.user?.login;
        const counts =
          e.action === 'submitted' &&
          e.review.submitted_at != null &&
          reviewer !== undefined &&
          reviewer !== pr.author;
        records.pullRequests.push({
          ...pr,
          firstReviewAt: counts ? (e.review.submitted_at ?? null) : null,
        });
        return {
          ...base,
          records,
          ...(counts
            ? {}
            : { note: 'not a first-review candidate (not submitted, or by the author)' }),
        };
      }
      case 'push': {
        const records = mapPush(input.org, deliveryId, input.body);
        return { ...base, records };
      }
      case 'issues': {
        const records = mapIssue(m, input.org, deliveryId, input.body);
        return records.incidents.length > 0
          ? { ...base, records }
          : { ...base, records, note: 'the issue is not labelled incident' };
      }
      case 'workflow_run': {
        const { records, note } = mapWorkflowRunEvent(m, input.org, deliveryId, input.body);
        return { ...base, records, ...(note === undefined ? {} : { note }) };
      }
      default:
        throw new ValidationError(
          'WEBHOOK_UNSUPPORTED_EVENT',
          `GitHub event "${event}" is not mapped; nothing was stored. Subscribe the webhook to: ${[...MAPPED, ...Object.keys(RAW_ONLY)].join(', ')}.`,
        );
    }
  },
  };
}

/** The GitHub adapter with the default settings. */
export const githubWebhook: WebhookAdapter = createGithubWebhook();
