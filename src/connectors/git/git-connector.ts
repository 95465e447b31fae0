/**
 * The git connector: reads one local repository into domain records. The I/O (git processes,
 * the deployments file) happens here and in the readers; the mapping is GitHistoryMapper's.
 *
 * A run is one of:
 * - `full`: every commit of every branch, tag and remote branch (first run, or settings changed,
 *   or the default branch was rewritten under continuous deployment);
 * - `incremental`: only commits not reachable from the tips the cursor remembers, while a light
 *   read of all history's ancestry runs beside it: from git's commit-graph file when the
 *   repository has one, else with `git rev-list --timestamp --parents` (git-ancestry.ts);
 * - `unchanged`: no ref, tag or deployments file changed: nothing is read.
 * Tags and the deployments file are re-read every time and deployments recomputed, so the
 * records of a run are the same whether it was full or incremental.
 */
import { resolve } from 'node:path';
import type { Commit, Deployment, PullRequest, Repository } from '../../domain/records.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import {
  DEFAULT_RELEASE_TAG_LABEL,
  firstParentChain,
  matchReleaseTags,
  mergeDeployments,
  tagDeployments,
  type DeploymentCandidate,
  type ReleaseTag,
} from './deployment-detection.js';
import { fileDeployments, parseDeploymentRows, readDeploymentsFile, type DeploymentRow } from './deployments-file.js';
import { readAncestry } from './git-ancestry.js';
import { digest, parseGitCursor, type GitCursor } from './git-cursor.js';
import { GitHistoryMapper, type CommitItem, type TimelineLayout } from './git-history-mapper.js';
import { readGitLog, readRevisions } from './git-log-reader.js';
import { mapGitRepository } from './git-mapper.js';
import { countCommits, findSubjects, headCommit, historyRevisions, isAncestorCommit, readRefTips, resolveCommit, resolveRevisions } from './git-refs.js';
import { probeRepository, type GitWarning, type RepositoryProbe } from './git-repository-probe.js';
import { pullRequestId } from './pull-request-inference.js';
import { readSizedCommits } from './git-sizes-reader.js';
import { readGitTags, type TagsRead } from './git-tags-reader.js';
import { ServiceMap, type ServiceDefinition } from './service-map.js';

/** One repository to read. */
export interface GitRepositorySpec {
  /** A folder inside the repository (usually its top). */
  path: string;
  /** Its name in Panorama (default: the folder's name). */
  name?: string;
  /** Its service when it is not a monorepo (default: its name). */
  service?: string;
  /** Monorepo services (default: `GitCollectOptions.services`). */
  services?: Readonly<Record<string, ServiceDefinition>>;
  /** The probe of `path` if the caller already made it (it saves a few git calls). */
  probe?: RepositoryProbe;
}

/** What counts as a production deployment; `auto`: tags if any tag is a release, else merges. */
export type DeployOn = 'auto' | 'tags' | 'merges' | 'file';

/** Settings shared by every repository of a run; each has a default that needs no configuration. */
export interface GitCollectOptions {
  /** Organisation id (slug) the records belong to. */
  org: string;
  deployOn?: DeployOn;
  /** Release tags: a glob (`release-*`) or `/regex/`; default semver-like `v?MAJOR.MINOR[.PATCH]`. */
  tagPattern?: string;
  /** A deployments CSV or JSON file (implies `deployOn: 'file'` unless told otherwise). */
  deploymentsFile?: string;
  /** Default `['hotfix/*', '*-hotfix']`. */
  hotfixPatterns?: readonly string[];
  /** A patch release within this many hours of the release it patches is a hotfix. Default 48. */
  hotfixWindowHours?: number;
  /** Environment names (globs) of the deployments file that mean production. Default production, prod. */
  productionEnvironments?: readonly string[];
  /** Read lines added/deleted per commit (numstat; slower). Default true. */
  sizes?: boolean;
  /** Parallel numstat processes. Default 2. */
  sizeWorkers?: number;
  /** Monorepo services for repositories that do not set their own. */
  services?: Readonly<Record<string, ServiceDefinition>>;
  /** Ignore the cursor and read everything. */
  full?: boolean;
}

/** Progress of one repository: commits read so far, and the total once counted. */
export interface GitProgress {
  phase: 'reading' | 'inferring';
  commits: number;
  totalCommits: number | null;
}

/** Where the connector hands over commits as they stream (the ingest writes them). */
export interface GitCollectSink {
  /** Called once, before any commit, with the repository record (commits reference it). */
  onRepository?(repository: Repository): Promise<void>;
  onCommits(batch: Commit[]): Promise<void>;
  /**
   * Receives the pull requests in batches once history is read (a large history has hundreds of
   * thousands). Without it they are returned in `GitCollectResult.pullRequests`.
   */
  onPullRequests?(batch: PullRequest[]): Promise<void>;
  /**
   * The merge commit of each of these pull requests (ids) that earlier runs stored, absent when
   * none did. Incremental runs ask for the few they need instead of carrying every PR number
   * of the history in the cursor.
   */
  storedPullRequests(ids: readonly string[]): Promise<ReadonlyMap<string, string | null>>;
  onProgress?(progress: GitProgress): void;
}

/** What a run found, beside the commits already handed to the sink, and the next cursor. */
export interface GitCollectResult {
  /** `git:<absolute path of the repository>`: the sync-state scope. */
  scope: string;
  repository: Repository;
  /** The pull requests, unless the sink took them (`onPullRequests`). */
  pullRequests: PullRequest[];
  deployments: Deployment[];
  /**
   * `deployments` is every deployment this repository's history now yields (a full run, or
   * tags and files, which are re-read whole): stored ones it lacks are gone (a deleted tag, a
   * changed detection) and must be removed. False when it holds only new ones.
   */
  deploymentsComplete: boolean;
  warnings: GitWarning[];
  cursor: GitCursor;
  run: 'full' | 'incremental' | 'unchanged';
  deploymentSource: 'tags' | 'merges' | 'file';
  commitsRead: number;
}

function noMatchingTags(tags: TagsRead, pattern: string | undefined): ConnectorError {
  const label = pattern ?? DEFAULT_RELEASE_TAG_LABEL;
  if (tags.tags.length === 0) {
    return new ConnectorError(ERROR_CODES.GIT_NO_MATCHING_TAGS, `the repository has no tags, so none matches ${label}; tag releases (git tag -a v1.0.0) or use --deploy-on merges`);
  }
  const some = tags.tags.slice(-5).map((t) => t.name).join(', ');
  return new ConnectorError(
    ERROR_CODES.GIT_NO_MATCHING_TAGS,
    `tag pattern ${label} matches none of the ${tags.tags.length} tags (e.g. ${some}); fix --tag-pattern or use --deploy-on merges`,
    { details: { tags: tags.tags.slice(0, 50).map((t) => t.name) } },
  );
}

function chooseSource(options: GitCollectOptions, releases: ReleaseTag[], tags: TagsRead, warnings: GitWarning[], branch: string): 'tags' | 'merges' | 'file' {
  const deployOn = options.deployOn ?? (options.deploymentsFile ? 'file' : 'auto');
  if (deployOn === 'file') {
    if (!options.deploymentsFile) throw new ConnectorError(ERROR_CODES.GIT_DEPLOYMENTS_FILE_UNREADABLE, 'deployments from a file need the file: pass --deployments FILE');
    return 'file';
  }
  if (deployOn === 'merges') return 'merges';
  if (releases.length > 0) return 'tags';
  if (deployOn === 'tags' || options.tagPattern !== undefined) throw noMatchingTags(tags, options.tagPattern);
  warnings.push({
    code: ERROR_CODES.GIT_NO_RELEASE_TAGS,
    message: `no tag looks like a release (${DEFAULT_RELEASE_TAG_LABEL}), so every first-parent commit of ${branch} counts as a production deployment (continuous deployment); pass --deploy-on tags --tag-pattern GLOB if you release by tags`,
  });
  return 'merges';
}

async function* commitItems(
  root: string,
  include: string[],
  exclude: string[],
  options: { sizes: boolean; withFiles: boolean; workers: number; isPartial: boolean; paths: boolean },
): AsyncGenerator<CommitItem[], void, undefined> {
  if (!options.sizes) {
    for await (const batch of readGitLog({ cwd: root, range: { include, exclude }, mode: 'full', withFiles: options.withFiles })) {
      yield batch.map((raw) => ({ raw, measured: null }));
    }
    return;
  }
  // With sizes, the numstat processes print each commit's fields too (git-sizes-reader.ts).
  const shas = readRevisions(root, { include, exclude });
  yield* readSizedCommits(shas, { cwd: root, workers: options.workers, isPartial: options.isPartial, paths: options.paths });
}

/** Deployments of a deployments file, each row's ref or sha resolved to a commit of `root`. */
async function fileCandidates(
  root: string,
  filePath: string,
  rows: readonly DeploymentRow[],
  ctx: { repository: string; defaultService: string; productionEnvironments: readonly string[] },
): Promise<DeploymentCandidate[]> {
  const commits = await resolveRevisions(root, rows.map((r) => r.revision));
  const missing = rows.filter((r) => !commits.has(r.revision));
  if (missing.length > 0) {
    const list = missing.slice(0, 20).map((r) => `row ${r.row}: ${r.revision} is not a commit of ${root}`).join('; ');
    throw new ConnectorError(ERROR_CODES.GIT_DEPLOYMENTS_FILE_INVALID, `${filePath}: ${missing.length} row(s) name no commit of the repository: ${list}`);
  }
  return fileDeployments(rows, commits, ctx);
}

/**
 * Continuous deployment: the default branch's first-parent chain. On an incremental run only
 * commits after the old tip are emitted; in a monorepo each service's last deployment of the
 * earlier run (from the cursor) stands in for the older ones, whose services were not re-read.
 */
function chainCandidates(
  mapper: GitHistoryMapper,
  defaultTip: string | null,
  known: GitCursor | null,
  ctx: { repository: string; defaultService: string; isMonorepo: boolean; defaultBranch: string },
): { candidates: DeploymentCandidate[]; layout: TimelineLayout } {
  const tipIndex = defaultTip === null ? undefined : mapper.graph.indexOf(defaultTip);
  const chain = tipIndex === undefined ? [] : firstParentChain(mapper.graph, tipIndex);
  const oldTip = known?.defaultTip ? mapper.graph.indexOf(known.defaultTip) : undefined;
  const emitFrom = oldTip === undefined ? 0 : chain.indexOf(oldTip) + 1;
  const context: DeploymentCandidate[] = [];
  if (ctx.isMonorepo && known) {
    for (const [service, d] of Object.entries(known.lastDeployments)) {
      context.push({
        ...d, service, startedAt: null, environment: 'production', originalEnvironment: 'production', status: 'success',
        originalStatus: 'merge', ref: null, version: null, extra: null, emit: false,
      });
    }
  }
  return {
    candidates: [...context, ...mergeDeployments(chain, mapper.graph, mapper.facts, { ...ctx, emitFrom })],
    layout: { kind: 'chain', chain, completeFrom: ctx.isMonorepo && known ? emitFrom : 0 },
  };
}

/** Reads one repository (see the module comment); `previousCursor` is what the last run stored. */
export async function collectGitRepository(
  spec: GitRepositorySpec,
  options: GitCollectOptions,
  previousCursor: unknown,
  sink: GitCollectSink,
): Promise<GitCollectResult> {
  const probe = spec.probe ?? (await probeRepository(spec.path));
  const root = probe.root;
  const warnings = [...probe.warnings];
  const name = spec.name ?? probe.folderName;
  const service = spec.service ?? name;
  const serviceDefs = spec.services ?? options.services ?? {};
  const serviceMap = new ServiceMap(serviceDefs);
  const sizes = options.sizes ?? true;
  const hotfixPatterns = options.hotfixPatterns ?? ['hotfix/*', '*-hotfix'];
  const hotfixWindowHours = options.hotfixWindowHours ?? 48;
  const productionEnvironments = options.productionEnvironments ?? ['production', 'prod'];
  const ctx = { org: options.org, repository: name };
  const repository = mapGitRepository(ctx, probe);

  const head = await headCommit(root);
  const [tips, tags] = await Promise.all([readRefTips(root, head), readGitTags(root)]);
  const filePath = options.deploymentsFile ? resolve(options.deploymentsFile) : null;
  const fileText = filePath ? await readDeploymentsFile(filePath) : null;
  const fileRows: DeploymentRow[] | null = fileText !== null && filePath ? parseDeploymentRows(fileText, filePath) : null;
  const releases = matchReleaseTags(tags.tags, serviceMap, service, options.tagPattern);
  const source = chooseSource(options, releases, tags, warnings, probe.defaultBranch);
  const defaultTip = probe.defaultBranchRef ? await resolveCommit(root, probe.defaultBranchRef) : head;

  const configKey = digest({
    name, service, serviceDefs, source, tagPattern: options.tagPattern ?? null, hotfixPatterns, hotfixWindowHours,
    productionEnvironments, sizes, defaultBranch: probe.defaultBranchRef, filePath,
  });
  const tagsKey = digest(tags);
  const fileKey = fileText === null ? null : digest(fileText);
  const old = options.full ? null : parseGitCursor(previousCursor);
  let run: GitCollectResult['run'] = old && old.configKey === configKey ? 'incremental' : 'full';
  if (run === 'incremental' && old && source === 'merges' && old.defaultTip && defaultTip && !(await isAncestorCommit(root, old.defaultTip, defaultTip))) {
    run = 'full';
  }
  const base = { scope: `git:${root}`, repository, warnings, deploymentSource: source };
  await sink.onRepository?.(repository);
  if (run === 'incremental' && old && old.tagsKey === tagsKey && old.fileKey === fileKey && digest(old.tips) === digest(tips)) {
    return { ...base, pullRequests: [], deployments: [], deploymentsComplete: false, cursor: old, run: 'unchanged', commitsRead: 0 };
  }
  const known = run === 'incremental' && old ? old : null;
  const include = historyRevisions(head !== null);
  const exclude = known ? [...(await resolveRevisions(root, known.tips)).values()] : [];

  const mapper = new GitHistoryMapper({
    ...ctx, service, defaultBranch: probe.defaultBranch, serviceMap, hotfixPatterns, hotfixWindowHours,
    known: { reverts: known?.reverts ?? [], hotfixMerges: known?.hotfixMerges ?? [] },
  });
  let read = 0;
  let total: number | null = null;
  const report = (phase: GitProgress['phase']): void => sink.onProgress?.({ phase, commits: read, totalCommits: total });
  const counting = sink.onProgress
    ? countCommits(root, include, exclude).then((n) => {
        total = n;
        report('reading');
      })
    : Promise.resolve();
  // The graph of all history, read beside the new commits (incremental runs only).
  const graphRead = known ? readAncestry(root, include, tips, probe, mapper) : Promise.resolve();
  // Settle the side tasks now so that their failure is never unhandled; rethrown below.
  const sideTasks = Promise.all([counting, graphRead]).then(() => null, (error: unknown) => ({ error }));
  const items = commitItems(root, include, exclude, {
    // Paths matter only for a monorepo's services.
    sizes, withFiles: serviceMap.isMonorepo && !sizes, paths: serviceMap.isMonorepo, workers: options.sizeWorkers ?? 2, isPartial: probe.isPartial,
  });
  for await (const batch of items) {
    const commits = mapper.mapCommits(batch);
    read += commits.length;
    await sink.onCommits(commits);
    report('reading');
  }
  const failed = await sideTasks;
  if (failed) throw failed.error;
  report('inferring');

  if (known) {
    const missing = mapper.commitsMissingAuthors();
    if (missing.length > 0) {
      for await (const batch of readGitLog({ cwd: root, range: { include: [], exclude: [] }, shas: missing, mode: 'graph' })) mapper.addAuthors(batch);
    }
  }
  if (known) {
    const numbers = mapper.storedPullRequestsNeeded();
    const merges = await sink.storedPullRequests(numbers.map((n) => pullRequestId(name, n)));
    const stored = new Map<number, string | null>();
    for (const n of numbers) {
      const merge = merges.get(pullRequestId(name, n));
      if (merge !== undefined) stored.set(n, merge);
    }
    mapper.setStoredPullRequests(stored);
  }
  const titles = mapper.unresolvedTitles().slice(0, 20);
  if (titles.length > 0) mapper.resolveTitles(await findSubjects(root, titles, include));

  const lastDeployments: GitCursor['lastDeployments'] = {};
  let candidates: DeploymentCandidate[];
  let layout: TimelineLayout = { kind: 'ordered' };
  if (source === 'tags') {
    candidates = tagDeployments(releases, name);
  } else if (source === 'file') {
    candidates = await fileCandidates(root, filePath ?? '', fileRows ?? [], { repository: name, defaultService: service, productionEnvironments });
  } else {
    ({ candidates, layout } = chainCandidates(mapper, defaultTip, known, {
      repository: name, defaultService: service, isMonorepo: serviceMap.isMonorepo, defaultBranch: probe.defaultBranch,
    }));
    for (const c of candidates) lastDeployments[c.service] = { id: c.id, commitSha: c.commitSha, finishedAt: c.finishedAt, label: c.label };
  }
  const deployments = mapper.deployments(candidates, layout);
  const pullRequests: PullRequest[] = [];
  let prBatch: PullRequest[] = [];
  for (const pr of mapper.pullRequests()) {
    if (!sink.onPullRequests) {
      pullRequests.push(pr);
      continue;
    }
    prBatch.push(pr);
    // Batches of 500: the records die young in the heap (a large history has 100,000s of PRs).
    if (prBatch.length >= 500) {
      await sink.onPullRequests(prBatch);
      prBatch = [];
    }
  }
  if (prBatch.length > 0) await sink.onPullRequests?.(prBatch);
  if (mapper.unknownSizes > 0) {
    warnings.push({
      code: ERROR_CODES.GIT_SIZES_UNAVAILABLE,
      message: `sizes of ${mapper.unknownSizes} commit(s) are unknown: their file contents are not in this clone${probe.isPartial ? ' (a partial clone)' : ' (missing objects)'}; everything else was ingested; run git fetch --refetch or clone without --filter to get them`,
    });
  }
  const cursor: GitCursor = {
    version: 1, configKey, tips, defaultTip, tagsKey, fileKey, deploymentSource: source,
    reverts: mapper.reverts, hotfixMerges: mapper.hotfixMerges,
    lastDeployments, commits: (known?.commits ?? 0) + read,
  };
  const deploymentsComplete = run === 'full' || source !== 'merges';
  return { ...base, pullRequests, deployments, deploymentsComplete, cursor, run, commitsRead: read };
}
