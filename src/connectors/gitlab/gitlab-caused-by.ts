/**
 * Resolving an incident's `Caused-by:` line to a deployment by explicit links only: the
 * deployment it names, or the first successful production deployment of the commit it names
 * (a SHA, or the commit a merge request landed as). Never a guess from time proximity. A commit
 * deployed only as part of a later commit is not found (that would need the commit graph);
 * the incident then keeps the line in `extra.caused_by_unresolved`.
 */
import type { Deployment, Instant } from '../../domain/index.js';
import { gitlabDeploymentSchema, gitlabMergeRequestSchema } from './gitlab-api-types.js';
import { mapGitlabDeployment, type CausedByReference, type CausedByResolution } from './gitlab-mapper.js';
import { readAll, type Run } from './gitlab-pages.js';

/** Keeps a successful production deployment for Caused-by lines (the earliest per commit). */
export function remember(run: Run, d: Deployment): void {
  if (d.environment !== 'production' || d.status !== 'success') return;
  const known = run.productionBySha.get(d.commitSha);
  if (!known || d.finishedAt < known.finishedAt) run.productionBySha.set(d.commitSha, { id: d.id, finishedAt: d.finishedAt });
}

/** Reads every successful deployment of the project once, for Caused-by lines naming older ones. */
async function loadAllProductionDeployments(run: Run): Promise<void> {
  if (run.allDeploymentsLoaded) return;
  const { items } = await readAll(run, 'deployments', { status: 'success', order_by: 'id', sort: 'asc' }, (body) =>
    run.client.parse(gitlabDeploymentSchema.array(), body, 'the successful deployment list'),
  );
  for (const item of items) {
    const deployment = mapGitlabDeployment(run.ctx, item, run.isProduction);
    if (deployment) remember(run, deployment);
  }
  run.allDeploymentsLoaded = true;
}

async function productionDeploymentAt(run: Run, shas: readonly string[]): Promise<{ id: string; sha: string } | null> {
  const find = (): { id: string; sha: string } | null => {
    let best: { id: string; sha: string; finishedAt: Instant } | null = null;
    for (const [sha, d] of run.productionBySha) {
      if (!shas.some((s) => sha.startsWith(s))) continue;
      if (best === null || d.finishedAt < best.finishedAt) best = { id: d.id, sha, finishedAt: d.finishedAt };
    }
    return best && { id: best.id, sha: best.sha };
  };
  const found = find();
  if (found || run.allDeploymentsLoaded) return found;
  await loadAllProductionDeployments(run);
  return find();
}

/** Resolves a Caused-by line to a deployment, by explicit links only. */
export async function resolveCausedBy(run: Run, ref: CausedByReference): Promise<CausedByResolution | null> {
  const line = `"Caused-by: ${ref.text}"`;
  if (ref.kind === 'deployment') {
    return { deploymentId: ref.deploymentId, rule: 'caused-by-deployment', detail: `The description's ${line} line names deployment ${ref.deploymentId}.` };
  }
  if (ref.kind === 'sha') {
    const at = await productionDeploymentAt(run, [ref.sha]);
    return at
      ? { deploymentId: at.id, rule: 'caused-by-sha', detail: `The description's ${line} line names commit ${ref.sha}; ${at.id} is the first successful production deployment of it.` }
      : null;
  }
  if (ref.project !== run.ctx.project) return null; // Another project's merge request: not this scope's deployments.
  const response = await run.client.get(`${run.endpoint}/merge_requests/${ref.iid}`, {});
  const mr = run.client.parse(gitlabMergeRequestSchema, response.body, `merge request !${ref.iid}`);
  const landed = [mr.merge_commit_sha, mr.squash_commit_sha, mr.state === 'merged' ? mr.sha : null].filter((s): s is string => !!s).map((s) => s.toLowerCase());
  const at = await productionDeploymentAt(run, landed);
  return at
    ? {
        deploymentId: at.id,
        rule: 'caused-by-merge-request',
        detail: `The description's ${line} line names !${ref.iid}, which landed as ${at.sha.slice(0, 12)}; ${at.id} is the first successful production deployment of it.`,
      }
    : null;
}
