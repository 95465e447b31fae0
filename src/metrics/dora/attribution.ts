/**
 * Change attribution: which production deployment first shipped each commit, per service
 * (METRICS.md section 3, "Change" and "Change lead time").
 *
 * Definition. A change's first production deployment is the earliest production deployment
 * (by `finishedAt`, then id) whose commit has the change as ancestor-or-self, by git ancestry,
 * not by time order.
 *
 * Algorithm (linear in commits + deployments per service, no graph walk per deployment):
 * 1. Sort the service's production deployments by (`finishedAt`, id).
 * 2. For every repository the service deploys from, mark the baseline
 *    (`Repository.baselineProductionSha`) and its ancestors as baseline: already in production
 *    when the data starts, never counted.
 * 3. For each deployment in order, flood-fill backwards from its commit through parents over
 *    commits not yet marked, attributing each newly reached commit to it. A marked commit stops
 *    the walk: its ancestors were marked before it. So every commit is visited once.
 * 4. Without a (found) baseline, the commits newly reached by the service's first observed
 *    production deployment of that repository have an unknown start: they may have shipped
 *    earlier, outside the data.
 *
 * Window semantics: none here; attribution uses every production deployment, before, in and
 * after the window, since an earlier deployment decides what a later one ships first.
 *
 * Example: commits a <- b <- c (c newest), baseline a, deployments D1 at b, D2 at c: b is
 * attributed to D1, c to D2, a to the baseline. With no baseline, a and b have an unknown start.
 */
import type { Deployment } from '../../domain/index.js';
import { isProductionDeployment } from '../../domain/index.js';
import { compareStrings } from '../warnings.js';
import type { CommitGraph, CommitGraphs } from './commit-graph.js';
import { markAncestors } from './commit-graph.js';

/** `owner` value of a commit no production deployment of the service reached. */
export const OWNER_NONE = 0;
/** `owner` value of the baseline commit and its ancestors. */
export const OWNER_BASELINE = -1;

/** Whether a repository's baseline was configured and found in the commit data. */
export type BaselineStatus = 'none' | 'found' | 'not_found';

/** Attribution of one repository's commits for one service. */
export interface RepositoryAttribution {
  graph: CommitGraph;
  /**
   * Per commit index: OWNER_NONE, OWNER_BASELINE, or k + 1 where `deployments[k]` (of the
   * service attribution) first shipped the commit.
   */
  owner: Int32Array;
  baseline: BaselineStatus;
  /** Index in `deployments` of the first observed deployment whose commits have an unknown start; -1 if none. */
  unknownStartDeployment: number;
}

/** Attribution of every repository a service deploys from. */
export interface ServiceAttribution {
  service: string;
  /** The service's production deployments, sorted by (finishedAt, id). */
  deployments: Deployment[];
  /** By repository name, sorted by name. */
  repositories: Map<string, RepositoryAttribution>;
  /** Per deployment index: commits it reached first (0 for redeploys and rollbacks). */
  newCommits: Int32Array;
  /** Per deployment index: true when its commit is not in the commit data. */
  commitMissing: boolean[];
}

/** Orders deployments by finishedAt, then id: the order in which they first ship changes. */
export function compareDeployments(a: Deployment, b: Deployment): number {
  return a.finishedAt - b.finishedAt || compareStrings(a.id, b.id);
}

/**
 * Attributes the commits of every repository `service` deploys to production from. A repository
 * only ever deployed to staging, or by failed runs, is not one: its commits are not the
 * service's changes (otherwise a staging-only service would list its whole history as never
 * deployed). Staging-only commits of a repository that does reach production are changes,
 * `not_deployed` until production ships them.
 *
 * @param deployments every deployment of the service (the production ones are picked here)
 * @param graphs commit graphs by repository
 * @param baselines `baselineProductionSha` by repository (absent or null: no baseline)
 */
export function attributeService(
  service: string,
  deployments: readonly Deployment[],
  graphs: CommitGraphs,
  baselines: ReadonlyMap<string, string | null>,
): ServiceAttribution {
  const production = deployments.filter(isProductionDeployment).sort(compareDeployments);
  const repositoryNames = [...new Set(production.map((d) => d.repository))].sort(compareStrings);
  const repositories = new Map<string, RepositoryAttribution>();
  const stacks = new Map<string, Int32Array>();
  for (const name of repositoryNames) {
    const graph = graphs.get(name);
    const owner = new Int32Array(graph.size);
    const stack = new Int32Array(graph.size);
    const baselineSha = baselines.get(name) ?? null;
    let baseline: BaselineStatus = 'none';
    if (baselineSha !== null) {
      const start = graph.index.get(baselineSha);
      baseline = start === undefined ? 'not_found' : 'found';
      if (start !== undefined) markAncestors(graph, owner, stack, start, OWNER_BASELINE);
    }
    repositories.set(name, { graph, owner, baseline, unknownStartDeployment: -1 });
    stacks.set(name, stack);
  }

  const newCommits = new Int32Array(production.length);
  const commitMissing = production.map(() => false);
  const sawFirst = new Set<string>();
  production.forEach((deployment, k) => {
    const repo = repositories.get(deployment.repository) as RepositoryAttribution;
    const start = repo.graph.index.get(deployment.commitSha);
    if (start === undefined) {
      commitMissing[k] = true;
      return;
    }
    newCommits[k] = markAncestors(
      repo.graph,
      repo.owner,
      stacks.get(deployment.repository) as Int32Array,
      start,
      k + 1,
    );
    // The first observed deployment (with a known commit) of a repository without a found
    // baseline ships history of unknown start.
    if (!sawFirst.has(deployment.repository)) {
      sawFirst.add(deployment.repository);
      if (repo.baseline !== 'found') repo.unknownStartDeployment = k;
    }
  });
  return { service, deployments: production, repositories, newCommits, commitMissing };
}

/** Where a commit stands for a service: first shipped by a deployment, in the baseline, or neither. */
export type CommitFate =
  | { kind: 'deployed'; deployment: Deployment; unknownStart: boolean }
  | { kind: 'baseline' }
  | { kind: 'not_deployed' };

/** The fate of `sha` of `repository` for the service; `null` when the commit is unknown. */
export function commitFate(
  attribution: ServiceAttribution,
  repository: string,
  sha: string,
): CommitFate | null {
  const repo = attribution.repositories.get(repository);
  const i = repo?.graph.index.get(sha);
  if (repo === undefined || i === undefined) return null;
  const o = repo.owner[i] as number;
  if (o === OWNER_BASELINE) return { kind: 'baseline' };
  if (o === OWNER_NONE) return { kind: 'not_deployed' };
  return {
    kind: 'deployed',
    deployment: attribution.deployments[o - 1] as Deployment,
    unknownStart: o - 1 === repo.unknownStartDeployment,
  };
}
