/**
 * Incident causes for the GitHub connector: the deployment an issue's `Caused-by:` line (or
 * configured field) names, resolved against this run's deployments and merge commits first,
 * then, for what this run did not read, with one GraphQL request per page of issues. Recorded
 * as an inference with its rule; never guessed from time proximity.
 */
import { formatInstant, type Deployment } from '../../domain/index.js';
import type { SyncOptions } from '../sync-connector.js';
import type { GqlCausePage, GqlDeployment, GqlIssue } from './github-api-types.js';
import type { GithubClient } from './github-client.js';
import { instantOf, mapGqlDeployment, rawId } from './github-graphql-mapper.js';
import { parseCausedBy, pickCausingDeployment, type CauseRef } from './github-cause-refs.js';
import type { GithubMapContext, IncidentCause } from './github-mapper.js';
import { causeQuery } from './github-queries.js';

/** What the resolver needs of the repository sync it serves. */
export interface CauseHost {
  readonly client: GithubClient;
  readonly owner: string;
  readonly repo: string;
  readonly options: SyncOptions;
  /** Read at each use: the repository's canonical name is known only after its first request. */
  readonly ctx: GithubMapContext & { isProduction: (environment: string) => boolean };
}

export class IncidentCauses {
  /** Production deployments of this run by commit, and merge commits of pull requests. */
  private readonly deploymentsBySha = new Map<string, Deployment[]>();
  private readonly mergeShaByPr = new Map<number, string>();

  constructor(private readonly host: CauseHost) {}

  /** The merge commit of a pull request of this run. */
  rememberMerge(number: number, sha: string): void {
    this.mergeShaByPr.set(number, sha);
  }

  /** A deployment of this run, for causes naming its commit. */
  remember(d: Deployment): void {
    const list = this.deploymentsBySha.get(d.commitSha) ?? [];
    list.push(d);
    this.deploymentsBySha.set(d.commitSha, list);
  }

  /**
   * The deployment each issue's `Caused-by:` line names. Commits and pull requests are looked
   * up among this run's deployments first; the rest in one GraphQL request (their deployments
   * come back with it and are stored too).
   */
  /**
   * The causes of `issues`, the deployments read to find them, and, for an issue whose cause
   * names a commit (a SHA, or a pull request's merge commit) that no deployment shipped exactly,
   * that commit: the report links it through the commit graph.
   */
  async resolve(
    issues: readonly GqlIssue[],
  ): Promise<{ causes: Map<number, IncidentCause>; deployments: Deployment[]; namedCommits: Map<number, string> }> {
    const causes = new Map<number, IncidentCause>();
    const namedCommits = new Map<number, string>();
    const fetched: Deployment[] = [];
    const pending: Array<{ issue: number; startedAt: number; ref: CauseRef }> = [];
    for (const issue of issues) {
      const ref = parseCausedBy(issue.body, this.host.ctx.repository, this.host.options.incidentCauseField);
      if (ref === null) continue;
      const startedAt = instantOf(issue.createdAt, `issue #${issue.number}`);
      if (ref.kind === 'deployment') {
        const id = `github:deployment:${this.host.ctx.repository}:${ref.id}`;
        causes.set(issue.number, this.cause(issue.number, ref, id, `deployment ${ref.id}`));
        continue;
      }
      const local = this.localCause(ref, startedAt);
      if (local !== null) causes.set(issue.number, this.cause(issue.number, ref, local.id, this.describe(ref, local)));
      else pending.push({ issue: issue.number, startedAt, ref });
    }
    if (pending.length === 0) return { causes, deployments: fetched, namedCommits };
    const shas = [...new Set(pending.flatMap((p) => (p.ref.kind === 'sha' ? [p.ref.sha] : [])))];
    const prNumbers = [...new Set(pending.flatMap((p) => (p.ref.kind === 'pull_request' ? [p.ref.number] : [])))];
    const page = await this.host.client.graphql<GqlCausePage>(causeQuery(shas, prNumbers), { owner: this.host.owner, name: this.host.repo }, 'incident causes');
    const byRef = new Map<string, Deployment[]>();
    const take = (nodes: readonly GqlDeployment[]): Deployment[] =>
      nodes.flatMap((node) => {
        const key = `${this.host.ctx.repository}#${node.databaseId}`;
        const d = mapGqlDeployment(this.host.ctx, node, rawId('deployments', key));
        if (d === null) return [];
        fetched.push(d);
        this.remember(d);
        return [d];
      });
    shas.forEach((sha, i) => {
      const c = page.repository?.[`c${i}`] as { oid?: string; deployments?: { nodes: GqlDeployment[] } | null } | null | undefined;
      byRef.set(`sha:${sha}`, take(c?.deployments?.nodes ?? []));
    });
    prNumbers.forEach((n, i) => {
      const p = page.repository?.[`p${i}`] as { mergeCommit?: { oid: string; deployments: { nodes: GqlDeployment[] } | null } | null } | null | undefined;
      if (p?.mergeCommit) this.mergeShaByPr.set(n, p.mergeCommit.oid.toLowerCase());
      byRef.set(`pr:${n}`, take(p?.mergeCommit?.deployments?.nodes ?? []));
    });
    for (const p of pending) {
      const candidates = byRef.get(p.ref.kind === 'sha' ? `sha:${p.ref.sha}` : `pr:${p.ref.kind === 'pull_request' ? p.ref.number : ''}`) ?? [];
      const d = pickCausingDeployment(candidates, p.startedAt, this.host.ctx.service);
      if (d !== null) causes.set(p.issue, this.cause(p.issue, p.ref, d.id, this.describe(p.ref, d)));
      else {
        const named = p.ref.kind === 'sha' ? p.ref.sha : p.ref.kind === 'pull_request' ? this.mergeShaByPr.get(p.ref.number) : undefined;
        if (named !== undefined) namedCommits.set(p.issue, named);
      }
    }
    return { causes, deployments: dedupe(fetched), namedCommits };
  }

  private localCause(ref: CauseRef, startedAt: number): Deployment | null {
    if (ref.kind === 'pull_request') {
      const sha = this.mergeShaByPr.get(ref.number);
      return sha === undefined ? null : pickCausingDeployment(this.deploymentsBySha.get(sha) ?? [], startedAt, this.host.ctx.service);
    }
    if (ref.kind === 'sha') {
      const exact = this.deploymentsBySha.get(ref.sha);
      if (exact) return pickCausingDeployment(exact, startedAt, this.host.ctx.service);
      if (ref.sha.length === 40) return null;
      const matches = [...this.deploymentsBySha.entries()].filter(([sha]) => sha.startsWith(ref.sha));
      return matches.length === 1 && matches[0] ? pickCausingDeployment(matches[0][1], startedAt, this.host.ctx.service) : null;
    }
    return null;
  }

  private describe(ref: CauseRef, d: Deployment): string {
    const via = ref.kind === 'pull_request' ? `pull request #${ref.number}, merged as ${this.mergeShaByPr.get(ref.number)?.slice(0, 12) ?? '?'}` : `commit ${ref.kind === 'sha' ? ref.sha.slice(0, 12) : ''}`;
    return `${via}, deployed to production by ${d.id} at ${formatInstant(d.finishedAt)}`;
  }

  private cause(issue: number, ref: CauseRef, deploymentId: string, detail: string): IncidentCause {
    return {
      deploymentId,
      inference: {
        field: 'caused_by_deployment_id',
        value: deploymentId,
        rule: ref.kind === 'deployment' ? 'caused-by-deployment' : ref.kind === 'pull_request' ? 'caused-by-pull-request' : 'caused-by-commit',
        detail: `issue #${issue} names its cause "${ref.text}": ${detail}`,
      },
    };
  }
}

function dedupe(deployments: readonly Deployment[]): Deployment[] {
  return [...new Map(deployments.map((d) => [d.id, d])).values()];
}
