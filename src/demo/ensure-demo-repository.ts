/**
 * Creates the bundled demo on first use: a real git repository (`<dir>/demo-shop`), its
 * incidents in the import format (`<dir>/demo-incidents.json`) and its configuration
 * (`<dir>/panorama.config.yaml`: the three services' paths). Later calls find it and return at
 * once. It is built in a temporary folder and renamed into place, so an interrupted or
 * concurrent first run never leaves a half-made demo behind. `dir` belongs to the demo.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from '../connectors/git/git-runner.js';
import type { Instant } from '../domain/time.js';
import { demoIncidents } from './demo-incidents.js';
import { DEMO_END, planDemoHistory } from './demo-plan.js';
import { FastImportStream } from './fast-import-stream.js';

/** Bump when the generated history changes: an older demo is then rebuilt. */
export const DEMO_VERSION = 1;

/** The demo's repository name (its folder): its deployments are `git:deployment:demo-shop:<tag>`. */
export const DEMO_REPOSITORY = 'demo-shop';

/** The demo's services, as `services` of the git connector and of `panorama.config.yaml`. */
export const DEMO_SERVICES: Readonly<Record<string, { paths: string[] }>> = {
  api: { paths: ['services/api/**'] },
  web: { paths: ['services/web/**'] },
  worker: { paths: ['services/worker/**'] },
};

/** Where the demo is, and what `analyze --demo` needs to use it. */
export interface DemoRepository {
  dir: string;
  /** The git repository to analyze. */
  repositoryPath: string;
  repositoryName: string;
  /** Incidents in the import format; import them after ingesting the repository (they link to its deployments). */
  incidentsFile: string;
  /** The equivalent `panorama.config.yaml` (organisation and services). */
  configFile: string;
  organization: string;
  services: Readonly<Record<string, { paths: string[] }>>;
  /** The end of the demo's history: use it as the report's `--until`. */
  endsAt: Instant;
  /** True when this call built it. */
  created: boolean;
}

const CONFIG = `# The bundled demo's configuration (panorama analyze --demo uses the same settings).
organization: Demo Shop
repositories:
  - path: ./${DEMO_REPOSITORY}
services:
${Object.entries(DEMO_SERVICES).map(([name, s]) => `  ${name}: { paths: [${s.paths.map((p) => `"${p}"`).join(', ')}] }`).join('\n')}
`;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function isCurrent(marker: string): Promise<boolean> {
  if (!(await exists(marker))) return false;
  const parsed = JSON.parse(await readFile(marker, 'utf8')) as { version?: unknown };
  return parsed.version === DEMO_VERSION;
}

/** Writes the demo's history into a new repository at `path`; returns the incidents document. */
async function buildRepository(path: string): Promise<Record<string, unknown>> {
  await runGit(['init', '--quiet', '--initial-branch=main', path], { cwd: join(path, '..') });
  const { history, scenario } = planDemoHistory();
  const importer = new FastImportStream(path);
  for (const step of history.steps) {
    if (step.kind === 'tag') {
      importer.tag(step.tag);
      continue;
    }
    let message = step.commit.message;
    for (const m of message.matchAll(/\{\{sha:(\d+)\}\}/g)) {
      message = message.replace(m[0], await importer.shaOf(Number(m[1])));
    }
    importer.commit({ ...step.commit, message });
  }
  await importer.finish();
  // Merged branches are deleted, as forges do after a merge; their commits stay reachable from main.
  await runGit(['update-ref', '--stdin'], { cwd: path, input: history.mergedRefs.map((r) => `delete ${r}\n`).join('') });
  await runGit(['reset', '--quiet', '--hard', 'main'], { cwd: path });
  return demoIncidents(DEMO_REPOSITORY, history, scenario);
}

/** Creates the demo in `dir` unless it is already there (see the module comment). */
export async function ensureDemoRepository(dir: string): Promise<DemoRepository> {
  const repositoryPath = join(dir, DEMO_REPOSITORY);
  const incidentsFile = join(dir, 'demo-incidents.json');
  const configFile = join(dir, 'panorama.config.yaml');
  const marker = join(dir, 'demo-version.json');
  const result = (created: boolean): DemoRepository => ({
    dir, repositoryPath, repositoryName: DEMO_REPOSITORY, incidentsFile, configFile, organization: 'Demo Shop',
    services: DEMO_SERVICES, endsAt: DEMO_END * 1000, created,
  });
  if ((await isCurrent(marker)) && (await exists(join(repositoryPath, '.git')))) return result(false);

  await mkdir(dir, { recursive: true });
  const building = join(dir, `.building-${process.pid}-${Date.now()}`);
  try {
    const incidents = await buildRepository(building);
    await rm(marker, { force: true });
    await rm(repositoryPath, { recursive: true, force: true });
    try {
      await rename(building, repositoryPath);
    } catch (error) {
      // Another process finished first: its demo is the same (deterministic), use it.
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    await writeFile(incidentsFile, `${JSON.stringify(incidents, null, 2)}\n`);
    await writeFile(configFile, CONFIG);
    await writeFile(marker, `${JSON.stringify({ version: DEMO_VERSION })}\n`);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return result(true);
}
