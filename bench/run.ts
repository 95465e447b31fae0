/**
 * `npm run bench -- <name>`: runs one benchmark (or all). Benchmarks measure the compiled CLI in
 * a child process; targets are printed, never asserted in unit tests.
 */
import { build } from './harness.js';
import { gitBench } from './git-bench.js';
import { importBench } from './import-bench.js';
import { reportBench } from './report-bench.js';
import { serverBench } from './server-bench.js';
import { syncBench } from './sync-bench.js';

const BENCHES: Record<string, () => Promise<void>> = {
  import: importBench,
  report: reportBench,
  git: gitBench,
  server: serverBench,
  sync: syncBench,
};

const names = process.argv.slice(2);
const selected = names.length ? names : Object.keys(BENCHES);
const unknown = selected.filter((n) => !(n in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (available: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(64);
}
build();
for (const name of selected) await BENCHES[name]!();
