/**
 * What a command needs from the outside world: where to write, whether that is a terminal, and
 * the environment. Passed in explicitly so commands run in-process in tests.
 */
import pc from 'picocolors';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The clock; tests pass a fixed one. */
  now: () => number;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => Date.now() };
}

/** Colours only on a terminal, and never when NO_COLOR is set (picocolors checks that too). */
export function colors(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): ReturnType<typeof pc.createColors> {
  const tty = Boolean(io[stream].isTTY) && !('NO_COLOR' in io.env);
  return pc.createColors(tty || 'FORCE_COLOR' in io.env);
}

export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
