/**
 * Runs the `git` command. Three shapes: `runGit` for small answers (a config value, a version),
 * `streamGitTokens` for history, which yields NUL-separated tokens in batches as git writes
 * them, and `runGitToFile` for a large output read whole once git is done (the numstat chunks
 * of the sizes pass). Every git process this module starts is started by a small helper process
 * (git-helper-process.ts: forking Panorama itself once it holds hundreds of megabytes is what
 * costs). For a stream, the helper reads git's output ahead of the consumer, up to a few
 * megabytes (so git and the parser run on two cores at once, even while the main thread is
 * busy), then pauses git: memory stays bounded whatever the size of the repository. To a file,
 * git writes directly.
 *
 * Every invocation gets the same hygiene: English messages (we classify stderr), no terminal
 * prompts, no optional locks (we never take the index lock of a repository someone is using), no
 * pager or colours, and no network: `protocol.allow=never` (and `GIT_NO_LAZY_FETCH` on git 2.45+)
 * stop a partial clone from silently downloading every missing blob while we read sizes.
 */
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { NulTokenizer } from './nul-tokenizer.js';
import { GitSpawnError, spawnGitInHelper, type GitExit, type HelperStream } from './git-helper-process.js';

/** Config given to every git invocation, before the subcommand. */
const GIT_CONFIG = [
  '-c', 'protocol.allow=never',
  '-c', 'core.quotepath=off',
  '-c', 'log.showSignature=false',
  '-c', 'color.ui=never',
  '-c', 'core.fsmonitor=false',
];

/** Variables that would point git at another repository than the one we were given. */
const REDIRECTING_ENV = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_REPLACE_REF_BASE', 'GIT_GRAFT_FILE', 'GIT_SHALLOW_FILE',
  'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT',
];

/** Keep at most this much stderr: enough for the message, bounded whatever git prints. */
const STDERR_LIMIT = 16 * 1024;

/** Output read ahead of the consumer before git is paused: bounded memory, never a stall. */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/** Options of one git invocation. */
export interface GitRunOptions {
  /** The repository folder (the working directory of the process). */
  cwd: string;
  /** Written to git's stdin, then stdin is closed (e.g. revisions for `--stdin`). */
  input?: string;
  /** Extra environment (e.g. GIT_AUTHOR_DATE for scripted commits). */
  env?: Record<string, string>;
  /** For `streamGitTokens`: the byte ending a token, NUL (0, default) or newline (10). */
  separator?: number;
}

/** What a failed git invocation left behind, kept in `ConnectorError.details`. */
export interface GitFailureDetails extends Record<string, unknown> {
  args: string[];
  exitCode: number | null;
  stderr: string;
}

/** The environment git runs with: the caller's, minus redirections, plus our hygiene. */
export function gitEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of REDIRECTING_ENV) delete env[key];
  return {
    ...env,
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_PAGER: 'cat',
    // Without it git flushes after every commit when writing to a pipe: 40,000 tiny writes
    // per 100,000 commits and twice the wall time. We read in bulk.
    GIT_FLUSH: '0',
    ...extra,
  };
}

function notInstalled(cause: unknown): ConnectorError {
  return new ConnectorError(
    ERROR_CODES.GIT_NOT_INSTALLED,
    'git is not installed or not on PATH: install git (https://git-scm.com/downloads) and run again',
    { cause },
  );
}

/** The one-line summary of a git failure: the first `fatal:`/`error:` line, else the last line. */
export function firstGitError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.at(-1) ?? 'no message';
}

/** The stderr of a failed git invocation, or null when `err` is not one. */
export function gitFailure(err: unknown): GitFailureDetails | null {
  if (!(err instanceof ConnectorError) || err.code !== ERROR_CODES.GIT_COMMAND_FAILED) return null;
  return (err.details as GitFailureDetails | undefined) ?? null;
}

/** The GIT_COMMAND_FAILED error for a git invocation that exited with `exitCode`. */
export function commandFailed(args: string[], exitCode: number | null, stderr: string): ConnectorError {
  const details: GitFailureDetails = { args, exitCode, stderr };
  return new ConnectorError(
    ERROR_CODES.GIT_COMMAND_FAILED,
    `git ${args[0] ?? ''} failed (exit ${exitCode ?? 'signal'}): ${firstGitError(stderr)}`,
    { details },
  );
}

/** Starts git from the helper process with Panorama's config and environment. */
function startGit(args: string[], options: GitRunOptions, outputFile?: string): HelperStream {
  return spawnGitInHelper({
    args: [...GIT_CONFIG, ...args], cwd: options.cwd, env: gitEnvironment(options.env), input: options.input ?? '',
    limitBytes: READ_AHEAD_BYTES, stderrLimit: STDERR_LIMIT, ...(outputFile === undefined ? {} : { outputFile }),
  });
}

/** The folder where git writes outputs read whole (`runGitToFile`) cannot be used. */
export function tempUnwritable(reason: string, cause: unknown): ConnectorError {
  return new ConnectorError(
    ERROR_CODES.GIT_TEMP_UNWRITABLE,
    `${reason}: sizes are read through a temporary folder; point TMPDIR at a writable folder with free space, or pass --no-sizes`,
    { cause },
  );
}

/** A spawn failure as Panorama reports it: GIT_NOT_INSTALLED when git cannot be found. */
function spawnFailure(error: unknown, cwd: string): unknown {
  if (!(error instanceof GitSpawnError)) return error;
  if (error.code === 'ENOENT') return notInstalled(error);
  if (error.code === 'OUTPUT_UNWRITABLE') return tempUnwritable(error.message, error);
  if (error.code === 'CWD_MISSING') {
    return new ConnectorError(ERROR_CODES.GIT_PATH_UNREADABLE, `${cwd}: no such folder (it was removed while Panorama read it?)`, { cause: error });
  }
  return error;
}

/** The outcome of a git invocation whose non-zero exit is an answer, not a failure. */
export interface GitResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs git and returns its exit code, stdout and stderr without throwing on a non-zero exit
 * (`git config --get` exits 1 for "not set"). For small outputs only.
 */
export async function runGitResult(args: string[], options: GitRunOptions): Promise<GitResult> {
  const git = startGit(args, options);
  const chunks: Buffer[] = [];
  try {
    for await (const batch of git.chunks) chunks.push(...batch);
    const exit = await git.exited;
    return { exitCode: exit.code, stdout: Buffer.concat(chunks).toString('utf8'), stderr: exit.stderr };
  } catch (error) {
    throw spawnFailure(error, options.cwd);
  }
}

/** Runs git and returns its whole stdout as text; throws GIT_COMMAND_FAILED on a non-zero exit. */
export async function runGit(args: string[], options: GitRunOptions): Promise<string> {
  const result = await runGitResult(args, options);
  if (result.exitCode !== 0) throw commandFailed(args, result.exitCode, result.stderr);
  return result.stdout;
}

/**
 * Runs git with its stdout written to `outputFile` (created; it must not exist), for a large
 * output that is read whole once git is done: git writes it directly, nothing relays it. Throws
 * GIT_COMMAND_FAILED on a non-zero exit; the file then holds what git printed before it died.
 */
export async function runGitToFile(args: string[], options: GitRunOptions, outputFile: string): Promise<void> {
  let exit: GitExit;
  try {
    exit = await startGit(args, options, outputFile).exited;
  } catch (error) {
    throw spawnFailure(error, options.cwd);
  }
  if (exit.code === 0) return;
  const failed = commandFailed(args, exit.code, exit.stderr);
  // A full disk: git learns it when it flushes, and dies saying so.
  if (OUTPUT_WRITE_FAILURE.test(exit.stderr)) throw tempUnwritable(`cannot write ${outputFile} (${firstGitError(exit.stderr)})`, failed);
  throw failed;
}

/**
 * What git says when it cannot write its standard output: `write failure on 'stdout'` when a
 * commit's flush fails (`maybe_flush_or_die`, the usual case), `write failure on standard
 * output` or `close failed on standard output` when the final flush does.
 */
const OUTPUT_WRITE_FAILURE = /write failure on (?:standard output|'stdout')|close failed on standard output/;

/**
 * Runs git and yields its stdout as it comes, in batches of chunks (every chunk read since the
 * last batch). Throws (after the output already read) when git exits non-zero; stopping the
 * iteration early kills the process.
 */
export async function* streamGitChunks(
  args: string[],
  options: GitRunOptions,
): AsyncGenerator<Buffer[], void, undefined> {
  const git = startGit(args, options);
  let finished = false;
  try {
    yield* git.chunks;
    const exit = await git.exited;
    finished = true;
    if (exit.code !== 0) throw commandFailed(args, exit.code, exit.stderr);
  } catch (error) {
    throw spawnFailure(error, options.cwd);
  } finally {
    if (!finished) {
      git.kill();
      // The process is gone either way; its exit status no longer matters to anyone.
      await git.exited.catch(() => undefined);
    }
  }
}

/**
 * Runs git and yields its stdout split on NUL bytes (or `options.separator`), a batch of tokens
 * per chunk read. A final token without a terminating separator is yielded too.
 * Throws (after the tokens already read) when git exits non-zero; stopping the iteration early
 * kills the process.
 */
export async function* streamGitTokens(
  args: string[],
  options: GitRunOptions,
): AsyncGenerator<string[], void, undefined> {
  const tokenizer = new NulTokenizer(options.separator ?? 0);
  let failure: { error: unknown } | null = null;
  try {
    for await (const chunks of streamGitChunks(args, options)) {
      // Chunk by chunk (at most a few hundred KB): what a batch allocates dies young.
      for (const chunk of chunks) {
        const tokens = tokenizer.push(chunk);
        if (tokens.length > 0) yield tokens;
      }
    }
  } catch (error) {
    failure = { error };
  }
  // The unterminated end of the output comes before the failure, as git printed it.
  const last = tokenizer.end();
  if (last !== null) yield [last];
  if (failure) throw failure.error;
}
