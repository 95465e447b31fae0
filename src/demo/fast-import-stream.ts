/**
 * Writes history into a repository with `git fast-import`: thousands of commits a second, with
 * exact author and committer dates and offsets, so the demo builds in well under a second and
 * gets the same shas on every machine. `shaOf(mark)` asks fast-import for the sha of a commit
 * already written (`get-mark`), which a revert message needs (`This reverts commit <sha>.`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { gitEnvironment } from '../connectors/git/git-runner.js';
import { ConnectorError } from '../shared/errors.js';
import { ERROR_CODES } from '../shared/error-codes.js';

/** A git identity. */
export interface Identity {
  name: string;
  email: string;
}

/** One file change: new content, or null to delete the file. */
export interface FileChange {
  path: string;
  content: string | null;
}

/** A commit to write; dates are epoch seconds with the clock's offset in minutes. */
export interface FastImportCommit {
  ref: string;
  mark: number;
  author: Identity;
  /** Epoch seconds and the author's offset in minutes. */
  authoredAt: number;
  authorOffset: number;
  committer: Identity;
  committedAt: number;
  committerOffset: number;
  message: string;
  /** Parent marks: the first parent, then merged ones. Empty for a root commit. */
  parents: number[];
  files: FileChange[];
}

/** An annotated tag to write. */
export interface FastImportTag {
  name: string;
  target: number;
  tagger: Identity;
  at: number;
  offset: number;
  message: string;
}

function rawDate(epochSeconds: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${epochSeconds} ${sign}${hh}${mm}`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** A running `git fast-import` (see the module comment). */
export class FastImportStream {
  private readonly child: ChildProcess;
  private readonly input: Writable;
  private readonly answers: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  private readonly exited: Promise<number | null>;
  private stderr = '';

  /** Starts `git fast-import` in the repository at `cwd` (which must exist, initialised). */
  constructor(private readonly cwd: string) {
    this.child = spawn('git', ['fast-import', '--quiet', '--date-format=raw', '--cat-blob-fd=3'], {
      cwd,
      env: gitEnvironment(),
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    });
    this.input = this.child.stdin as Writable;
    // Write errors surface as the exit code of fast-import, awaited in finish().
    this.input.on('error', () => undefined);
    let pending = '';
    const answers = this.child.stdio[3] as Readable;
    answers.setEncoding('utf8');
    answers.on('data', (text: string) => {
      pending += text;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        this.answers.shift()?.resolve(line);
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-8192);
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code: number | null) => {
        // Questions still waiting can no longer be answered: fail them with the reason.
        for (const waiting of this.answers.splice(0)) {
          waiting.reject(new ConnectorError(ERROR_CODES.GIT_COMMAND_FAILED, `git fast-import exited (${code}) before answering: ${this.stderr.trim()}`));
        }
        resolve(code);
      });
    });
    this.write('feature done\n');
  }

  private write(text: string): void {
    this.input.write(text);
  }

  commit(c: FastImportCommit): void {
    const [first, ...merged] = c.parents;
    let text = `commit ${c.ref}\nmark :${c.mark}\n`;
    text += `author ${c.author.name} <${c.author.email}> ${rawDate(c.authoredAt, c.authorOffset)}\n`;
    text += `committer ${c.committer.name} <${c.committer.email}> ${rawDate(c.committedAt, c.committerOffset)}\n`;
    text += data(c.message);
    if (first !== undefined) text += `from :${first}\n`;
    for (const m of merged) text += `merge :${m}\n`;
    for (const f of c.files) text += f.content === null ? `D ${f.path}\n` : `M 100644 inline ${f.path}\n${data(f.content)}`;
    this.write(`${text}\n`);
  }

  /** An annotated tag. */
  tag(t: FastImportTag): void {
    this.write(`tag ${t.name}\nfrom :${t.target}\ntagger ${t.tagger.name} <${t.tagger.email}> ${rawDate(t.at, t.offset)}\n${data(t.message)}`);
  }

  /** Points a ref at a commit (e.g. leaves a branch behind). */
  reset(ref: string, mark: number): void {
    this.write(`reset ${ref}\nfrom :${mark}\n\n`);
  }

  /** The sha of a commit already written. */
  shaOf(mark: number): Promise<string> {
    const answer = new Promise<string>((resolve, reject) => this.answers.push({ resolve, reject }));
    this.write(`get-mark :${mark}\n`);
    return answer;
  }

  /** Ends the stream and waits for fast-import; throws if it failed. */
  async finish(): Promise<void> {
    this.write('done\n');
    this.input.end();
    const code = await this.exited;
    if (code !== 0) {
      throw new ConnectorError(ERROR_CODES.GIT_COMMAND_FAILED, `git fast-import failed in ${this.cwd} (exit ${code}): ${this.stderr.trim().split('\n').at(-1) ?? ''}`);
    }
  }
}
