/**
 * The git connector's public surface: read a local repository into commits, pull requests and
 * deployments (with remediation inferences), incrementally. Other folders import from here.
 */
import type { Commit } from '../../domain/records.js';
import type { Connector } from '../connector.js';
import {
  collectGitRepository,
  type GitCollectOptions,
  type GitCollectResult,
  type GitRepositorySpec,
} from './git-connector.js';
import { probeRepository } from './git-repository-probe.js';

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

/** The git connector as a registry entry. */
export const gitConnector: Connector<GitRepositorySpec, GitCollectOptions, Commit[], GitCollectResult> = {
  source: 'git',
  description: 'local git repositories: commits, PRs from merge messages, deployments from tags, merges or a file',
  async scopeKey(spec) {
    const probe = await probeRepository(spec.path);
    return `git:${probe.root}`;
  },
  collect(spec, options, cursor, sink) {
    return collectGitRepository(spec, options, cursor, { onCommits: (batch) => sink.onRecords(batch) });
  },
};
