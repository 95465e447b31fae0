/**
 * `npm run bench -- git`: a repository of 1,000,000 commits generated with `git fast-import`
 * (cached in bench/.cache between runs), then, in the same run:
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
import { CACHE, fmt, runCli } from './harness.js';

const REPO = join(CACHE, 'git-1m');
const GROUPS = 250_000; // 3 feature commits + 1 merge commit each = 1,000,000 commits
const START = Date.UTC(2022, 0, 1) / 1000;
const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** Writes the history through fast-import, honouring back-pressure so memory stays flat. */
async function writeHistory(repo: string, from: { mark: number; time: number; groups: number; branch: string; parent?: string }): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet', '--date-format=raw'], { cwd: repo, env: ENV, stdio: ['pipe', 'inherit', 'inherit'] });
  const out = child.stdin;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let mark = from.mark;
  let t = from.time;
  let main = 0;
  for (let g = 0; g < from.groups; g++) {
    let feature = main;
    for (let k = 0; k < 3; k++) {
      mark++;
      t += 600;
      const dir = `svc${g % 20}`;
      let text = `commit refs/heads/feature\nmark :${mark}\nauthor Dev ${g % 50} <dev${g % 50}@example.com> ${t} +0200\ncommitter Dev ${g % 50} <dev${g % 50}@example.com> ${t} +0200\n`;
      text += data(`feature ${g} step ${k}`);
      if (feature) text += `from :${feature}\n`;
      else if (from.parent) text += `from ${from.parent}\n`;
      text += `M 100644 inline ${dir}/file${(g * 3 + k) % 200}.txt\n${data(`group ${g} step ${k}\n`)}`;
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
  if (existsSync(join(REPO, '.git', 'bench-complete'))) return;
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: REPO, env: ENV });
  process.stdout.write('generating a 1,000,000-commit repository with git fast-import (cached) ... ');
  const t0 = performance.now();
  await writeHistory(REPO, { mark: 0, time: START, groups: GROUPS, branch: 'main' });
  spawnSync('git', ['update-ref', '-d', 'refs/heads/feature'], { cwd: REPO, env: ENV });
  spawnSync('git', ['checkout', '-q', 'main'], { cwd: REPO, env: ENV });
  // What `git gc` and `git maintenance` leave in a real repository of this size.
  spawnSync('git', ['commit-graph', 'write', '--reachable'], { cwd: REPO, env: ENV });
  spawnSync('touch', [join(REPO, '.git', 'bench-complete')]);
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
  console.log(`raw git log --all: ${fmt(rawLog, 1)} s (${fmt(Number(count) / rawLog)} commits/s); with --numstat: ${fmt(rawNumstat, 1)} s`);

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
  console.log(`analyze --no-sizes: ingest ${fmt(metaS, 1)} s = ${fmt(metaS / rawLog, 2)}x raw git log (target <= 2x); whole command ${fmt(meta.ms / 1000, 1)} s, peak RSS ${fmt(meta.maxRssMb)} MB (target < 500), git helper process ${fmt(meta.helperMaxRssMb ?? 0)} MB`);

  const fullDb = db('full');
  const full = await analyze(fullDb, []);
  if (full.code !== 0) throw new Error(`analyze failed:\n${full.stderr}`);
  const fullS = ingestSeconds(full.stderr);
  console.log(`analyze (sizes): ingest ${fmt(fullS, 1)} s = ${fmt(fullS / rawNumstat, 2)}x raw git log --numstat (target <= 1x); whole command ${fmt(full.ms / 1000, 1)} s, peak RSS ${fmt(full.maxRssMb)} MB (target < 500), git helper process ${fmt(full.helperMaxRssMb ?? 0)} MB`);

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
