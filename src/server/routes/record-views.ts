/**
 * Domain records as the API sends them: snake_case like the import format and the report,
 * instants as ISO-8601 UTC strings, so a listed record can be imported again as is. The zod
 * schemas describe the answers in the OpenAPI document and check them on the way out.
 */
import { z } from 'zod';
import {
  formatInstant,
  type Commit,
  type Deployment,
  type Incident,
  type Inference,
  type Instant,
  type PullRequest,
  type Repository,
} from '../../domain/index.js';

const iso = (t: Instant): string => formatInstant(t);
const isoOrNull = (t: Instant | null): string | null => (t === null ? null : formatInstant(t));

const timestamp = z.string().describe('ISO-8601 UTC');
const extra = z
  .record(z.string(), z.unknown())
  .nullable()
  .describe('fields the source sent that Panorama does not model');
const inference = z.object({
  field: z.string(),
  value: z.string(),
  rule: z.string(),
  detail: z.string(),
});

export const repositoryView = z.object({
  name: z.string(),
  default_branch: z.string(),
  baseline_production_sha: z.string().nullable(),
  url: z.string().nullable(),
  source: z.string(),
});

export function viewRepository(r: Repository): z.output<typeof repositoryView> {
  return {
    name: r.name,
    default_branch: r.defaultBranch,
    baseline_production_sha: r.baselineProductionSha,
    url: r.url,
    source: r.origin.source,
  };
}

export const changeView = z.object({
  repository: z.string(),
  sha: z.string(),
  parents: z.array(z.string()),
  author: z.string(),
  authored_at: timestamp,
  committed_at: timestamp,
  message: z.string().nullable(),
  additions: z.number().nullable(),
  deletions: z.number().nullable(),
  services: z.array(z.string()),
  source: z.string(),
});

export function viewChange(c: Commit): z.output<typeof changeView> {
  return {
    repository: c.repository,
    sha: c.sha,
    parents: c.parents,
    author: c.author,
    authored_at: iso(c.authoredAt),
    committed_at: iso(c.committedAt),
    message: c.message,
    additions: c.additions,
    deletions: c.deletions,
    services: c.services,
    source: c.origin.source,
  };
}

export const deploymentView = z.object({
  id: z.string(),
  service: z.string(),
  repository: z.string(),
  environment: z.string(),
  original_environment: z.string(),
  status: z.enum(['success', 'failure', 'cancelled']),
  original_status: z.string(),
  started_at: timestamp.nullable(),
  finished_at: timestamp,
  commit_sha: z.string(),
  kind: z.enum(['regular', 'rollback', 'revert', 'hotfix']),
  trigger: z.enum(['planned', 'incident_remediation']),
  remediates_deployment_id: z.string().nullable(),
  inferences: z.array(inference),
  url: z.string().nullable(),
  source: z.string(),
  extra,
});

const viewInferences = (list: Inference[]) =>
  list.map((i) => ({ field: i.field, value: i.value, rule: i.rule, detail: i.detail }));

export function viewDeployment(d: Deployment): z.output<typeof deploymentView> {
  return {
    id: d.id,
    service: d.service,
    repository: d.repository,
    environment: d.environment,
    original_environment: d.originalEnvironment,
    status: d.status,
    original_status: d.originalStatus,
    started_at: isoOrNull(d.startedAt),
    finished_at: iso(d.finishedAt),
    commit_sha: d.commitSha,
    kind: d.kind,
    trigger: d.trigger,
    remediates_deployment_id: d.remediatesDeploymentId,
    inferences: viewInferences(d.inferences),
    url: d.url,
    source: d.origin.source,
    extra: d.extra,
  };
}

export const pullRequestView = z.object({
  id: z.string(),
  repository: z.string(),
  service: z.string(),
  number: z.number().nullable(),
  title: z.string().nullable(),
  author: z.string(),
  created_at: timestamp,
  first_review_at: timestamp.nullable(),
  merged_at: timestamp.nullable(),
  merge_commit_sha: z.string().nullable(),
  commit_shas: z.array(z.string()),
  base_branch: z.string(),
  state: z.enum(['open', 'closed', 'merged']).nullable(),
  reverts_pr: z.string().nullable(),
  additions: z.number().nullable(),
  deletions: z.number().nullable(),
  url: z.string().nullable(),
  source: z.string(),
  extra,
});

export function viewPullRequest(p: PullRequest): z.output<typeof pullRequestView> {
  return {
    id: p.id,
    repository: p.repository,
    service: p.service,
    number: p.number,
    title: p.title,
    author: p.author,
    created_at: iso(p.createdAt),
    first_review_at: isoOrNull(p.firstReviewAt),
    merged_at: isoOrNull(p.mergedAt),
    merge_commit_sha: p.mergeCommitSha,
    commit_shas: p.commitShas,
    base_branch: p.baseBranch,
    state: p.state,
    reverts_pr: p.revertsPr,
    additions: p.additions,
    deletions: p.deletions,
    url: p.url,
    source: p.origin.source,
    extra: p.extra,
  };
}

export const incidentView = z.object({
  id: z.string(),
  service: z.string(),
  title: z.string().nullable(),
  started_at: timestamp,
  detected_at: timestamp.nullable(),
  acknowledged_at: timestamp.nullable(),
  resolved_at: timestamp.nullable(),
  caused_by_deployment_id: z.string().nullable(),
  severity: z.string().nullable(),
  inferences: z.array(inference),
  url: z.string().nullable(),
  source: z.string(),
  extra,
});

export function viewIncident(i: Incident): z.output<typeof incidentView> {
  return {
    id: i.id,
    service: i.service,
    title: i.title,
    started_at: iso(i.startedAt),
    detected_at: isoOrNull(i.detectedAt),
    acknowledged_at: isoOrNull(i.acknowledgedAt),
    resolved_at: isoOrNull(i.resolvedAt),
    caused_by_deployment_id: i.causedByDeploymentId,
    severity: i.severity,
    inferences: viewInferences(i.inferences),
    url: i.url,
    source: i.origin.source,
    extra: i.extra,
  };
}
