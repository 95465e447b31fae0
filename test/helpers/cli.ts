/** Runs the CLI in-process with captured output, a fixed clock and its own working folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export function tempDir(prefix = 'panorama-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `runCli(['import', 'x.json'], { cwd })` → exit code and what it printed. */
export async function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; now?: number } = {},
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = {
    stdout,
    stderr,
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? tempDir(),
    now: () => options.now ?? Date.parse('2026-11-20T12:00:00Z'),
  };
  const code = await main(['node', 'panorama', ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
