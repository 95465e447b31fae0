// Runs one `panorama` command in this process (the compiled CLI in dist/) and prints, as the
// last stdout line, its exit code, wall time and peak resident memory. Used by the benchmarks.
import { performance } from 'node:perf_hooks';
import { main } from '../dist/cli/main.js';

const started = performance.now();
const code = await main(['node', 'panorama', ...process.argv.slice(2)]);
const ms = performance.now() - started;
process.stdout.write(`\n${JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exitCode = code;
