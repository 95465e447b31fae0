/**
 * The ancestry of all history for an incremental run, read beside the new commits: every commit
 * reachable from the current ref tips, with its parents and committer time, as a full run builds
 * it, without reading any old commit's message. From git's commit-graph file when the repository
 * has one git would trust, else with `git rev-list --timestamp --parents`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { oidAt, positionOf, reachableFrom, readCommitGraphFile, tableHeads } from './commit-graph-file.js';
import type { GitHistoryMapper } from './git-history-mapper.js';
import { readGraph } from './git-log-reader.js';
import type { RepositoryProbe } from './git-repository-probe.js';
import { runGit } from './git-runner.js';

/**
 * The commit-graph file git would use for `root`, or null when git would not trust one: a
 * shallow clone, replace refs or grafts rewrite parents that the file does not know.
 */
async function commitGraphPath(root: string, probe: RepositoryProbe): Promise<string | null> {
  if (probe.isShallow) return null;
  const [paths, replaced] = await Promise.all([
    runGit(['rev-parse', '--git-path', 'objects/info/commit-graph', '--git-path', 'info/grafts'], { cwd: root }),
    runGit(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/replace'], { cwd: root }),
  ]);
  const [graph, grafts] = paths.split('\n').map((p) => resolve(root, p.trim()));
  if (!graph || replaced.trim() !== '' || (grafts !== undefined && existsSync(grafts))) return null;
  return graph;
}

/**
 * Adds the ancestry of all history (every commit reachable from the current ref `tips`) to the
 * mapper's graph, as a full run builds it. With a commit-graph file (closed under parents): the
 * part of the file the tips reach, with no git walk at all for tips inside it; tips the file
 * lacks (commits made since it was written) are walked with `git rev-list`, excluding the file's
 * heads, which excludes the whole file. Never from the tips of earlier runs: a branch deleted
 * since must not leave its commits in the graph. Without a file, `git rev-list` of `include`.
 */
export async function readAncestry(root: string, include: readonly string[], tips: readonly string[], probe: RepositoryProbe, mapper: GitHistoryMapper): Promise<void> {
  const path = await commitGraphPath(root, probe);
  const table = path === null ? null : await readCommitGraphFile(path);
  if (table === null) {
    for await (const batch of readGraph(root, include)) mapper.addToGraph(batch);
    return;
  }
  const seeds: number[] = [];
  const outside: string[] = [];
  for (const tip of tips) {
    const k = positionOf(table, tip);
    if (k >= 0) seeds.push(k);
    else outside.push(tip);
  }
  // Only tips outside the file are walked: one inside would make git walk the file's history
  // down to it just to find it excluded (an old release tag: all history).
  if (outside.length > 0) {
    const excluded = tableHeads(table).map((k) => `^${oidAt(table, k)}`);
    for await (const batch of readGraph(root, [], [...outside, ...excluded])) {
      mapper.addToGraph(batch);
      for (const entry of batch) for (const parent of entry.parents) seeds.push(positionOf(table, parent));
    }
  }
  mapper.addGraphTable(table, reachableFrom(table, seeds));
}
