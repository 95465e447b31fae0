/**
 * `npm run bench -- import`: 1,000,000 records (800k commits, 150k pull requests, 45k
 * deployments, 5k incidents) imported from NDJSON into SQLite and into PostgreSQL, through the
 * real CLI. Prints records/s and peak RSS. Targets on a 2-core machine: >= 100,000 records/s
 * into SQLite, >= 30,000 into PostgreSQL, peak RSS < 300 MB.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, fmt, freshPgDatabase, runCli } from './harness.js';
import { generateRecords, writeNdjson } from './generate.js';

const COUNTS = { commits: 800_000, pullRequests: 150_000, deployments: 45_000, incidents: 5_000 };

export async function importBench(): Promise<void> {
  const file = join(CACHE, 'import-1m.ndjson');
  if (!existsSync(file)) {
    process.stdout.write('generating 1,000,000 records ... ');
    const n = await writeNdjson(file, generateRecords({ ...COUNTS, services: 20, end: Date.UTC(2026, 10, 1), days: 720 }));
    process.stdout.write(`${fmt(n)} lines\n`);
  }
  const records = COUNTS.commits + COUNTS.pullRequests + COUNTS.deployments + COUNTS.incidents;
  const sqlitePath = join(CACHE, 'import-bench.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(sqlitePath + suffix, { force: true });
  const targets = [
    { name: 'SQLite', db: sqlitePath, target: 100_000 },
    { name: 'PostgreSQL', db: await freshPgDatabase('panorama_bench_import'), target: 30_000 },
  ];
  for (const t of targets) {
    const run = await runCli(['import', file, '--db', t.db, '--org', 'bench', '--quiet']);
    if (run.code !== 0) throw new Error(`import into ${t.name} failed (exit ${run.code}):\n${run.stderr}`);
    const rate = records / (run.ms / 1000);
    const verdict = rate >= t.target && run.maxRssMb < 300 ? 'OK' : 'MISSED';
    console.log(
      `import ${t.name.padEnd(10)} ${fmt(records)} records in ${fmt(run.ms / 1000, 1)} s = ${fmt(rate)} records/s ` +
        `(target ${fmt(t.target)}), peak RSS ${fmt(run.maxRssMb)} MB (target < 300) ${verdict}`,
    );
  }
}
