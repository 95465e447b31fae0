/**
 * The schema of `panorama.config.yaml`. Defaults live here, each with its unit. Keys are
 * snake_case like the import format.
 *
 * ```yaml
 * organization: Acme            # display name; its id is the slug (acme)
 * database: ./.panorama/panorama.db   # or postgres://user@host/db
 * timezone: Europe/Paris        # IANA name used for day and week buckets
 * repositories:
 *   - path: ../api              # relative to this file
 *     service: api              # default: the folder's name
 * services:
 *   api: { paths: ["services/api/**"], tag_pattern: "api-v*" }
 * deployments:
 *   detect: auto                # auto | tags | merges | file
 *   tag_pattern: "v*"
 *   file: deployments.csv
 * hotfix: { patterns: ["hotfix/*", "*-hotfix"], window_hours: 48 }
 * environments: { production: ["production", "prod"] }
 * business: { currency: EUR, revenue_per_hour: 1200, engineering_cost_per_hour: 95 }   # see business-schema.ts
 * ```
 */
import { z } from 'zod';
import { businessConfigSchema } from './business-schema.js';

const glob = z.string().min(1, 'must not be empty');

export const serviceConfigSchema = z.strictObject({
  paths: z.array(glob).default([]),
  tag_pattern: glob.optional(),
});

export const repositoryConfigSchema = z.strictObject({
  path: z.string().min(1, 'must not be empty'),
  service: z.string().min(1).optional(),
});

/** A GitHub sync source (`panorama sync --source github`). */
export const githubSourceSchema = z.strictObject({
  /** Repositories as `OWNER/NAME`. */
  repos: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be OWNER/NAME')).default([]),
  /** GitHub Enterprise: `https://HOST/api/v3` (default https://api.github.com). */
  api_url: z.url().optional(),
  /** The token; prefer the GITHUB_TOKEN environment variable. */
  token: z.string().min(1).optional(),
  /** Issue labels that mark an incident (default: incident). */
  incident_labels: z.array(z.string().min(1)).optional(),
  /** Actions workflows (file names or names) whose runs are deployments; `WORKFLOW#JOB` for one job. */
  deployment_workflows: z.array(glob).optional(),
  /** An issue field (a `Name:` line or an issue-form `### Name` heading) naming an incident's cause. */
  incident_cause_field: z.string().min(1).optional(),
});

/** A GitLab sync source (`panorama sync --source gitlab`). */
export const gitlabSourceSchema = z.strictObject({
  /** Projects by path, `group/subgroup/project` (the `--repo` values). */
  repos: z.array(z.string().regex(/^[^/\s]+(\/[^/\s]+)+$/, 'must be a project path, group/project')).default([]),
  /** Self-managed GitLab: `https://HOST` (default https://gitlab.com); a trailing /api/v4 is fine. */
  api_url: z.url().optional(),
  /** The token (read_api scope); prefer the GITLAB_TOKEN environment variable. */
  token: z.string().min(1).optional(),
});

/** A PagerDuty id (`PX1Y2Z3`). */
const pagerdutyId = z.string().regex(/^[A-Z0-9]+$/, 'must be a PagerDuty service id such as PX1Y2Z3');

/** A PagerDuty sync source (`panorama sync --source pagerduty`). */
export const pagerdutySourceSchema = z.strictObject({
  /**
   * The services to sync, by PagerDuty service id, each with the Panorama service its incidents
   * count for (`PX1Y2Z3: api`). `panorama sync --source pagerduty --repo '*'` syncs every
   * service instead, under PagerDuty's service names.
   */
  services: z.record(pagerdutyId, z.string().min(1, 'must not be empty')).default({}),
  /** More scopes, as `--repo` takes them: `*` (every service, PagerDuty's names) or service ids. */
  repos: z.array(z.union([z.literal('*'), pagerdutyId])).default([]),
  /** The EU region is `https://api.eu.pagerduty.com` (default https://api.pagerduty.com). */
  api_url: z.url().optional(),
  /** The REST API key; prefer the PAGERDUTY_TOKEN environment variable. */
  token: z.string().min(1).optional(),
});

export const configFileSchema = z.strictObject({
  organization: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  timezone: z.string().min(1).optional(),
  repositories: z.array(repositoryConfigSchema).default([]),
  services: z.record(z.string().min(1), serviceConfigSchema).default({}),
  deployments: z
    .strictObject({
      detect: z.enum(['auto', 'tags', 'merges', 'file']).default('auto'),
      tag_pattern: glob.optional(),
      file: z.string().min(1).optional(),
    })
    .default({ detect: 'auto' }),
  hotfix: z
    .strictObject({
      patterns: z.array(glob).default(['hotfix/*', '*-hotfix']),
      /** Hours after a release within which a patch release counts as a hotfix. */
      window_hours: z.number().positive().default(48),
    })
    .default({ patterns: ['hotfix/*', '*-hotfix'], window_hours: 48 }),
  /** Remote sources `panorama sync` reads (each optional). */
  sources: z
    .strictObject({
      github: githubSourceSchema.optional(),
      gitlab: gitlabSourceSchema.optional(),
      pagerduty: pagerdutySourceSchema.optional(),
    })
    .default({}),
  environments: z
    .strictObject({
      /** Source environment names that mean production (exact names or globs). */
      production: z.array(glob).default(['production', 'prod']),
    })
    .default({ production: ['production', 'prod'] }),
  /** Money, SLO and debt parameters (business-schema.ts); absent: money figures say so. */
  business: businessConfigSchema.optional(),
});

export type ConfigFile = z.output<typeof configFileSchema>;
