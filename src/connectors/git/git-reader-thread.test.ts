import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { gitEnvironment, streamGitTokens } from './git-runner.js';
import { spawnGitOffThread } from './git-reader-thread.js';

const dir = mkdtempSync(join(tmpdir(), 'panorama-reader-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(args: string[], input?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const tokens of streamGitTokens(args, { cwd: dir, input, separator: 10 })) out.push(...tokens);
  return out;
}

describe('git output read on the helper thread', () => {
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

  it('turns a non-zero exit into GIT_COMMAND_FAILED with git stderr', async () => {
    await expect(collect(['rev-parse', '--verify', 'no-such-ref'])).rejects.toMatchObject({ code: ERROR_CODES.GIT_COMMAND_FAILED });
  });

  it('reads more than its read-ahead limit, in order, and stops git when the consumer stops', async () => {
    const input = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    // A one-byte limit pauses git after every chunk: every byte must still arrive, in order.
    const paused = spawnGitOffThread({ args: ['stripspace'], cwd: dir, env: gitEnvironment(), input, limitBytes: 1, stderrLimit: 1024 });
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
});
