/**
 * `npm run bench -- report`: 1,000,000 commits, 50,000 deployments and 5,000 incidents, once
 * as one service (one repository) and once spread over 200 services (one repository each),
 * reported from SQLite and from PostgreSQL through the real CLI. Targets: the full report
 * (`--format json`, 90-day window) in < 5 s wall and < 1 GB peak RSS. Prints the split between
 * loading and computing (from the CLI's --verbose timings line).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateRecords, writeNdjson } from './generate.js';
import { CACHE, fmt, freshPgDatabase, runCli } from './harness.js';

const END = Date.UTC(2026, 10, 1);

async function dataset(services: number): Promise<string> {
  const file = join(CACHE, `report-${services}.ndjson`);
  if (!existsSync(file)) {
    process.stdout.write(`generating 1M commits over ${services} service(s) ... `);
    await writeNdjson(file, generateRecords({ commits: 1_000_000, pullRequests: 0, deployments: 50_000, incidents: 5_000, services, end: END, days: 720 }));
    process.stdout.write('done\n');
  }
  return file;
}

function timings(stderr: string): string {
  const m = /timings: (.*)/.exec(stderr);
  return m ? m[1]! : '(no timings line)';
}

export async function reportBench(): Promise<void> {
  for (const services of [1, 200]) {
    const file = await dataset(services);
    const sqlite = join(CACHE, `report-${services}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlite + suffix, { force: true });
    const dbs = [
      { name: 'SQLite', db: sqlite },
      { name: 'PostgreSQL', db: await freshPgDatabase(`panorama_bench_report_${services}`) },
    ];
    for (const { name, db } of dbs) {
      const imported = await runCli(['import', file, '--db', db, '--org', 'bench', '--quiet']);
      if (imported.code !== 0) throw new Error(`import into ${name} failed:\n${imported.stderr}`);
      const since = new Date(END - 90 * 86_400_000).toISOString();
      const until = new Date(END).toISOString();
      const run = await runCli(['report', '--db', db, '--org', 'bench', '--since', since, '--until', until, '--format', 'json', '--verbose']);
      if (run.code !== 0) throw new Error(`report from ${name} failed:\n${run.stderr}`);
      const verdict = run.ms < 5_000 && run.maxRssMb < 1024 ? 'OK' : 'MISSED';
      console.log(
        `report ${String(services).padStart(3)} service(s) ${name.padEnd(10)} ${fmt(run.ms / 1000, 2)} s wall (target < 5), ` +
          `peak RSS ${fmt(run.maxRssMb)} MB (target < 1024) ${verdict}; ${timings(run.stderr)}`,
      );
    }
  }
}
