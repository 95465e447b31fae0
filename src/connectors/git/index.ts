/**
 * The git connector's public surface: read a local repository into commits, pull requests and
 * deployments (with remediation inferences), incrementally. Other folders import from here.
 */
export {
  collectGitRepository,
  type DeployOn,
  type GitCollectOptions,
  type GitCollectResult,
  type GitCollectSink,
  type GitProgress,
  type GitRepositorySpec,
} from './git-connector.js';
export { probeRepository, sanitizeRemoteUrl, type GitWarning, type RepositoryProbe } from './git-repository-probe.js';
export type { ServiceDefinition } from './service-map.js';
export type { GitCursor } from './git-cursor.js';
export { DEFAULT_RELEASE_TAG_LABEL } from './deployment-detection.js';
