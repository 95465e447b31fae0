/** Shared helpers of the benchmarks: run the compiled CLI in a child process and measure it. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CACHE = fileURLToPath(new URL('./.cache/', import.meta.url));
mkdirSync(CACHE, { recursive: true });

export const PG_URL = process.env['PANORAMA_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface CliRun {
  code: number;
  ms: number;
  maxRssMb: number;
  /** Peak resident memory of the git helper process, when the command ran git. */
  helperMaxRssMb: number | null;
  /** CPU seconds of the command's process (all its threads), and of the git helper process. */
  cpu: { user: number; system: number } | null;
  helperCpuSeconds: number | null;
  stdout: string;
  stderr: string;
}

/** Builds dist/ once so the benchmark measures the shipped code, not tsx. */
export function build(): void {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** Runs `panorama ...args` in a fresh Node process and returns its timing and peak RSS. */
export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/cli-worker.mjs', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const last = stdout.trim().split('\n').pop() ?? '{}';
      try {
        const m = JSON.parse(last) as {
          code: number; ms: number; maxRssMb: number; helperMaxRssMb?: number | null;
          cpuSeconds?: { user: number; system: number }; helperCpuSeconds?: number | null;
        };
        resolve({
          code: m.code, ms: m.ms, maxRssMb: m.maxRssMb, helperMaxRssMb: m.helperMaxRssMb ?? null, cpu: m.cpuSeconds ?? null,
          helperCpuSeconds: m.helperCpuSeconds ?? null, stdout: stdout.slice(0, stdout.lastIndexOf(last)), stderr,
        });
      } catch (error) {
        reject(new Error(`panorama ${args.join(' ')} failed:\n${stderr}\n${stdout}`, { cause: error }));
      }
    });
  });
}

/** Drops and recreates a PostgreSQL database for a clean run; returns its URL. */
export async function freshPgDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
