/**
 * Links from evidence to where a record came from: the deployment's pipeline, the incident,
 * the pull request, the commit (its repository's URL + `/commit/<sha>`, which GitHub, GitLab
 * and Gitea all answer). A record whose URL is unknown shows its id as plain text. Only http(s)
 * URLs become links: a URL is data from a source, never trusted as a script.
 */
import type { ReactNode } from 'react';
import type { DeploymentRecord, IncidentRecord, PullRequestRecord, Repository } from '../api-client/types.js';

export interface SourceLinks {
  deployment: (id: string) => string | null;
  incident: (id: string) => string | null;
  pullRequest: (id: string) => string | null;
  commit: (repository: string, sha: string) => string | null;
}

function safe(url: string | null | undefined): string | null {
  return url != null && /^https?:\/\//i.test(url) ? url : null;
}

function byId<T extends { id: string; url: string | null }>(list: readonly T[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of list ?? []) {
    const url = safe(r.url);
    if (url !== null) map.set(r.id, url);
  }
  return map;
}

/** Link lookups over the records the dashboard has loaded. */
export function buildSourceLinks(lists: {
  deployments?: readonly DeploymentRecord[] | undefined;
  incidents?: readonly IncidentRecord[] | undefined;
  pullRequests?: readonly PullRequestRecord[] | undefined;
  repositories?: readonly Repository[] | undefined;
}): SourceLinks {
  const deployments = byId(lists.deployments);
  const incidents = byId(lists.incidents);
  const pulls = byId(lists.pullRequests);
  const repos = new Map((lists.repositories ?? []).flatMap((r) => {
    const url = safe(r.url);
    return url === null ? [] : [[r.name, url.replace(/\/+$/, '').replace(/\.git$/, '')] as const];
  }));
  return {
    deployment: (id) => deployments.get(id) ?? null,
    incident: (id) => incidents.get(id) ?? null,
    pullRequest: (id) => pulls.get(id) ?? null,
    commit: (repository, sha) => {
      const base = repos.get(repository);
      return base === undefined ? null : `${base}/commit/${sha}`;
    },
  };
}

/** A link to the source when its URL is known, else the text alone. */
export function SourceLink({ href, children }: { href: string | null; children: ReactNode }) {
  if (href === null) return <>{children}</>;
  return <a href={href} target="_blank" rel="noopener noreferrer">{children}</a>;
}
