/**
 * Scripted git repositories for the git connector's tests: commits with exact author and
 * committer dates (and their offsets), branches, merges and tags, in a temporary folder.
 * git runs isolated from the machine's config (no global or system config, no signing).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  collectGitRepository,
  type GitCollectOptions,
  type GitCollectResult,
  type GitRepositorySpec,
} from '../../src/connectors/git/index.js';
import type { Commit } from '../../src/domain/index.js';

const run = promisify(execFile);

export interface Person {
  name: string;
  email: string;
}

export const ALICE: Person = { name: 'Alice Martin', email: 'alice@example.com' };
export const BOB: Person = { name: 'Bob Osei', email: 'bob@example.com' };

/** Environment of scripted git: isolated config, fixed identities and dates. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith('GIT_')) delete base[key];
  return { ...base, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', ...extra };
}

export interface CommitOptions {
  /** ISO-8601 with offset: the author date (and committer date unless `committedAt`). */
  at: string;
  committedAt?: string;
  author?: Person;
  committer?: Person;
  /** Files to write (content) or delete (null). Default: one file changed. */
  files?: Record<string, string | null>;
}

export class TestRepo {
  private counter = 0;
  private constructor(readonly dir: string) {}

  /** A new repository with branch `main` in a temporary folder. */
  static async create(name = 'repo'): Promise<TestRepo> {
    const parent = await mkdtemp(join(tmpdir(), 'panorama-git-'));
    const dir = join(parent, name);
    await mkdir(dir);
    const repo = new TestRepo(dir);
    await repo.git(['init', '--quiet', '--initial-branch=main']);
    return repo;
  }

  /** A folder beside the repository (for clones). */
  sibling(name: string): string {
    return join(dirname(this.dir), name);
  }

  async git(args: string[], extra: Record<string, string> = {}, cwd = this.dir): Promise<string> {
    const { stdout } = await run('git', args, { cwd, env: env(extra), maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  }

  private identity(author: Person, committer: Person, at: string, committedAt: string): Record<string, string> {
    return {
      GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: at,
      GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email, GIT_COMMITTER_DATE: committedAt,
    };
  }

  /** Writes files and commits them; returns the sha. */
  async commit(message: string, options: CommitOptions): Promise<string> {
    const files = options.files ?? { [`file-${++this.counter}.txt`]: `change ${this.counter}\n` };
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) {
        await this.git(['rm', '--quiet', path]);
      } else {
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, content);
        await this.git(['add', path]);
      }
    }
    const author = options.author ?? ALICE;
    await this.git(['commit', '--quiet', '--allow-empty', '-m', message], this.identity(author, options.committer ?? author, options.at, options.committedAt ?? options.at));
    return this.sha('HEAD');
  }

  /** Switches to a branch, creating it from `from` (default: the current commit). */
  async checkout(branch: string, create = false, from?: string): Promise<void> {
    await this.git(create ? ['checkout', '--quiet', '-b', branch, ...(from ? [from] : [])] : ['checkout', '--quiet', branch]);
  }

  /** Merges `branch` into the current branch with a merge commit and `message`. */
  async merge(branch: string, message: string, at: string, author: Person = BOB): Promise<string> {
    await this.git(['merge', '--quiet', '--no-ff', '-m', message, branch], this.identity(author, author, at, at));
    return this.sha('HEAD');
  }

  /** An annotated tag (tagger date `at`) or a lightweight one. */
  async tag(name: string, options: { annotated: boolean; at?: string; target?: string; message?: string }): Promise<void> {
    const target = options.target ?? 'HEAD';
    if (options.annotated) {
      const at = options.at ?? '2026-01-01T00:00:00Z';
      await this.git(['tag', '-a', name, '-m', options.message ?? `Release ${name}`, target], this.identity(BOB, BOB, at, at));
    } else {
      await this.git(['tag', name, target]);
    }
  }

  async sha(rev: string): Promise<string> {
    return this.git(['rev-parse', `${rev}^{commit}`]);
  }

  /** Deletes the repository's temporary folder. */
  async remove(): Promise<void> {
    await rm(dirname(this.dir), { recursive: true, force: true });
  }
}

/** Epoch milliseconds of an ISO-8601 timestamp (with its offset). */
export const ms = (iso: string): number => Date.parse(iso);

/** Runs the git connector on `path` and keeps every commit it streamed. */
export async function collectAll(
  spec: GitRepositorySpec,
  options: Partial<GitCollectOptions> = {},
  cursor?: unknown,
): Promise<GitCollectResult & { commits: Commit[] }> {
  const commits: Commit[] = [];
  const result = await collectGitRepository(spec, { org: 'acme', ...options }, cursor, {
    async onCommits(batch) {
      commits.push(...batch);
    },
    // No store behind: the runs here are full ones, which ask none.
    storedPullRequests: async () => new Map(),
  });
  return { ...result, commits };
}
