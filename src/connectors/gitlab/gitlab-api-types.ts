/**
 * The GitLab REST v4 shapes the connector reads, as documented at https://docs.gitlab.com/api/
 * (projects.md, merge_requests.md, merge_request_approvals.md, notes.md, deployments.md,
 * pipelines.md, issues.md, issue_links.md). Only the fields Panorama reads are declared; the
 * objects are loose, so fields GitLab adds later pass through (and are kept in the raw store).
 * A body that does not fit is a CONNECTOR_BAD_RESPONSE naming the request, never a crash later.
 */
import { z } from 'zod';

const nullableString = z.string().nullish();

/** `GET /projects/:id`. */
export const gitlabProjectSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  path_with_namespace: z.string().min(1),
  default_branch: nullableString,
  web_url: nullableString,
});
export type GitlabProject = z.output<typeof gitlabProjectSchema>;

/** The user objects GitLab embeds (`author`, `user`, `approved_by[].user`). */
export const gitlabUserSchema = z.looseObject({
  id: z.number().int(),
  username: z.string(),
  name: nullableString,
});
export type GitlabUser = z.output<typeof gitlabUserSchema>;

/** `GET /projects/:id/merge_requests` items. `state`: opened, closed, locked or merged. */
export const gitlabMergeRequestSchema = z.looseObject({
  id: z.number().int(),
  iid: z.number().int(),
  title: nullableString,
  state: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  merged_at: nullableString,
  closed_at: nullableString,
  target_branch: z.string(),
  source_branch: nullableString,
  author: gitlabUserSchema,
  sha: nullableString,
  merge_commit_sha: nullableString,
  squash_commit_sha: nullableString,
  squash: z.boolean().nullish(),
  draft: z.boolean().nullish(),
  web_url: nullableString,
});
export type GitlabMergeRequest = z.output<typeof gitlabMergeRequestSchema>;

/**
 * `GET /projects/:id/merge_requests/:iid/approvals`. `approved_at` exists on recent GitLab
 * versions only; older ones say who approved but not when (the approval's system note does).
 */
export const gitlabApprovalsSchema = z.looseObject({
  approved_by: z
    .array(z.looseObject({ user: gitlabUserSchema, approved_at: nullableString }))
    .default([]),
});
export type GitlabApprovals = z.output<typeof gitlabApprovalsSchema>;

/** `GET /projects/:id/merge_requests/:iid/notes` items; `system` notes are GitLab's own. */
export const gitlabNoteSchema = z.looseObject({
  id: z.number().int(),
  body: z.string(),
  author: gitlabUserSchema,
  created_at: z.string(),
  system: z.boolean(),
});
export type GitlabNote = z.output<typeof gitlabNoteSchema>;

/** `GET /projects/:id/merge_requests/:iid/commits` items. */
export const gitlabCommitSchema = z.looseObject({
  id: z.string().regex(/^[0-9a-f]{40}$/i, 'must be a 40-character SHA'),
  message: nullableString,
  author_name: z.string(),
  author_email: nullableString,
  authored_date: z.string(),
  committed_date: z.string(),
  parent_ids: z.array(z.string()).nullish(),
  web_url: nullableString,
});
export type GitlabCommit = z.output<typeof gitlabCommitSchema>;

/**
 * `GET /projects/:id/deployments` items. `status`: created, running, success, failed, canceled,
 * skipped or blocked. `finished_at` is absent on older versions; `deployable` is the CI job
 * (null for deployments created through the API).
 */
export const gitlabDeploymentSchema = z.looseObject({
  id: z.number().int(),
  iid: z.number().int().nullish(),
  ref: nullableString,
  sha: z.string().regex(/^[0-9a-f]{40}$/i, 'must be a 40-character SHA'),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: nullableString,
  status: z.string(),
  environment: z.looseObject({
    id: z.number().int().nullish(),
    name: z.string().min(1),
    tier: nullableString,
    external_url: nullableString,
  }),
  deployable: z
    .looseObject({
      id: z.number().int().nullish(),
      started_at: nullableString,
      finished_at: nullableString,
      web_url: nullableString,
      pipeline: z.looseObject({ id: z.number().int().nullish() }).nullish(),
    })
    .nullish(),
});
export type GitlabDeployment = z.output<typeof gitlabDeploymentSchema>;

/** `GET /projects/:id/pipelines` items (kept raw: deployments come from the deployments API). */
export const gitlabPipelineSchema = z.looseObject({
  id: z.number().int(),
  status: z.string(),
  updated_at: z.string(),
});
export type GitlabPipeline = z.output<typeof gitlabPipelineSchema>;

/** `GET /projects/:id/issues?issue_type=incident` items. `severity` is set on incidents. */
export const gitlabIssueSchema = z.looseObject({
  id: z.number().int(),
  iid: z.number().int(),
  title: z.string(),
  description: nullableString,
  state: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: nullableString,
  issue_type: nullableString,
  severity: nullableString,
  labels: z.array(z.string()).nullish(),
  web_url: nullableString,
});
export type GitlabIssue = z.output<typeof gitlabIssueSchema>;

/** `GET /projects/:id/issues/:iid/links` items: the linked issues with the link's type. */
export const gitlabIssueLinkSchema = z.looseObject({
  iid: z.number().int(),
  project_id: z.number().int().nullish(),
  issue_link_id: z.number().int().nullish(),
  link_type: nullableString,
  web_url: nullableString,
  references: z.looseObject({ full: nullableString }).nullish(),
});
export type GitlabIssueLink = z.output<typeof gitlabIssueLinkSchema>;
