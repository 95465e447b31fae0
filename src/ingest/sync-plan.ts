/**
 * What a sync of one remote source reads and how, from the config file, the environment and
 * the flags of one call (flags > environment > file > defaults): its scopes, its token and the
 * connector options. Shared by `panorama sync` and the server's scheduled sync jobs, so a
 * configured source syncs the same from both.
 */
import type { ResolvedConfig } from '../config/load-config.js';
import type { SyncConnector, SyncScope } from '../connectors/sync-connector.js';
import { SYNC_SOURCES, syncSourceNames } from '../connectors/sync-registry.js';
import { ERROR_CODES } from '../shared/error-codes.js';
import { ConfigError } from '../shared/errors.js';
import type { SyncIngestOptions } from './sync-ingest.js';

/** What a `sources.<name>` entry of the config may hold (each source's schema adds its own keys). */
interface SourceSettings {
  repos?: readonly string[];
  projects?: readonly string[];
  api_url?: string;
  token?: string;
  incident_labels?: readonly string[];
  deployment_workflows?: readonly string[];
  incident_cause_field?: string;
  /** PagerDuty: Panorama service names by PagerDuty service id; each id is a scope. */
  services?: Readonly<Record<string, string>>;
}

/** A sync ready to run: the scopes and the options `syncScopes` takes (before progress hooks). */
export interface RemoteSyncPlan {
  source: string;
  scopes: SyncScope[];
  options: SyncIngestOptions;
}

function sourceSettings(config: ResolvedConfig, source: string): SourceSettings {
  const sources =
    (config.file as { sources?: Record<string, SourceSettings | undefined> }).sources ?? {};
  return sources[source] ?? {};
}

/** The environment variable holding a source's token (`GITHUB_TOKEN`). */
export function tokenVariable(source: string): string {
  return `${source.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_TOKEN`;
}

/** The scope names the config file lists for a source (repositories, projects, services). */
export function configuredScopes(config: ResolvedConfig, source: string): string[] {
  const s = sourceSettings(config, source);
  return [...(s.repos ?? []), ...(s.projects ?? []), ...Object.keys(s.services ?? {})];
}

/** The sources the config file lists scopes for, sorted. */
export function configuredSources(config: ResolvedConfig): string[] {
  return syncSourceNames().filter((source) => configuredScopes(config, source).length > 0);
}

/**
 * The connector loader of `source`.
 * @throws ConfigError SYNC_UNKNOWN_SOURCE when Panorama cannot sync it
 */
export function requireSyncSource(source: string): () => Promise<SyncConnector> {
  const load = SYNC_SOURCES[source];
  if (load === undefined) {
    throw new ConfigError(
      ERROR_CODES.SYNC_UNKNOWN_SOURCE,
      `--source ${source}: not a source Panorama can sync; use one of: ${syncSourceNames().join(', ') || '(none yet)'}.`,
    );
  }
  return load;
}

/**
 * The plan of a sync of `source`: the scopes given (else the config's), the token from
 * `<SOURCE>_TOKEN` (else the config's), the API URL given (else the config's).
 * @throws ConfigError SYNC_UNKNOWN_SOURCE, CONNECTOR_TOKEN_MISSING or SYNC_NO_SCOPES
 */
export function planRemoteSync(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
  source: string,
  given: { scopes?: readonly string[]; apiUrl?: string } = {},
): RemoteSyncPlan {
  requireSyncSource(source);
  const settings = sourceSettings(config, source);
  const variable = tokenVariable(source);
  const token = env[variable] || settings.token;
  if (!token) {
    throw new ConfigError(
      ERROR_CODES.CONNECTOR_TOKEN_MISSING,
      `no ${source} token: set ${variable} (or sources.${source}.token in the config file).`,
    );
  }
  const names =
    given.scopes && given.scopes.length > 0 ? [...given.scopes] : configuredScopes(config, source);
  if (names.length === 0) {
    throw new ConfigError(
      ERROR_CODES.SYNC_NO_SCOPES,
      `nothing to sync from ${source}: pass --repo (repeatable) or list sources.${source}.repos in the config file.`,
    );
  }
  const apiUrl = given.apiUrl ?? settings.api_url;
  const scopes: SyncScope[] = names.map((name) => {
    const service = settings.services?.[name];
    return { name, ...(apiUrl ? { apiUrl } : {}), ...(service ? { service } : {}) };
  });
  return {
    source,
    scopes,
    options: {
      org: config.org.id,
      orgName: config.org.name,
      token,
      productionEnvironments: config.file.environments.production,
      ...(settings.incident_labels ? { incidentLabels: settings.incident_labels } : {}),
      ...(settings.deployment_workflows
        ? { deploymentWorkflows: settings.deployment_workflows }
        : {}),
      ...(settings.incident_cause_field ? { incidentCauseField: settings.incident_cause_field } : {}),
    },
  };
}
