// Runs one `panorama` command in this process (the compiled CLI in dist/) and prints, as the
// last stdout line, its exit code, wall time and peak resident memory, and the peak resident
// memory of the git helper process when the command ran git (resourceUsage counts only the
// children a process waited for, and the helper exits after us), and the CPU time of both.
// Used by the benchmarks.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { main } from '../dist/cli/main.js';
import { gitHelperPid } from '../dist/connectors/git/git-helper-process.js';

/** VmHWM of the git helper process in MB, or null when none ran (or not on Linux). */
function helperMaxRssMb() {
  const pid = gitHelperPid();
  if (pid === null) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) the git helper process has used so far, or null. */
function helperCpuSeconds() {
  const pid = gitHelperPid();
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const started = performance.now();
const code = await main(['node', 'panorama', ...process.argv.slice(2)]);
const ms = performance.now() - started;
const usage = process.resourceUsage();
const cpuSeconds = { user: usage.userCPUTime / 1e6, system: usage.systemCPUTime / 1e6 };
process.stdout.write(`\n${JSON.stringify({ code, ms, maxRssMb: usage.maxRSS / 1024, helperMaxRssMb: helperMaxRssMb(), cpuSeconds, helperCpuSeconds: helperCpuSeconds() })}\n`);
process.exitCode = code;
