/**
 * Which git facts are production deployments (pure; the deployments file is in
 * deployments-file.ts):
 * - `tags`: release tags. Default pattern: semver-like `v?MAJOR.MINOR[.PATCH]` (optionally
 *   `hotfix/` before or `-hotfix` after). An annotated tag deploys at its tagger date, a
 *   lightweight one at its commit's committer date. In a monorepo `api-v1.2.3`, `api@1.2.3` and
 *   `api/v1.2.3` deploy service `api` (or the service's own `tagPattern`); a tag naming no
 *   service deploys every service.
 * - `merges`: every first-parent commit of the default branch, at its committer date
 *   (continuous deployment); in a monorepo, of each service whose paths that commit touches.
 * Ids: `git:deployment:<repository>:<tag or sha>` (plus `:<service>` when one tag or commit
 * deploys several services).
 */
import { makeId } from '../../domain/ids.js';
import type { DeploymentStatus } from '../../domain/records.js';
import type { Instant } from '../../domain/time.js';
import type { CommitFacts } from './commit-facts.js';
import { parseGitDate } from './git-mapper.js';
import type { RawGitTag } from './git-tags-reader.js';
import { compileGlob } from './glob.js';
import type { HistoryGraph } from './history-graph.js';
import type { ServiceMap } from './service-map.js';

/** A release version read from a tag (`v1.2.3` → 1, 2, 3; `v1.2` → patch 0). */
export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** A deployment before remediation rules set its kind (see remediation-inference.ts). */
export interface DeploymentCandidate {
  id: string;
  service: string;
  commitSha: string;
  startedAt: Instant | null;
  finishedAt: Instant;
  environment: string;
  originalEnvironment: string;
  status: DeploymentStatus;
  originalStatus: string;
  /** How inference details name it: the tag, a short sha, or the file's id. */
  label: string;
  /** The tag (tags), or the ref the file named: hotfix patterns are matched against it. */
  ref: string | null;
  version: Version | null;
  extra: Record<string, unknown> | null;
  /** False for deployments computed only for context (older ones on an incremental run). */
  emit: boolean;
}

/** The default release tag: `v1.2`, `1.2.3`, `v1.2.3-hotfix`, `hotfix/v1.2.4`. */
export const DEFAULT_RELEASE_TAG = /^(?:hotfix\/)?v?\d+\.\d+(?:\.\d+)?(?:-hotfix)?$/;
/** How the default pattern is shown to people. */
export const DEFAULT_RELEASE_TAG_LABEL = 'v?MAJOR.MINOR[.PATCH]';

/** A tag pattern: a glob (`release-*`), or a regular expression written `/.../`. */
export function tagMatcher(pattern: string | undefined): (tag: string) => boolean {
  if (pattern === undefined) return (tag) => DEFAULT_RELEASE_TAG.test(tag);
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  const compiled = re ? new RegExp(re[1] as string, re[2]) : compileGlob(pattern);
  return (tag) => compiled.test(tag);
}

/** The first `MAJOR.MINOR[.PATCH]` in a tag, or null. */
export function parseVersion(tag: string): Version | null {
  const m = /(?:^|[^\d.])v?(\d+)\.(\d+)(?:\.(\d+))?(?![\d])/.exec(tag);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** A release tag and the services it deploys. */
export interface ReleaseTag {
  tag: RawGitTag;
  /** The services it deploys; `perService` when the tag names its service. */
  services: string[];
  perService: boolean;
}

/**
 * The tags that are releases, and of which services. `defaultService` is the repository's
 * service when no services are configured.
 */
export function matchReleaseTags(
  tags: readonly RawGitTag[],
  serviceMap: ServiceMap,
  defaultService: string,
  tagPattern: string | undefined,
): ReleaseTag[] {
  const isRelease = tagMatcher(tagPattern);
  if (!serviceMap.isMonorepo) {
    return tags.filter((t) => isRelease(t.name)).map((tag) => ({ tag, services: [defaultService], perService: false }));
  }
  const byLength = [...serviceMap.names].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const own = new Map(byLength.map((s) => [s, serviceMap.tagPatternOf(s)] as const));
  const out: ReleaseTag[] = [];
  for (const tag of tags) {
    const service = byLength.find((s) => {
      const pattern = own.get(s);
      if (pattern !== undefined) return tagMatcher(pattern)(tag.name);
      return ['-', '@', '/'].some((sep) => tag.name.startsWith(s + sep) && isRelease(tag.name.slice(s.length + 1)));
    });
    if (service !== undefined) out.push({ tag, services: [service], perService: true });
    else if (isRelease(tag.name)) out.push({ tag, services: [...serviceMap.names], perService: false });
  }
  return out;
}

/** Deployment candidates for release tags: production, success, at the tag's time. */
export function tagDeployments(releases: readonly ReleaseTag[], repository: string): DeploymentCandidate[] {
  const out: DeploymentCandidate[] = [];
  for (const { tag, services, perService } of releases) {
    const date = tag.annotated && tag.taggerDate ? tag.taggerDate : tag.commitDate;
    const finishedAt = parseGitDate(date, tag.commitSha, `date of tag ${tag.name}`);
    for (const service of services) {
      out.push({
        id: perService || services.length === 1 ? makeId('git', 'deployment', repository, tag.name) : makeId('git', 'deployment', repository, tag.name, service),
        service,
        commitSha: tag.commitSha,
        startedAt: null,
        finishedAt,
        environment: 'production',
        originalEnvironment: 'production',
        status: 'success',
        originalStatus: 'tag',
        label: tag.name,
        ref: tag.name,
        version: parseVersion(tag.name),
        extra: { detected_by: 'tags', tag: tag.name, tag_type: tag.annotated ? 'annotated' : 'lightweight' },
        emit: true,
      });
    }
  }
  return out;
}

/**
 * The first-parent chain of `tip`, oldest first: the commits continuous deployment shipped, in
 * order.
 */
export function firstParentChain(graph: HistoryGraph, tip: number): number[] {
  const chain: number[] = [];
  for (let c = tip; c !== -1; c = graph.firstParent(c)) chain.push(c);
  return chain.reverse();
}

/**
 * Deployment candidates for continuous deployment: each commit of `chain` (oldest first) at its
 * committer date. Commits at positions before `emitFrom` were deployed in earlier runs and are
 * marked `emit: false`. In a monorepo a commit deploys the services its own diff touches (a
 * merge: its diff against the first parent); one touching no service's paths deploys none.
 */
export function mergeDeployments(
  chain: readonly number[],
  graph: HistoryGraph,
  facts: CommitFacts,
  ctx: { repository: string; defaultService: string; isMonorepo: boolean; defaultBranch: string; emitFrom: number },
): DeploymentCandidate[] {
  const out: DeploymentCandidate[] = [];
  chain.forEach((c, position) => {
    const sha = graph.shaAt(c);
    const finishedAt = facts.committedAtOf(c);
    if (finishedAt === null) return;
    const services = ctx.isMonorepo ? (facts.servicesOf(c) ?? []) : [ctx.defaultService];
    for (const service of services) {
      out.push({
        id: ctx.isMonorepo ? makeId('git', 'deployment', ctx.repository, sha, service) : makeId('git', 'deployment', ctx.repository, sha),
        service,
        commitSha: sha,
        startedAt: null,
        finishedAt,
        environment: 'production',
        originalEnvironment: 'production',
        status: 'success',
        originalStatus: 'merge',
        label: sha.slice(0, 12),
        ref: null,
        version: null,
        extra: { detected_by: 'merges', branch: ctx.defaultBranch },
        emit: position >= ctx.emitFrom,
      });
    }
  });
  return out;
}
