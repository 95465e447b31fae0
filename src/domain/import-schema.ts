/**
 * The import format (METRICS.md section 7): one JSON document
 * `{repository?, commits[], pull_requests[], deployments[], incidents[], uptime_samples[],
 * debt_items[]}` with the records of
 * section 2 in snake_case, or NDJSON with one record per line carrying `"type"`. Unknown fields
 * are kept (in `extra`); invalid records are rejected with their path.
 *
 * These zod schemas are the single definition of that format: the importer, the generic webhook
 * and the docs all derive from them.
 */
import { z } from 'zod';
import { parseTimestamp, type Instant, type ParsedTimestamp } from './time.js';

/** A timestamp read by `parse` (a source's own time format), with its reason when it is not one. */
export function timestampSchemaOf(parse: (text: string) => ParsedTimestamp) {
  return z.string().transform((text, ctx): Instant => {
    const parsed = parse(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return z.NEVER;
    }
    return parsed.value;
  });
}

/** An ISO-8601 timestamp with an explicit offset, parsed to an instant. */
export const timestampSchema = timestampSchemaOf(parseTimestamp);

const optionalTimestamp = timestampSchema.nullish().transform((v) => v ?? null);
const optionalString = z.string().nullish().transform((v) => v ?? null);
const nonEmpty = z.string().min(1, 'must not be empty');
const sha = z
  .string()
  .regex(/^[0-9a-fA-F]{4,64}$/, 'must be a hexadecimal commit SHA')
  .transform((s) => s.toLowerCase());
const count = z.number().int().nonnegative().nullish().transform((v) => v ?? null);

export const repositoryInputSchema = z.looseObject({
  name: nonEmpty.optional(),
  default_branch: nonEmpty.default('main'),
  baseline_production_sha: sha.nullish().transform((v) => v ?? null),
  url: optionalString,
});

export const commitInputSchema = z.looseObject({
  sha,
  parents: z.array(sha),
  author: z.string(),
  authored_at: timestampSchema,
  committed_at: timestampSchema,
  message: optionalString,
  repository: nonEmpty.optional(),
  services: z.array(nonEmpty).optional(),
  additions: count,
  deletions: count,
});

export const pullRequestInputSchema = z.looseObject({
  id: z.union([nonEmpty, z.number().int()]).transform(String),
  author: z.string(),
  created_at: timestampSchema,
  first_review_at: optionalTimestamp,
  merged_at: optionalTimestamp,
  merge_commit_sha: sha.nullish().transform((v) => v ?? null),
  commit_shas: z.array(sha).default([]),
  base_branch: nonEmpty,
  state: z.enum(['open', 'closed', 'merged']).nullish().transform((v) => v ?? null),
  reverts_pr: z
    .union([nonEmpty, z.number().int()])
    .nullish()
    .transform((v) => (v == null ? null : String(v))),
  service: nonEmpty.optional(),
  repository: nonEmpty.optional(),
  number: z.number().int().nullish().transform((v) => v ?? null),
  title: optionalString,
  additions: count,
  deletions: count,
  url: optionalString,
});

export const deploymentInputSchema = z.looseObject({
  id: z.union([nonEmpty, z.number().int()]).transform(String),
  service: nonEmpty,
  environment: nonEmpty,
  status: z.enum(['success', 'failure', 'cancelled']),
  started_at: optionalTimestamp,
  finished_at: timestampSchema,
  commit_sha: sha,
  kind: z.enum(['regular', 'rollback', 'revert', 'hotfix']).default('regular'),
  trigger: z.enum(['planned', 'incident_remediation']).default('planned'),
  remediates_deployment_id: z
    .union([nonEmpty, z.number().int()])
    .nullish()
    .transform((v) => (v == null ? null : String(v))),
  repository: nonEmpty.optional(),
  url: optionalString,
});

export const incidentInputSchema = z.looseObject({
  id: z.union([nonEmpty, z.number().int()]).transform(String),
  service: nonEmpty,
  title: optionalString,
  started_at: timestampSchema,
  detected_at: optionalTimestamp,
  acknowledged_at: optionalTimestamp,
  resolved_at: optionalTimestamp,
  caused_by_deployment_id: z
    .union([nonEmpty, z.number().int()])
    .nullish()
    .transform((v) => (v == null ? null : String(v))),
  severity: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null ? null : String(v))),
  url: optionalString,
});

const hours = z.number().finite().nonnegative('must be a number of hours, 0 or more');
const recordIds = z.array(z.union([nonEmpty, z.number().int()]).transform(String)).default([]);

/**
 * An availability sample: `good` of `total` requests (or probes) succeeded in the interval that
 * ends at `at`. The service must be given on each sample.
 */
export const uptimeSampleInputSchema = z
  .looseObject({
    service: nonEmpty,
    at: timestampSchema,
    good: z.number().int('must be a whole number').nonnegative('must be 0 or more'),
    total: z.number().int('must be a whole number').nonnegative('must be 0 or more'),
  })
  .superRefine((s, ctx) => {
    if (s.good > s.total) ctx.addIssue({ code: 'custom', path: ['good'], message: `must not exceed total (${s.total})` });
  });

/**
 * An item of the technical-debt register: its cost while it stays (`interest_hours_per_month`)
 * and the cost of removing it (`principal_hours`). Without an id it gets `debt:<slug of title>`.
 */
export const debtItemInputSchema = z
  .looseObject({
    id: z.union([nonEmpty, z.number().int()]).transform(String).optional(),
    service: nonEmpty,
    title: nonEmpty,
    interest_hours_per_month: hours,
    principal_hours: hours,
    created_at: timestampSchema,
    resolved_at: optionalTimestamp,
    incident_ids: recordIds,
    pull_request_ids: recordIds,
    url: optionalString,
  })
  .superRefine((d, ctx) => {
    if (d.resolved_at !== null && d.resolved_at < d.created_at) {
      ctx.addIssue({ code: 'custom', path: ['resolved_at'], message: 'must not be before created_at' });
    }
  });

export type RepositoryInput = z.output<typeof repositoryInputSchema>;
export type CommitInput = z.output<typeof commitInputSchema>;
export type PullRequestInput = z.output<typeof pullRequestInputSchema>;
export type DeploymentInput = z.output<typeof deploymentInputSchema>;
export type IncidentInput = z.output<typeof incidentInputSchema>;
export type UptimeSampleInput = z.output<typeof uptimeSampleInputSchema>;
export type DebtItemInput = z.output<typeof debtItemInputSchema>;

/** The record kinds of the format: NDJSON `type` value → JSON document key and schema. */
export const RECORD_KINDS = {
  repository: { key: 'repository', schema: repositoryInputSchema },
  commit: { key: 'commits', schema: commitInputSchema },
  pull_request: { key: 'pull_requests', schema: pullRequestInputSchema },
  deployment: { key: 'deployments', schema: deploymentInputSchema },
  incident: { key: 'incidents', schema: incidentInputSchema },
  uptime_sample: { key: 'uptime_samples', schema: uptimeSampleInputSchema },
  debt_item: { key: 'debt_items', schema: debtItemInputSchema },
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;

/** Top-level keys of a JSON document (anything else is rejected: it is probably a typo). */
export const DOCUMENT_KEYS = [
  'repository',
  'commits',
  'pull_requests',
  'deployments',
  'incidents',
  'uptime_samples',
  'debt_items',
  'service',
  '$schema',
] as const;
