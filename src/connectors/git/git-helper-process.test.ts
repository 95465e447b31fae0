import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { gitEnvironment, runGit, runGitToFile, streamGitTokens } from './git-runner.js';
import { gitHelperPid, spawnGitInHelper } from './git-helper-process.js';

const RUNNER = fileURLToPath(new URL('./git-runner.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'panorama-git-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(args: string[], input?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const tokens of streamGitTokens(args, { cwd: dir, input, separator: 10 })) out.push(...tokens);
  return out;
}

describe('git run and read by the helper process', () => {
  it('streams stdout, with stdin given, and reports the exit code', async () => {
    const lines = await collect(['hash-object', '--stdin'], 'hello\n');
    expect(lines).toEqual(['ce013625030ba8dba906f756967f9e9ca394464a']);
  });

  it('says git is not installed when it cannot be found', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = join(dir, 'no-bin');
    try {
      await expect(collect(['version'])).rejects.toMatchObject({ code: ERROR_CODES.GIT_NOT_INSTALLED });
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('says a folder is missing rather than git, when the folder to run git in is gone', async () => {
    const gone = join(dir, 'removed-folder');
    await expect(runGit(['version'], { cwd: gone })).rejects.toMatchObject({ code: ERROR_CODES.GIT_PATH_UNREADABLE });
  });

  it('passes a large stdin (thousands of revisions) to git whole', async () => {
    // About 4 MB of input: the helper receives its start message over many reads.
    const input = Array.from({ length: 100_000 }, (_, i) => `revision ${i} ${'x'.repeat(30)}`).join('\n') + '\n';
    const lines = await collect(['stripspace'], input);
    expect(lines).toHaveLength(100_000);
    expect(lines[99_999]).toBe(`revision 99999 ${'x'.repeat(30)}`);
  });

  it('fails the streams of a helper that dies, saying to run again, and starts a new helper next time', async () => {
    const stream = spawnGitInHelper({ args: ['stripspace'], cwd: dir, env: gitEnvironment(), input: 'line\n'.repeat(400_000), limitBytes: 1024, stderrLimit: 1024 });
    await stream.chunks.next();
    const pid = gitHelperPid();
    expect(pid).not.toBeNull();
    process.kill(pid as number, 'SIGKILL');
    await expect(stream.exited).rejects.toThrow(/git helper process stopped \(SIGKILL\) while git ran: run the command again/);
    expect(await collect(['hash-object', '--stdin'], 'hello\n')).toEqual(['ce013625030ba8dba906f756967f9e9ca394464a']);
    expect(gitHelperPid()).not.toBe(pid);
  });

  it('turns a non-zero exit into GIT_COMMAND_FAILED with git stderr', async () => {
    await expect(collect(['rev-parse', '--verify', 'no-such-ref'])).rejects.toMatchObject({ code: ERROR_CODES.GIT_COMMAND_FAILED });
  });

  it('reads more than its read-ahead limit, in order, and stops git when the consumer stops', async () => {
    const input = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    // A one-byte limit pauses git after every chunk: every byte must still arrive, in order.
    const paused = spawnGitInHelper({ args: ['stripspace'], cwd: dir, env: gitEnvironment(), input, limitBytes: 1, stderrLimit: 1024 });
    const bytes: Buffer[] = [];
    for await (const chunks of paused.chunks) bytes.push(...chunks);
    expect(Buffer.concat(bytes).toString('utf8')).toBe(input);
    expect((await paused.exited).code).toBe(0);
    const lines: string[] = [];
    for await (const tokens of streamGitTokens(['stripspace'], { cwd: dir, input, separator: 10 })) lines.push(...tokens);
    expect(lines).toHaveLength(20_000);
    expect(lines[19_999]).toBe('line 19999');
    for await (const tokens of streamGitTokens(['stripspace'], { cwd: dir, input, separator: 10 })) {
      expect(tokens.length).toBeGreaterThan(0);
      break;
    }
  });

  it('does not keep the process alive once its streams are done', async () => {
    // A script that runs git once and then has nothing left to do must exit by itself.
    const script = `const { runGit } = await import(${JSON.stringify(RUNNER)}); process.stdout.write(await runGit(['hash-object', '--stdin'], { cwd: ${JSON.stringify(dir)}, input: 'hello\\n' }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(timer);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(out.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  /**
   * Starts a Panorama-like process in its own process group: it starts a git that the read-ahead
   * limit pauses (it blocks writing), registers a temporary folder and leaves an output file in
   * it unread, prints the helper's pid and waits. Returns it and the helper's pid.
   */
  async function startPanorama(folder: string): Promise<{ child: ChildProcess; helperPid: number }> {
    const script = [
      `const { spawnGitInHelper, gitHelperPid, registerTempFolder } = await import(${JSON.stringify(fileURLToPath(new URL('./git-helper-process.ts', import.meta.url)))});`,
      `const git = spawnGitInHelper({ args: ['stripspace'], cwd: ${JSON.stringify(dir)}, env: process.env, input: 'line\\n'.repeat(400000), limitBytes: 1024, stderrLimit: 1024 });`,
      // One batch read, then no more: git is paused and the helper idle, waiting for an ack.
      `await git.chunks.next();`,
      `const { mkdirSync } = await import('node:fs');`,
      `mkdirSync(${JSON.stringify(folder)});`,
      `registerTempFolder(${JSON.stringify(folder)});`,
      `await spawnGitInHelper({ args: ['version'], cwd: ${JSON.stringify(dir)}, env: process.env, input: '', limitBytes: 1024, stderrLimit: 1024, outputFile: ${JSON.stringify(join(folder, 'out-1'))} }).exited;`,
      `await new Promise((r) => setTimeout(r, 500));`,
      `process.stdout.write(gitHelperPid() + '\\n');`,
      `setInterval(() => undefined, 1000);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no helper pid printed: ${out}`)), 20_000);
      child.stdout?.on('data', () => {
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const helperPid = Number(out.trim().split('\n')[0]);
    expect(helperPid).toBeGreaterThan(0);
    expect(readFileSync(join(folder, 'out-1'), 'utf8')).toMatch(/^git version/);
    return { child, helperPid };
  }

  async function expectGone(helperPid: number, folder: string): Promise<void> {
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    while (alive(helperPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(helperPid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  }

  it('stops, with the git it runs, when Panorama is killed (kill -9), removing the temporary folder left', async () => {
    const folder = join(dir, 'left-by-kill');
    const { child, helperPid } = await startPanorama(folder);
    child.kill('SIGKILL');
    await once(child, 'exit');
    await expectGone(helperPid, folder);
  });

  it('outlives Ctrl-C only until Panorama is gone, then removes the temporary folder', async () => {
    const folder = join(dir, 'left-by-ctrl-c');
    const { child, helperPid } = await startPanorama(folder);
    // Ctrl-C signals the whole process group: Panorama, the helper and git.
    process.kill(-(child.pid as number), 'SIGINT');
    await once(child, 'exit');
    await expectGone(helperPid, folder);
  });

  it('has git write a large output to a file itself, byte for byte', async () => {
    const input = Array.from({ length: 100_000 }, (_, i) => `ligne ${i} é€`).join('\n') + '\n';
    const file = join(dir, 'output-ok');
    await runGitToFile(['stripspace'], { cwd: dir, input }, file);
    expect(readFileSync(file, 'utf8')).toBe(input);
  });

  /** Runs `body` with a fake `git` first on PATH: a shell script printing `stdout`, then `stderr`, exiting `code`. */
  async function withFakeGit(fake: { stdout: string; stderr: string; code: number }, body: () => Promise<void>): Promise<void> {
    const bin = mkdtempSync(join(dir, 'fake-bin-'));
    writeFileSync(join(bin, 'out.txt'), fake.stdout);
    writeFileSync(join(bin, 'err.txt'), `${fake.stderr}\n`);
    writeFileSync(join(bin, 'git'), `#!/bin/sh\ncat '${bin}/out.txt'\ncat '${bin}/err.txt' >&2\nexit ${fake.code}\n`, { mode: 0o755 });
    const path = process.env['PATH'];
    process.env['PATH'] = `${bin}:${path ?? ''}`;
    try {
      await body();
    } finally {
      process.env['PATH'] = path;
    }
  }

  it('keeps what git wrote to its file before it failed, and fails as a streamed run does', async () => {
    const file = join(dir, 'output-failed');
    await withFakeGit({ stdout: 'commit one\ncommit two', stderr: 'fatal: unable to read 1234', code: 128 }, async () => {
      const error = await runGitToFile(['log'], { cwd: dir }, file).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ERROR_CODES.GIT_COMMAND_FAILED, message: expect.stringContaining('fatal: unable to read 1234') as unknown });
    });
    expect(readFileSync(file, 'utf8')).toBe('commit one\ncommit two');
  });

  it.each([
    // A commit's flush failed (the usual case), then the final flush, then the close.
    "fatal: write failure on 'stdout': No space left on device",
    'fatal: write failure on standard output: No space left on device',
    'fatal: close failed on standard output: Disk quota exceeded',
  ])('says the temporary folder is full when git cannot write its output file: %s', async (stderr) => {
    const file = join(dir, `output-full-${stderr.length}`);
    await withFakeGit({ stdout: '', stderr, code: 128 }, async () => {
      const error = await runGitToFile(['log'], { cwd: dir }, file).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ERROR_CODES.GIT_TEMP_UNWRITABLE });
      expect((error as Error).message).toContain(`cannot write ${file} (${stderr})`);
      expect((error as Error).message).toMatch(/point TMPDIR/);
    });
  });

  it('says which output file it could not create, and how to fix it', async () => {
    const file = join(dir, 'no-such-folder', 'output');
    const error = await runGitToFile(['version'], { cwd: dir }, file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ERROR_CODES.GIT_TEMP_UNWRITABLE });
    expect((error as Error).message).toMatch(/cannot create .*no-such-folder\/output \(ENOENT\).*point TMPDIR at a writable folder/);
    // An existing file is never overwritten.
    writeFileSync(join(dir, 'taken'), 'keep');
    await expect(runGitToFile(['version'], { cwd: dir }, join(dir, 'taken'))).rejects.toMatchObject({ code: ERROR_CODES.GIT_TEMP_UNWRITABLE });
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('keep');
  });

  it('reassembles output larger than its frames and its pipe reads, byte for byte', async () => {
    // About 1.9 MB: frames of up to 256 KB, read 64 KB at a time, with multi-byte characters.
    const input = Array.from({ length: 100_000 }, (_, i) => `ligne ${i} é€`).join('\n') + '\n';
    const stream = spawnGitInHelper({ args: ['stripspace'], cwd: dir, env: gitEnvironment(), input, limitBytes: 8 * 1024 * 1024, stderrLimit: 1024 });
    const bytes: Buffer[] = [];
    for await (const chunks of stream.chunks) bytes.push(...chunks);
    expect(Buffer.concat(bytes).toString('utf8')).toBe(input);
    expect((await stream.exited).code).toBe(0);
  });
});
