/**
 * Loads what the metrics engine needs for one organisation (and optionally one service) from
 * the store. The engine itself decides what counts; this only selects the records that can
 * matter: the service's deployments, incidents and pull requests, and the whole commit graph of
 * the repositories it deploys from (ancestry needs every commit, not just the window's), as
 * compact graphs.
 */
import type { CommitNode } from '../domain/index.js';
import { CommitGraphs, type ReportInput } from '../metrics/index.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../storage/store.js';

export async function loadReportInput(store: Store, org: string, service: string | null): Promise<ReportInput> {
  const organization = await store.getOrganization(org);
  if (!organization) {
    const known = (await store.listOrganizations()).map((o) => o.id);
    const hint = known.length ? `organisations here: ${known.join(', ')}` : 'this database is empty: run `panorama import` or `panorama analyze` first';
    throw new AppError('REPORT_NO_ORGANIZATION', `no data for organisation "${org}" in ${store.location} (${hint}).`);
  }
  if (service !== null) {
    const services = await store.listServices(org);
    if (!services.some((s) => s.name === service)) {
      throw new AppError('REPORT_UNKNOWN_SERVICE', `organisation "${org}" has no service "${service}"; its services: ${services.map((s) => s.name).join(', ') || '(none)'}.`);
    }
  }
  const scope = service === null ? { org } : { org, service };
  // The commits go straight into compact graphs as they are read: a million commit objects
  // are never alive at once. The organisation's whole graph does not depend on the other
  // lists: read it meanwhile (on PostgreSQL, on another connection; it is by far the biggest read).
  const graphs = new CommitGraphs();
  const visit = (node: CommitNode): void => graphs.add(node);
  const allCommits = service === null ? store.visitCommitGraph({ org }, visit) : null;
  allCommits?.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
  const [deployments, incidents, pullRequests, repositories] = await Promise.all([
    store.listDeployments(scope),
    store.listIncidents(scope),
    store.listPullRequestFacts({ org }),
    store.listRepositories(org),
  ]);
  // Only the pull requests that can count; the engine applies the rule that one naming no
  // service ('') counts for every service deploying from its repository.
  const deployedRepos = new Set(deployments.map((d) => d.repository));
  const prs =
    service === null
      ? pullRequests
      : pullRequests.filter((p) => p.service === service || (p.service === '' && deployedRepos.has(p.repository)));
  await (allCommits ?? store.visitCommitGraph({ org, repositories: [...deployedRepos] }, visit));
  return { org, repositories, commits: [], commitGraphs: graphs, pullRequests: prs, deployments, incidents };
}
