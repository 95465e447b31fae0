/**
 * The GitHub connector's public surface. The pure mapping (also used by the webhook receiver)
 * loads nothing heavy; the sync connector and its Octokit client load only when a sync runs.
 */
import type { SyncConnector } from '../sync-connector.js';
import type { GithubConnectorSettings } from './github-connector.js';

export * from './github-mapper.js';
export * from './github-cause-refs.js';
export * from './github-workflows.js';
export { mapWorkflowRun } from './github-graphql-mapper.js';
export type { GithubConnectorSettings } from './github-connector.js';
export type { GithubCursor } from './github-cursor.js';

/** The GitHub sync connector (`panorama sync --source github`). */
export async function createGithubConnector(settings: GithubConnectorSettings = {}): Promise<SyncConnector> {
  return (await import('./github-connector.js')).createGithubSyncConnector(settings);
}
