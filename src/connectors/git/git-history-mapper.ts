/**
 * The mapping half of the git connector: no I/O. Commits stream through `mapCommits` (each
 * becomes a Commit record and leaves behind only what later rules need: its place in the
 * ancestry graph, times, services, and the few facts messages reveal: PR merges, reverts,
 * hotfix-branch merges). `finish` then builds the pull requests and the deployments with their
 * inferences from those facts, the tags and the deployments file.
 */
import { makeId } from '../../domain/ids.js';
import type { Commit, Deployment, PullRequest } from '../../domain/records.js';
import { parseRevertMention, parsePullRequestMention, mergedBranchOf } from './commit-message-rules.js';
import { CommitFacts } from './commit-facts.js';
import type { DeploymentCandidate } from './deployment-detection.js';
import { GIT_ORIGIN, mapGitCommit, parseGitDate, subjectOf, gitIdentity, type GitMapContext } from './git-mapper.js';
import type { CommitGraphTable } from './commit-graph-file.js';
import type { GraphEntry, RawGitCommit } from './git-log-reader.js';
import type { MeasuredCommit } from './git-sizes-reader.js';
import { globMatcher } from './glob.js';
import { HistoryGraph } from './history-graph.js';
import { buildPullRequests, inMergeOrder, prCommits } from './pull-request-inference.js';
import { PullRequestCandidates } from './pull-request-candidates.js';
import { inferRemediations, type HotfixMergeFact, type RevertFact, type ServiceTimeline } from './remediation-inference.js';
import type { ServiceMap } from './service-map.js';

/** A revert as read from its message; kept in the cursor so later runs still know it. */
export interface StoredRevert {
  sha: string;
  subject: string;
  /** Full sha once resolved; an abbreviated one as written; or null. */
  revertedSha: string | null;
  revertedTitle: string | null;
  revertedPullRequest: number | null;
  services: string[];
}

/** Where records go, the settings rules need, and the facts earlier runs left in the cursor. */
export interface HistoryMapperContext extends GitMapContext {
  /** The repository's service (its name unless configured). */
  service: string;
  defaultBranch: string;
  serviceMap: ServiceMap;
  hotfixPatterns: readonly string[];
  hotfixWindowHours: number;
  /** Facts of earlier runs (from the cursor). */
  known: { reverts: StoredRevert[]; hotfixMerges: HotfixMergeFact[] };
}

/** An item of the commit stream: the commit and, when the sizes pass ran, its sizes and paths. */
export interface CommitItem {
  raw: RawGitCommit;
  measured: MeasuredCommit | null;
}

/** How deployments are laid out for the rules: per service, in order. */
export type TimelineLayout =
  | { kind: 'ordered' }
  | { kind: 'chain'; chain: readonly number[]; completeFrom: number };

/** Maps one run's commits and derives its pull requests and deployments (see the module comment). */
export class GitHistoryMapper {
  readonly graph = new HistoryGraph();
  readonly facts = new CommitFacts();
  readonly reverts: StoredRevert[];
  readonly hotfixMerges: HotfixMergeFact[];
  private readonly candidates = new PullRequestCandidates();
  private readonly wantedTitles = new Map<string, StoredRevert[]>();
  private readonly isHotfixBranch: (name: string) => boolean;
  /** Commits whose sizes are unknown (missing objects). */
  unknownSizes = 0;
  /** PR number → merge commit of the pull requests earlier runs stored (see `storedPullRequestsNeeded`). */
  private stored: ReadonlyMap<number, string | null> = new Map();

  constructor(private readonly ctx: HistoryMapperContext) {
    this.reverts = ctx.known.reverts.map((r) => ({ ...r }));
    this.hotfixMerges = [...ctx.known.hotfixMerges];
    this.isHotfixBranch = globMatcher(ctx.hotfixPatterns);
  }

  /** Adds the ancestry of every commit (an incremental run reads old commits only this way). */
  addToGraph(entries: readonly GraphEntry[]): void {
    for (const e of entries) this.facts.setCommittedAt(this.graph.add(e.sha, e.parents), e.committedAt);
  }

  /** Adds the ancestry of the commits of a commit-graph file marked in `take` (closed under parents). */
  addGraphTable(table: CommitGraphTable, take: Uint8Array): void {
    const at = this.graph.addTable(table, take);
    for (let k = 0; k < table.count; k++) {
      const i = at[k] as number;
      if (i >= 0) this.facts.setCommittedAt(i, (table.times[k] as number) * 1000);
    }
  }

  /**
   * Commits of this run's pull requests whose author and author time were not read (older
   * commits of a long-lived branch, on an incremental run): the collector reads just those.
   */
  commitsMissingAuthors(): string[] {
    const missing = new Set<string>();
    for (let k = 0; k < this.candidates.length; k++) {
      for (const i of prCommits(this.candidates.indexAt(k), this.graph)) {
        if (this.facts.authoredAtOf(i) === null) missing.add(this.graph.shaAt(i));
      }
    }
    return [...missing];
  }

  /** Adds author facts of commits read by sha (see `commitsMissingAuthors`). */
  addAuthors(raws: readonly RawGitCommit[]): void {
    for (const raw of raws) {
      const i = this.graph.indexOf(raw.sha);
      if (i === undefined) continue;
      this.facts.setTimes(
        i,
        gitIdentity(raw.authorName, raw.authorEmail),
        parseGitDate(raw.authorDate, raw.sha, 'author date'),
        parseGitDate(raw.committerDate, raw.sha, 'committer date'),
      );
    }
  }

  /** Maps new commits to records and keeps the facts later rules need. */
  mapCommits(items: readonly CommitItem[]): Commit[] {
    const out: Commit[] = [];
    for (const { raw, measured } of items) {
      const files = measured?.files ?? raw.files ?? [];
      const services = this.ctx.serviceMap.servicesFor(files);
      const sizes = measured ?? { additions: null, deletions: null };
      if (measured && measured.additions === null) this.unknownSizes++;
      const commit = mapGitCommit(raw, this.ctx, sizes, services);
      out.push(commit);
      const i = this.graph.add(raw.sha, raw.parents);
      this.facts.setTimes(i, commit.author, commit.authoredAt, commit.committedAt);
      this.facts.setServices(i, services);
      this.noteMessage(commit, i, services);
    }
    return out;
  }

  private noteMessage(commit: Commit, index: number, services: string[]): void {
    const message = commit.message ?? '';
    const subject = subjectOf(message);
    const waiting = this.wantedTitles.get(subject);
    if (waiting) {
      for (const r of waiting) if (r.sha !== commit.sha) r.revertedSha = commit.sha;
      this.wantedTitles.delete(subject);
    }
    const isMerge = commit.parents.length >= 2;
    const mention = parsePullRequestMention(message, isMerge);
    const revert = parseRevertMention(message, mention?.headBranch ?? null);
    if (mention) {
      this.candidates.push({
        index,
        mention,
        subject: mention.title === null ? subject : null,
        additions: commit.additions,
        deletions: commit.deletions,
        revertedPullRequest: revert?.revertedPullRequest ?? null,
      });
    }
    if (revert) {
      const stored: StoredRevert = { sha: commit.sha, subject, ...revert, services };
      this.reverts.push(stored);
      if (!stored.revertedSha && stored.revertedTitle && stored.revertedPullRequest === null) {
        const queued = this.wantedTitles.get(stored.revertedTitle);
        if (queued) queued.push(stored);
        else this.wantedTitles.set(stored.revertedTitle, [stored]);
      }
    }
    if (isMerge) {
      const branch = mergedBranchOf(message);
      if (branch && this.isHotfixBranch(branch)) this.hotfixMerges.push({ sha: commit.sha, branch, services });
    }
  }

  /** Revert titles no commit read so far carries (the collector may search history for them). */
  unresolvedTitles(): string[] {
    return [...this.wantedTitles.keys()];
  }

  /** Resolves revert titles found by a history search (title → sha). */
  resolveTitles(found: ReadonlyMap<string, string>): void {
    for (const [title, sha] of found) {
      for (const r of this.wantedTitles.get(title) ?? []) r.revertedSha = sha;
      this.wantedTitles.delete(title);
    }
  }

  /**
   * The PR numbers whose stored records an incremental run must know (read from the store, not
   * from history): those this run's commits name, since an earlier merge of the same number
   * wins, and those reverts name, to find the merge commit they revert.
   */
  storedPullRequestsNeeded(): number[] {
    const numbers = new Set<number>();
    for (let k = 0; k < this.candidates.length; k++) numbers.add(this.candidates.numberAt(k));
    for (const r of this.reverts) if (r.revertedPullRequest !== null) numbers.add(r.revertedPullRequest);
    return [...numbers].sort((a, b) => a - b);
  }

  /** The pull requests earlier runs stored: number → merge commit. */
  setStoredPullRequests(stored: ReadonlyMap<number, string | null>): void {
    this.stored = stored;
  }

  /** Pull requests of the commits mapped in this run (numbers earlier runs stored are skipped). */
  pullRequests(): Generator<PullRequest, void, undefined> {
    return buildPullRequests(this.candidates, this.graph, this.facts, {
      ...this.ctx,
      // In a monorepo the repository is no service: a PR touching none or several of them
      // names none (''), and counts for every service that deploys from the repository.
      service: this.ctx.serviceMap.isMonorepo ? '' : this.ctx.service,
      knownNumbers: new Set(this.stored.keys()),
    });
  }

  /** PR number → merge commit, earlier runs' and this run's (earliest merge wins). */
  private pullRequestMerges(): Map<number, string | null> {
    const map = new Map<number, string | null>(this.stored);
    for (const k of inMergeOrder(this.candidates, this.graph, this.facts)) {
      const number = this.candidates.numberAt(k);
      if (!map.has(number)) map.set(number, this.graph.shaAt(this.candidates.indexAt(k)));
    }
    return map;
  }

  /** Reverts with what they revert resolved to a full sha where possible. */
  private resolvedReverts(): RevertFact[] {
    // PR number -> merge commit, only when a revert names a PR (it costs a sort of every PR).
    let prs: Map<number, string | null> | null = null;
    return this.reverts.map((r) => {
      let reverted = r.revertedSha;
      if (reverted === null && r.revertedPullRequest !== null) {
        prs ??= this.pullRequestMerges();
        reverted = prs.get(r.revertedPullRequest) ?? null;
      }
      if (reverted !== null && reverted.length < 40) reverted = this.uniqueCommit(reverted);
      return { sha: r.sha, subject: r.subject, revertedSha: reverted, services: r.services };
    });
  }

  /**
   * The one commit an abbreviated sha names, or null when none or several do (git calls that
   * ambiguous too). Never the first match: the graph's order differs between full and
   * incremental runs, and both must give the same records.
   */
  private uniqueCommit(prefix: string): string | null {
    return this.graph.ids.uniquePrefix(prefix);
  }

  /** Applies the remediation rules and returns the Deployment records to write. */
  deployments(candidates: readonly DeploymentCandidate[], layout: TimelineLayout): Deployment[] {
    const timelines = this.timelines(candidates, layout);
    const decided = inferRemediations(timelines, this.graph, { reverts: this.resolvedReverts(), hotfixMerges: this.hotfixMerges }, this.ctx);
    return candidates
      .filter((c) => c.emit)
      .map((c) => {
        const r = decided.get(c.id);
        return {
          org: this.ctx.org,
          id: c.id,
          service: c.service,
          repository: this.ctx.repository,
          environment: c.environment,
          originalEnvironment: c.originalEnvironment,
          status: c.status,
          originalStatus: c.originalStatus,
          startedAt: c.startedAt,
          finishedAt: c.finishedAt,
          commitSha: c.commitSha,
          kind: r?.kind ?? 'regular',
          trigger: r?.trigger ?? 'planned',
          remediatesDeploymentId: r?.remediatesDeploymentId ?? null,
          inferences: r?.inferences ?? [],
          url: null,
          origin: GIT_ORIGIN,
          extra: c.extra,
        };
      })
      .sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
  }

  private timelines(candidates: readonly DeploymentCandidate[], layout: TimelineLayout): ServiceTimeline[] {
    const byService = new Map<string, DeploymentCandidate[]>();
    for (const c of candidates) {
      if (c.environment !== 'production' || c.status !== 'success') continue;
      const list = byService.get(c.service);
      if (list) list.push(c);
      else byService.set(c.service, [c]);
    }
    const chainShipper = layout.kind === 'chain' ? this.graph.assignFirstShippers(layout.chain) : null;
    const out: ServiceTimeline[] = [];
    for (const [service, list] of [...byService].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (layout.kind === 'ordered') list.sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
      if (chainShipper && layout.kind === 'chain') {
        out.push(this.chainTimeline(service, list, layout, chainShipper));
        continue;
      }
      const tips = list.map((c) => this.graph.indexOf(c.commitSha) ?? -1);
      const shipper = this.graph.assignFirstShippers(tips.filter((t) => t >= 0));
      const positions = tips.map((t, i) => [t, i] as const).filter(([t]) => t >= 0).map(([, i]) => i);
      out.push({
        service,
        deployments: list,
        firstShipperOf: (c) => {
          const k = shipper[c] ?? -1;
          return k < 0 ? null : (positions[k] as number);
        },
      });
    }
    return out;
  }

  /**
   * Continuous deployment: a commit is first shipped by the first chain commit containing it;
   * for a service, by the first of its deployments at or after that chain position. Before
   * `completeFrom` the list is incomplete (an incremental monorepo run does not know which
   * services older chain commits deployed): such a commit is named by id, assuming the chain
   * commit that first shipped it deployed the service (its diff brought the service's change).
   */
  private chainTimeline(
    service: string,
    list: DeploymentCandidate[],
    layout: { chain: readonly number[]; completeFrom: number },
    shipper: Int32Array,
  ): ServiceTimeline {
    const chainPos = new Map(layout.chain.map((c, i) => [c, i] as const));
    const positions = list.map((d) => chainPos.get(this.graph.indexOf(d.commitSha) ?? -1) ?? -1);
    return {
      service,
      deployments: list,
      firstShipperOf: (c) => {
        const p = shipper[c] ?? -1;
        if (p < 0) return null;
        const k = firstAtOrAfter(positions, p);
        if (k >= 0 && (p >= layout.completeFrom || positions[k] === p)) return k;
        if (p >= layout.completeFrom) return null;
        const sha = this.graph.shaAt(layout.chain[p] as number);
        const id = this.ctx.serviceMap.isMonorepo
          ? makeId('git', 'deployment', this.ctx.repository, sha, service)
          : makeId('git', 'deployment', this.ctx.repository, sha);
        return { id, label: sha.slice(0, 12) };
      },
    };
  }
}

/** The first index of an ascending array whose value is >= `value`, or -1 (binary search). */
function firstAtOrAfter(ascending: readonly number[], value: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ascending[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < ascending.length ? lo : -1;
}
