/**
 * Looks at a path before anything is read from it: is it readable, a git repository, empty,
 * shallow, a partial clone; what is its default branch and remote URL. Every problem becomes a
 * one-line ConnectorError that says what to do next; a shallow clone or a subfolder is only a
 * warning.
 */
import { access, constants, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { firstGitError, runGitResult, type GitResult } from './git-runner.js';

/** A warning about a repository that is still ingested. `code` is in the error catalogue. */
export interface GitWarning {
  code: string;
  message: string;
}

/** What the probe found out about a repository. */
export interface RepositoryProbe {
  /** The top folder of the working tree (or the git folder of a bare repository). */
  root: string;
  /** The folder's name without `.git`: the repository's default name. */
  folderName: string;
  isBare: boolean;
  isShallow: boolean;
  /** A partial clone (`--filter=...`): some objects may be missing locally. */
  isPartial: boolean;
  /** The default branch's full ref (`refs/heads/main`), or null when there is no branch. */
  defaultBranchRef: string | null;
  /** Its short name (`main`), or `HEAD` when there is no branch. */
  defaultBranch: string;
  /** `remote.origin.url` without any credentials, or null. */
  url: string | null;
  warnings: GitWarning[];
}

/** The oldest git with every option the connector uses (`--diff-merges`, 2.31). */
const MIN_GIT: readonly [number, number] = [2, 31];
let checkedVersion: Promise<void> | null = null;

function pathError(code: string, path: string, what: string, cause?: unknown): ConnectorError {
  return new ConnectorError(code, `${path}: ${what}`, cause === undefined ? {} : { cause });
}

async function checkPath(path: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
    if (isDirectory) await access(path, constants.R_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'no such folder; check the path'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied); check its permissions or run as its owner'
          : `cannot be read (${code ?? String(error)}); check the path and its permissions`;
    throw pathError(ERROR_CODES.GIT_PATH_UNREADABLE, path, what, error);
  }
  if (!isDirectory) {
    throw pathError(
      ERROR_CODES.GIT_NOT_A_REPOSITORY,
      path,
      'is a file, not a git repository; give the folder that holds .git',
    );
  }
}

async function checkGitVersion(cwd: string): Promise<void> {
  const result = await runGitResult(['--version'], { cwd });
  const m = /(\d+)\.(\d+)/.exec(result.stdout);
  if (!m) return;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_GIT[0] || (major === MIN_GIT[0] && minor < MIN_GIT[1])) {
    throw new ConnectorError(
      ERROR_CODES.GIT_VERSION_TOO_OLD,
      `${result.stdout.trim()} is too old: Panorama needs git ${MIN_GIT.join('.')} or newer; upgrade git`,
    );
  }
}

/** Turns the failure of the first git command run in `path` into the error a user needs. */
function repositoryError(path: string, result: GitResult): ConnectorError {
  const message = result.stderr;
  if (/not a git repository/i.test(message)) {
    return pathError(
      ERROR_CODES.GIT_NOT_A_REPOSITORY,
      path,
      'is not a git repository; give the folder that holds .git (or run git init there)',
    );
  }
  if (/dubious ownership|unsafe repository/i.test(message)) {
    return pathError(
      ERROR_CODES.GIT_UNSAFE_REPOSITORY,
      path,
      `git refuses to read it because another user owns it; if you trust it, run git config --global --add safe.directory ${path}`,
    );
  }
  if (/permission denied/i.test(message)) {
    return pathError(ERROR_CODES.GIT_PATH_UNREADABLE, path, 'cannot be read by git (permission denied); check its permissions');
  }
  return pathError(ERROR_CODES.GIT_COMMAND_FAILED, path, `git cannot read it: ${firstGitError(message)}`);
}

/** Removes `user:password@` from URLs so that no credential is ever stored or printed. */
export function sanitizeRemoteUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

async function findDefaultBranch(root: string): Promise<{ ref: string | null; name: string }> {
  const originHead = await runGitResult(['symbolic-ref', '-q', 'refs/remotes/origin/HEAD'], { cwd: root });
  const candidates: string[] = [];
  const remoteTarget = originHead.exitCode === 0 ? originHead.stdout.trim() : '';
  if (remoteTarget.startsWith('refs/remotes/origin/')) {
    candidates.push(`refs/heads/${remoteTarget.slice('refs/remotes/origin/'.length)}`, remoteTarget);
  }
  const head = await runGitResult(['symbolic-ref', '-q', 'HEAD'], { cwd: root });
  const headRef = head.exitCode === 0 ? head.stdout.trim() : '';
  candidates.push('refs/heads/main', 'refs/heads/master', 'refs/heads/trunk');
  if (headRef) candidates.push(headRef);
  const existing = await runGitResult(['for-each-ref', '--format=%(refname)', ...candidates], { cwd: root });
  if (existing.exitCode !== 0) throw repositoryError(root, existing);
  const found = new Set(existing.stdout.split('\n').filter(Boolean));
  const ref = candidates.find((c) => found.has(c)) ?? null;
  if (ref === null) return { ref: null, name: 'HEAD' };
  return { ref, name: ref.replace(/^refs\/(heads|remotes\/origin)\//, '') };
}

async function readConfig(root: string): Promise<{ url: string | null; isPartial: boolean }> {
  const result = await runGitResult(
    ['config', '--get-regexp', '^(remote\\.origin\\.url|remote\\..*\\.promisor|extensions\\.partialclone)$'],
    { cwd: root },
  );
  // Exit 1 means "no such key": not an error, just nothing configured.
  if (result.exitCode !== 0 && result.exitCode !== 1) throw repositoryError(root, result);
  let url: string | null = null;
  let isPartial = false;
  for (const line of result.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space === -1) continue;
    const key = line.slice(0, space).toLowerCase();
    const value = line.slice(space + 1).trim();
    if (key === 'remote.origin.url') url = sanitizeRemoteUrl(value);
    else if (key === 'extensions.partialclone' || value === 'true') isPartial = true;
  }
  return { url, isPartial };
}

/**
 * Checks `path` and describes the repository. Throws GIT_PATH_UNREADABLE,
 * GIT_NOT_A_REPOSITORY, GIT_UNSAFE_REPOSITORY, GIT_EMPTY_REPOSITORY, GIT_NOT_INSTALLED or
 * GIT_VERSION_TOO_OLD; a shallow clone or a subfolder only adds a warning.
 */
export async function probeRepository(path: string): Promise<RepositoryProbe> {
  const absolute = resolve(path);
  await checkPath(absolute);
  checkedVersion ??= checkGitVersion(absolute);
  await checkedVersion.catch((error: unknown) => {
    checkedVersion = null;
    throw error;
  });
  const info = await runGitResult(
    ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir'],
    { cwd: absolute },
  );
  if (info.exitCode !== 0) throw repositoryError(absolute, info);
  const [bare, shallow, gitDir] = info.stdout.split('\n');
  const isBare = bare === 'true';
  let root = gitDir ?? absolute;
  const warnings: GitWarning[] = [];
  if (!isBare) {
    const top = await runGitResult(['rev-parse', '--show-toplevel'], { cwd: absolute });
    if (top.exitCode !== 0) throw repositoryError(absolute, top);
    root = top.stdout.trim();
    if (resolve(root) !== absolute) {
      warnings.push({
        code: ERROR_CODES.GIT_SUBFOLDER,
        message: `${absolute} is inside the repository ${root}; the whole repository is read (configure services paths for parts of a monorepo)`,
      });
    }
  }
  const anyCommit = await runGitResult(
    ['for-each-ref', '--count=1', '--format=%(objectname)', 'refs/heads', 'refs/tags', 'refs/remotes'],
    { cwd: root },
  );
  const headCommit = await runGitResult(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { cwd: root });
  if (anyCommit.stdout.trim() === '' && headCommit.exitCode !== 0) {
    throw pathError(
      ERROR_CODES.GIT_EMPTY_REPOSITORY,
      root,
      'the repository has no commits yet; commit something or analyze another repository',
    );
  }
  const isShallow = shallow === 'true';
  if (isShallow) {
    warnings.push({
      code: ERROR_CODES.GIT_SHALLOW_CLONE,
      message: `${root} is a shallow clone: commits before its boundary are missing, so lead times of older changes are unknown; run git fetch --unshallow there for full history`,
    });
  }
  const [{ url, isPartial }, branch] = await Promise.all([readConfig(root), findDefaultBranch(root)]);
  const folderName = basename(isBare && basename(root) === '.git' ? resolve(root, '..') : root).replace(/\.git$/, '') || 'repository';
  return {
    root,
    folderName,
    isBare,
    isShallow,
    isPartial,
    defaultBranchRef: branch.ref,
    defaultBranch: branch.name,
    url,
    warnings,
  };
}
