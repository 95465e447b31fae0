/**
 * Loads what the metrics engine needs for one organisation (and optionally one service) from
 * the store. The engine itself decides what counts; this only selects the records that can
 * matter: the service's deployments, incidents and pull requests (only those merged from the
 * earliest start to the latest end of the report's windows, when it says which), and the
 * whole commit graph of the repositories it deploys from (ancestry needs every commit, not
 * just the window's), as compact graphs.
 */
import type { CommitNode, Instant } from '../domain/index.js';
import { CommitGraphs, type ReportInput } from '../metrics/index.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../storage/store.js';

/** What the report will be computed for: its windows (the current one, and the previous one compared with). */
export interface ReportInputOptions {
  /**
   * Reads only the pull requests merged from the earliest start to the latest end of these
   * windows (and, for the whole organisation, the services all pull requests name): flow
   * metrics count no other, and a large history has hundreds of thousands. A report for a
   * window outside that span is then refused. Without, every pull request is read (a report
   * for any window).
   */
  windows?: readonly { start: Instant; end: Instant }[];
}

export async function loadReportInput(store: Store, org: string, service: string | null, options: ReportInputOptions = {}): Promise<ReportInput> {
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
  const windows = options.windows ?? null;
  const mergedRange = windows === null || windows.length === 0
    ? undefined
    : { from: Math.min(...windows.map((w) => w.start)), to: Math.max(...windows.map((w) => w.end)) };
  const [deployments, incidents, pullRequests, repositories, pullRequestServices] = await Promise.all([
    store.listDeployments(scope),
    store.listIncidents(scope),
    store.listPullRequestFacts(mergedRange ? { org, mergedRange } : { org }),
    store.listRepositories(org),
    mergedRange && service === null ? store.listPullRequestServices(org) : null,
  ]);
  // Only the pull requests that can count; the engine applies the rule that one naming no
  // service ('') counts for every service deploying from its repository.
  const deployedRepos = new Set(deployments.map((d) => d.repository));
  const prs =
    service === null
      ? pullRequests
      : pullRequests.filter((p) => p.service === service || (p.service === '' && deployedRepos.has(p.repository)));
  await (allCommits ?? store.visitCommitGraph({ org, repositories: [...deployedRepos] }, visit));
  return {
    org, repositories, commits: [], commitGraphs: graphs, pullRequests: prs, deployments, incidents,
    ...(pullRequestServices === null ? {} : { pullRequestServices }),
    ...(mergedRange ? { pullRequestsMergedWithin: { start: mergedRange.from, end: mergedRange.to } } : {}),
  };
}
