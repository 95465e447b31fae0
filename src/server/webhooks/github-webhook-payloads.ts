/**
 * The GitHub webhook payloads Panorama maps, as zod schemas of the fields it reads
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads); everything else is kept
 * raw. A payload that does not match answers 400 with the field's path.
 */
import { z } from 'zod';
import { parseTimestamp, timestampSchema } from '../../domain/index.js';

const instant = timestampSchema;
const sha = z
  .string()
  .regex(/^[0-9a-f]{40}$/i, 'must be a 40-character commit SHA')
  .transform((s) => s.toLowerCase());
const user = z.looseObject({ login: z.string() });

export const repositorySchema = z.looseObject({
  name: z.string().min(1),
  full_name: z.string().min(1),
  default_branch: z.string().min(1).optional(),
  html_url: z.string().optional(),
});

export const deploymentStatusEvent = z.looseObject({
  deployment_status: z.looseObject({
    id: z.number(),
    state: z.enum(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']),
    created_at: instant,
    target_url: z.string().nullish(),
    log_url: z.string().nullish(),
    environment: z.string().optional(),
  }),
  deployment: z.looseObject({
    id: z.number(),
    sha,
    ref: z.string(),
    environment: z.string().min(1),
    original_environment: z.string().optional(),
    production_environment: z.boolean().optional(),
    created_at: instant,
    payload: z.unknown().optional(),
  }),
  repository: repositorySchema,
});

export const pullRequestSchema = z.looseObject({
  number: z.number().int(),
  state: z.enum(['open', 'closed']),
  title: z.string().nullish(),
  user,
  created_at: instant,
  merged_at: instant.nullish(),
  merged: z.boolean().nullish(),
  merge_commit_sha: z.string().nullish(),
  base: z.looseObject({ ref: z.string() }),
  head: z.looseObject({ sha: z.string() }),
  additions: z.number().int().nullish(),
  deletions: z.number().int().nullish(),
  html_url: z.string().nullish(),
});

export const pullRequestEvent = z.looseObject({
  action: z.string(),
  pull_request: pullRequestSchema,
  repository: repositorySchema,
});

export const reviewEvent = z.looseObject({
  action: z.string(),
  review: z.looseObject({
    user: user.nullable(),
    submitted_at: instant.nullish(),
    state: z.string(),
  }),
  pull_request: pullRequestSchema,
  repository: repositorySchema,
});

export const pushEvent = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  commits: z.array(
    z.looseObject({
      id: sha,
      message: z.string(),
      timestamp: instant,
      url: z.string().optional(),
      author: z.looseObject({
        name: z.string(),
        email: z.string().nullish(),
        username: z.string().nullish(),
      }),
    }),
  ),
  repository: repositorySchema,
});

export const issuesEvent = z.looseObject({
  action: z.string(),
  issue: z.looseObject({
    number: z.number().int(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    created_at: instant,
    closed_at: instant.nullish(),
    html_url: z.string().nullish(),
    labels: z.array(z.looseObject({ name: z.string() })).default([]),
  }),
  repository: repositorySchema,
});

/** An ISO-8601 time with an offset, kept as text (the mapper reads the text). */
const isoTime = z.string().refine((text) => parseTimestamp(text).ok, 'must be an ISO-8601 time with an offset');

export const workflowRunEvent = z.looseObject({
  action: z.string(),
  workflow_run: z.looseObject({
    id: z.number().int(),
    name: z.string().nullish(),
    path: z.string(),
    head_sha: sha,
    head_branch: z.string().nullable(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    event: z.string(),
    created_at: isoTime,
    updated_at: isoTime,
    run_started_at: isoTime.optional(),
    html_url: z.string(),
    run_attempt: z.number().int().optional(),
  }),
  repository: repositorySchema,
});
