/**
 * The GitLab connector's public surface: sync a project (gitlab.com or self-managed) into merge
 * requests, commits, deployments and incidents, and the pure mapping the GitLab webhook shares.
 */
export { createGitlabConnector, gitlabScopeKey, type GitlabConnectorSettings } from './gitlab-connector.js';
export { gitlabDeploymentStatus, parseCausedBy, parseGitlabTime } from './gitlab-mapper.js';
export type { GitlabCursor } from './gitlab-cursor.js';
