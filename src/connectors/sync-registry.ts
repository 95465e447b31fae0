/**
 * The remote sources `panorama sync` and the server's sync jobs can read, each loaded only when
 * used (a GitHub sync never loads the GitLab client). A connector adds one line here.
 */
import type { SyncConnector } from './sync-connector.js';

export const SYNC_SOURCES: Readonly<Record<string, () => Promise<SyncConnector>>> = {
  github: async () => (await import('./github/index.js')).createGithubConnector(),
  gitlab: async () => (await import('./gitlab/index.js')).createGitlabConnector(),
  pagerduty: async () => (await import('./pagerduty/index.js')).createPagerdutyConnector(),
};

/** The names of the sources that can be synced, sorted. */
export function syncSourceNames(): string[] {
  return Object.keys(SYNC_SOURCES).sort();
}
