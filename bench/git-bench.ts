/**
 * `npm run bench -- git`: a repository of 1,000,000 commits generated with `git fast-import`
 * (cached in bench/.cache between runs; its shape is described at `SourceTree`), then, in the
 * same run:
 * - raw `git log --all` (metadata) and `git log --all --numstat`, output discarded;
 * - `panorama analyze --no-sizes` (metadata only) and `panorama analyze` (with sizes), each into
 *   a fresh SQLite database, timed by the ingest line the CLI prints;
 * - an incremental `analyze` after 100 new commits.
 * Targets: metadata within 2x raw `git log`; with sizes no slower than raw `git log --numstat`;
 * incremental under 2 s; peak RSS under 500 MB.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CACHE, fmt, runCli, type CliRun } from './harness.js';

const REPO = join(CACHE, 'git-1m');
/** Bumped when the generated history changes, so a cached repository of an older shape is rebuilt. */
const SHAPE = 'v2-source-files';
const GROUPS = 250_000; // 3 feature commits + 1 merge commit each = 1,000,000 commits
const START = Date.UTC(2022, 0, 1) / 1000;
const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

/**
 * The shape of the source tree: 20 services of 8 modules of 25 files, four levels deep
 * (`services/svc3/src/mod5/file12.ts`), each file about 40 lines. A feature commit edits one
 * file (one in four edits three) with a hunk of three changed lines, one deleted and one added
 * line, as a real change would. Diffing these trees and blobs is what `--numstat` pays for:
 * on this history it is 5 to 8 times slower than plain `git log`, depending on the machine
 * (4.8-5.6x measured on one, 6.8-8.3x on another; the issue measures 20 times on real
 * repositories); a history of one-line files in a flat tree made it only 1.6 times slower,
 * which did not stand for a real repository's diffing cost.
 */
const SERVICES = 20;
const MODULES = 8;
const FILES_PER_MODULE = 25;
const LINES = 40;
const FILE_COUNT = SERVICES * MODULES * FILES_PER_MODULE;

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function pathOf(file: number): string {
  const svc = file % SERVICES;
  const mod = Math.floor(file / SERVICES) % MODULES;
  return `services/svc${svc}/src/mod${mod}/file${Math.floor(file / SERVICES / MODULES)}.ts`;
}

/** Source files as edited so far (deterministic: a fixed-seed generator picks every edit). */
class SourceTree {
  private readonly files = new Map<number, string[]>();
  private seed = 42;

  random(n: number): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed % n;
  }

  /** Edits `file` for change `g` and returns its new content. */
  edit(file: number, g: number): string {
    let lines = this.files.get(file);
    if (!lines) {
      lines = Array.from({ length: LINES }, (_, k) => `export const value${k} = compute(${k}, '${pathOf(file)}', ${k * 7});`);
      this.files.set(file, lines);
    }
    const at = this.random(lines.length - 4);
    for (let k = 0; k < 3; k++) lines[at + k] = `export const changed${g}_${k} = compute(${g}, '${k}', ${at});`;
    lines.splice(this.random(lines.length), 1);
    lines.splice(this.random(lines.length), 0, `// change ${g}`);
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Writes the history through fast-import, honouring back-pressure so memory stays flat. A
 * history continued on a new branch (`parent`) adds new files, whose earlier content this
 * process does not know.
 */
async function writeHistory(repo: string, from: { mark: number; time: number; groups: number; branch: string; parent?: string }): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet', '--date-format=raw'], { cwd: repo, env: ENV, stdio: ['pipe', 'inherit', 'inherit'] });
  const out = child.stdin;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const tree = new SourceTree();
  let mark = from.mark;
  let t = from.time;
  let main = 0;
  for (let g = 0; g < from.groups; g++) {
    let feature = main;
    for (let k = 0; k < 3; k++) {
      mark++;
      t += 600;
      let text = `commit refs/heads/feature\nmark :${mark}\nauthor Dev ${g % 50} <dev${g % 50}@example.com> ${t} +0200\ncommitter Dev ${g % 50} <dev${g % 50}@example.com> ${t} +0200\n`;
      text += data(`feature ${g} step ${k}`);
      if (feature) text += `from :${feature}\n`;
      else if (from.parent) text += `from ${from.parent}\n`;
      if (from.parent) {
        text += `M 100644 inline services/svc${g % SERVICES}/src/new/change${g}-${k}.ts\n${data(`export const change = ${g * 3 + k};\n`)}`;
      } else {
        const edits = tree.random(4) === 0 ? 3 : 1;
        const first = tree.random(FILE_COUNT);
        for (let e = 0; e < edits; e++) {
          const file = (first + e * SERVICES) % FILE_COUNT;
          text += `M 100644 inline ${pathOf(file)}\n${data(tree.edit(file, g))}`;
        }
      }
      await write(`${text}\n`);
      feature = mark;
    }
    mark++;
    t += 600;
    let merge = `commit refs/heads/${from.branch}\nmark :${mark}\nauthor Dev 1 <dev1@example.com> ${t} +0000\ncommitter Dev 1 <dev1@example.com> ${t} +0000\n`;
    merge += data(`Merge pull request #${g + 1} from acme/feature-${g}\n\nFeature ${g}`);
    if (main) merge += `from :${main}\n`;
    else if (from.parent) merge += `from ${from.parent}\n`;
    merge += `merge :${feature}\n`;
    await write(`${merge}\n`);
    main = mark;
    if ((g + 1) % 500 === 0) await write(`reset refs/tags/v1.${(g + 1) / 500}.0\nfrom :${main}\n\n`);
  }
  out.end();
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`git fast-import exited ${code}`);
}

async function ensureRepository(): Promise<void> {
  if (existsSync(join(REPO, '.git', `bench-complete-${SHAPE}`))) return;
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: REPO, env: ENV });
  process.stdout.write('generating a 1,000,000-commit repository with git fast-import (cached; a few minutes) ... ');
  const t0 = performance.now();
  await writeHistory(REPO, { mark: 0, time: START, groups: GROUPS, branch: 'main' });
  spawnSync('git', ['update-ref', '-d', 'refs/heads/feature'], { cwd: REPO, env: ENV });
  spawnSync('git', ['checkout', '-q', 'main'], { cwd: REPO, env: ENV });
  // What `git gc` and `git maintenance` leave in a real repository of this size.
  spawnSync('git', ['commit-graph', 'write', '--reachable'], { cwd: REPO, env: ENV });
  spawnSync('touch', [join(REPO, '.git', `bench-complete-${SHAPE}`)]);
  process.stdout.write(`${fmt((performance.now() - t0) / 1000, 1)} s\n`);
}

/** Wall time of a git command whose output is discarded (read through a pipe, as a reader would). */
async function timeGit(args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn('git', args, { cwd: REPO, env: ENV, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.resume();
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`git ${args.join(' ')} exited ${code}`);
  return (performance.now() - t0) / 1000;
}

/** Where the CPU went: the command's process (all threads) and the git helper process. */
function cpuOf(run: CliRun): string {
  if (!run.cpu) return '';
  const own = run.cpu.user + run.cpu.system;
  return `; CPU ${fmt(own, 1)} s in panorama, ${fmt(run.helperCpuSeconds ?? 0, 1)} s in the git helper`;
}

/** The ingest seconds the CLI printed (`✓ git-1m: ... full read, 12.3 s`). */
function ingestSeconds(stderr: string): number {
  const m = /✓ .*?, ([\d.]+) s\n/.exec(stderr);
  if (!m) throw new Error(`no ingest line in:\n${stderr}`);
  return Number(m[1]);
}

export async function gitBench(): Promise<void> {
  await ensureRepository();
  const count = spawnSync('git', ['rev-list', '--all', '--count'], { cwd: REPO, env: ENV, encoding: 'utf8' }).stdout.trim();
  console.log(`repository: ${count} commits`);
  const rawLog = await timeGit(['log', '--all', '-z', '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%s']);
  const rawNumstat = await timeGit(['log', '--all', '--numstat', '--format=%H']);
  console.log(`raw git log --all: ${fmt(rawLog, 1)} s (${fmt(Number(count) / rawLog)} commits/s); with --numstat: ${fmt(rawNumstat, 1)} s (${fmt(rawNumstat / rawLog, 1)}x plain git log)`);

  const db = (name: string) => {
    const path = join(CACHE, `git-bench-${name}.db`);
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    return path;
  };
  const analyze = (path: string, extra: string[]) =>
    runCli(['analyze', REPO, '--db', path, '--org', 'bench', '--format', 'json', ...extra]);

  const meta = await analyze(db('meta'), ['--no-sizes']);
  if (meta.code !== 0) throw new Error(`analyze --no-sizes failed:\n${meta.stderr}`);
  const metaS = ingestSeconds(meta.stderr);
  console.log(`analyze --no-sizes: ingest ${fmt(metaS, 1)} s = ${fmt(metaS / rawLog, 2)}x raw git log (target <= 2x); whole command ${fmt(meta.ms / 1000, 1)} s, peak RSS ${fmt(meta.maxRssMb)} MB (target < 500), git helper process ${fmt(meta.helperMaxRssMb ?? 0)} MB${cpuOf(meta)}`);

  const fullDb = db('full');
  const full = await analyze(fullDb, []);
  if (full.code !== 0) throw new Error(`analyze failed:\n${full.stderr}`);
  const fullS = ingestSeconds(full.stderr);
  console.log(`analyze (sizes): ingest ${fmt(fullS, 1)} s = ${fmt(fullS / rawNumstat, 2)}x raw git log --numstat (target <= 1x); whole command ${fmt(full.ms / 1000, 1)} s, peak RSS ${fmt(full.maxRssMb)} MB (target < 500), git helper process ${fmt(full.helperMaxRssMb ?? 0)} MB${cpuOf(full)}`);

  const branch = `bench-incremental-${Date.now()}`;
  const tip = spawnSync('git', ['rev-parse', 'main'], { cwd: REPO, env: ENV, encoding: 'utf8' }).stdout.trim();
  await writeHistory(REPO, { mark: 0, time: START + GROUPS * 2400 + 600, groups: 25, branch, parent: tip });
  spawnSync('git', ['update-ref', '-d', 'refs/heads/feature'], { cwd: REPO, env: ENV });
  try {
    const incr = await analyze(fullDb, []);
    if (incr.code !== 0) throw new Error(`incremental analyze failed:\n${incr.stderr}`);
    const incrS = ingestSeconds(incr.stderr);
    console.log(`incremental analyze after 100 new commits: ingest ${fmt(incrS, 2)} s (target < 2); whole command ${fmt(incr.ms / 1000, 1)} s`);
  } finally {
    spawnSync('git', ['update-ref', '-d', `refs/heads/${branch}`], { cwd: REPO, env: ENV });
  }
}
