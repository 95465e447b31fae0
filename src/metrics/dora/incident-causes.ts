/**
 * METRICS.md section 6, incident cause: "an explicit field of the incident tool, or a
 * root-cause SHA/deployment named in the incident". An incident that names a commit
 * (`extra.caused_by_commit_sha`, as the GitHub, GitLab and PagerDuty connectors and the import
 * format keep a named SHA they could not tie to a deployment) but no deployment is linked to
 * the production deployment of its service that first shipped that commit, found in the commit
 * graph: a commit deployed as part of a later commit is found too. Recorded as an inference with
 * rule `caused-by-commit`; never from time proximity.
 *
 * Left unlinked: a SHA not in the graph or ambiguous (a short SHA matching several commits), a
 * commit not deployed yet, one first shipped by a deployment of unknown start (it may have been
 * deployed before the data begins), and one first shipped after the incident started (the
 * named commit cannot have caused it through that deployment).
 */
import type { Deployment, Incident } from '../../domain/index.js';
import { formatInstant } from '../../domain/index.js';
import { commitFate, type ServiceAttribution } from './attribution.js';
import type { CommitGraph } from './commit-graph.js';

/** The rule name of the inference this pass adds. */
export const CAUSED_BY_COMMIT_RULE = 'caused-by-commit';

const SHA = /^[0-9a-f]{7,40}$/;

/** The full sha in `graph` that `named` (full or a prefix) names, or null (absent, ambiguous). */
function findSha(graph: CommitGraph, named: string): string | null {
  if (named.length === 40) return graph.index.get(named) === undefined ? null : named;
  return graph.index.uniquePrefix(named);
}

/** The deployment that first shipped the named commit to production, or null. */
function firstShipper(
  attribution: ServiceAttribution,
  named: string,
): { deployment: Deployment; sha: string } | null {
  const repositories = [...attribution.repositories.keys()].sort();
  for (const repository of repositories) {
    const sha = findSha(
      (attribution.repositories.get(repository) as { graph: CommitGraph }).graph,
      named,
    );
    if (sha === null) continue;
    const fate = commitFate(attribution, repository, sha);
    if (fate?.kind === 'deployed' && !fate.unknownStart)
      return { deployment: fate.deployment, sha };
    return null;
  }
  return null;
}

/** The incidents, with those that name a commit linked to the deployment that shipped it. */
export function linkNamedCommits(
  incidents: readonly Incident[],
  attributions: ReadonlyMap<string, ServiceAttribution>,
): Incident[] {
  return incidents.map((incident) => {
    if (incident.causedByDeploymentId !== null) return incident;
    const named = incident.extra?.['caused_by_commit_sha'];
    if (typeof named !== 'string' || !SHA.test(named.toLowerCase())) return incident;
    const attribution = attributions.get(incident.service);
    const shipped =
      attribution === undefined ? null : firstShipper(attribution, named.toLowerCase());
    if (shipped === null || shipped.deployment.finishedAt > incident.startedAt) return incident;
    const { deployment, sha } = shipped;
    return {
      ...incident,
      causedByDeploymentId: deployment.id,
      inferences: [
        ...incident.inferences,
        {
          field: 'caused_by_deployment_id',
          value: deployment.id,
          rule: CAUSED_BY_COMMIT_RULE,
          detail: `The incident names commit ${sha.slice(0, 12)}, which deployment ${deployment.id} first shipped to production (${formatInstant(deployment.finishedAt)}).`,
        },
      ],
    };
  });
}
