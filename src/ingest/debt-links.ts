/**
 * A debt item links to incidents and pull requests by id; the links must name records that
 * exist, or the register would count interest against nothing. One check shared by the file
 * import, `panorama debt add` and the API.
 */
import type { StoreReader } from '../storage/store.js';

/** Ids (deduplicated, in input order) that name no stored incident / pull request of `org`. */
export async function findMissingDebtLinks(
  reader: Pick<StoreReader, 'getIncidents' | 'getPullRequests'>,
  org: string,
  links: { incidentIds: readonly string[]; pullRequestIds: readonly string[] },
): Promise<{ incidentIds: string[]; pullRequestIds: string[] }> {
  const incidentIds = [...new Set(links.incidentIds)];
  const pullRequestIds = [...new Set(links.pullRequestIds)];
  const incidents = new Set((await reader.getIncidents(org, incidentIds)).map((i) => i.id));
  const pullRequests = new Set((await reader.getPullRequests(org, pullRequestIds)).map((p) => p.id));
  return {
    incidentIds: incidentIds.filter((id) => !incidents.has(id)),
    pullRequestIds: pullRequestIds.filter((id) => !pullRequests.has(id)),
  };
}
