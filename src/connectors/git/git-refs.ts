/**
 * Small git look-ups around the history read: ref tips (the incremental cursor), which of a
 * set of commits still exist, revisions of a deployments file, the commits carrying given
 * subjects, and one ancestry check. Each is one git process whatever the number of inputs.
 */
import { commandFailed, runGit, runGitResult, streamGitTokens } from './git-runner.js';

/** The revisions a full read starts from: every branch, tag and remote branch, and HEAD. */
export function historyRevisions(hasHead: boolean): string[] {
  return ['--branches', '--tags', '--remotes', ...(hasHead ? ['HEAD'] : [])];
}

/** The commit HEAD points at, or null (unborn or detached without commits). */
export async function headCommit(cwd: string): Promise<string | null> {
  const result = await runGitResult(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { cwd });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** The commit a ref points at (peeling tags), or null. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | null> {
  const result = await runGitResult(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { cwd });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Distinct commits at the tips of branches, tags, remote branches and HEAD, sorted. */
export async function readRefTips(cwd: string, head: string | null): Promise<string[]> {
  const text = await runGit(
    ['for-each-ref', '--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname)', 'refs/heads', 'refs/tags', 'refs/remotes'],
    { cwd },
  );
  const tips = new Set<string>(head ? [head] : []);
  for (const line of text.split('\n')) {
    const [type, sha, peeledType, peeled] = line.split(' ');
    if (type === 'commit' && sha) tips.add(sha);
    else if (type === 'tag' && peeledType === 'commit' && peeled) tips.add(peeled);
  }
  return [...tips].sort();
}

/**
 * Resolves revisions (shas, abbreviated shas, refs) to commit shas in one
 * `git cat-file --batch-check`; revisions that name no commit are absent from the result.
 */
export async function resolveRevisions(cwd: string, revisions: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (revisions.length === 0) return out;
  const unique = [...new Set(revisions)].filter((r) => !/[\n\0]/.test(r));
  const text = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    cwd,
    input: unique.map((r) => `${r}^{commit}\n`).join(''),
  });
  text.split('\n').slice(0, unique.length).forEach((line, i) => {
    const [sha, type] = line.split(' ');
    if (type === 'commit' && sha) out.set(unique[i] as string, sha);
  });
  return out;
}

/** True when commit `a` is an ancestor of (or is) commit `b`. */
export async function isAncestorCommit(cwd: string, a: string, b: string): Promise<boolean> {
  const args = ['merge-base', '--is-ancestor', a, b];
  const result = await runGitResult(args, { cwd });
  if (result.exitCode === 0) return true;
  // Exit 1 is "no"; a commit that no longer exists (history rewritten, gc) is a "no" too.
  if (result.exitCode === 1 || /not a valid commit|bad object|unknown revision/i.test(result.stderr)) return false;
  throw commandFailed(args, result.exitCode, result.stderr);
}

/** Number of commits in a range (for progress: the total behind the ETA). */
export async function countCommits(cwd: string, include: readonly string[], exclude: readonly string[]): Promise<number> {
  const text = await runGit(['rev-list', '--count', ...include, ...(exclude.length > 0 ? ['--stdin'] : []), '--'], {
    cwd,
    input: exclude.map((s) => `^${s}\n`).join(''),
  });
  return Number(text.trim());
}

/**
 * The newest commit whose subject is exactly each title (the target of a `Revert "title"` with
 * no sha), searched in one pass with `--grep` (fixed strings). Titles not found are absent.
 */
export async function findSubjects(cwd: string, titles: readonly string[], revisions: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (titles.length === 0) return found;
  const wanted = new Set(titles);
  const args = ['log', '-z', '--format=%x01%H%x00%s', '--fixed-strings', ...titles.map((t) => `--grep=${t}`), ...revisions, '--'];
  let sha: string | null = null;
  for await (const tokens of streamGitTokens(args, { cwd })) {
    for (const token of tokens) {
      if (token.charCodeAt(0) === 1) {
        sha = token.slice(1);
      } else if (sha !== null) {
        if (wanted.has(token) && !found.has(token)) found.set(token, sha);
        sha = null;
      }
    }
  }
  return found;
}
