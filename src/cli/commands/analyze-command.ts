/**
 * `panorama analyze PATH...`: the zero-configuration main job. Ingests each git repository
 * (incrementally), then prints the report of the organisation. `--demo` does the same on the
 * bundled demo repository, created on first use, and imports the demo's incidents.
 */
import { dirname, join, resolve } from 'node:path';
import { loadConfig, type ResolvedConfig } from '../../config/load-config.js';
import type { ServiceDefinition } from '../../connectors/git/index.js';
import { ensureDemoRepository, type DemoRepository } from '../../demo/index.js';
import { slugify } from '../../domain/index.js';
import {
  ingestGitRepositories,
  type GitIngestOptions,
  type GitIngestResult,
} from '../../ingest/git-ingest.js';
import { importFile } from '../../ingest/import-file.js';
import { openStore } from '../../storage/index.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { reportError } from '../main.js';
import { createProgress } from '../progress.js';
import { printReport, type ReportFlags } from '../report-output.js';

export interface AnalyzeFlags extends GlobalOptions, ReportFlags {
  demo?: boolean;
  deployOn?: 'tags' | 'merges';
  tagPattern?: string;
  deployments?: string;
  /** false with --no-sizes. */
  sizes?: boolean;
}

/** Where the demo lives: beside the SQLite database, or in ./.panorama for PostgreSQL. */
function demoDir(config: ResolvedConfig, io: CliIo): string {
  return /^postgres(ql)?:\/\//i.test(config.db)
    ? resolve(io.cwd, '.panorama', 'demo')
    : join(dirname(config.db), 'demo');
}

function ingestOptions(
  config: ResolvedConfig,
  flags: AnalyzeFlags,
  services: Readonly<Record<string, ServiceDefinition>>,
  cwd: string,
): GitIngestOptions {
  const file = config.file;
  const deploymentsFile = flags.deployments
    ? resolve(cwd, flags.deployments)
    : file.deployments.file;
  return {
    org: config.org.id,
    orgName: config.org.name,
    deployOn: flags.deployOn ?? (flags.deployments ? 'file' : file.deployments.detect),
    tagPattern: flags.tagPattern ?? file.deployments.tag_pattern,
    deploymentsFile,
    hotfixPatterns: file.hotfix.patterns,
    hotfixWindowHours: file.hotfix.window_hours,
    productionEnvironments: file.environments.production,
    services,
    sizes: flags.sizes !== false,
  };
}

function summarize(result: GitIngestResult): string {
  const n = result.counts;
  const how =
    result.run === 'unchanged' ? 'unchanged since the last run' : `${result.run ?? 'full'} read`;
  const removed = n.removedDeployments > 0 ? `, ${n.removedDeployments} removed (no longer in the history)` : '';
  return `${result.repository ?? result.path}: ${n.commits} commits, ${n.pullRequests} pull requests, ${n.deployments} deployments (from ${result.deploymentSource ?? '?'}${removed}); ${how}, ${(result.durationMs / 1000).toFixed(1)} s`;
}

export async function runAnalyze(paths: string[], flags: AnalyzeFlags, io: CliIo): Promise<number> {
  let config = loadConfig({ flags, env: io.env, cwd: io.cwd });
  let demo: DemoRepository | null = null;
  if (flags.demo) {
    demo = await ensureDemoRepository(demoDir(config, io));
    if (!flags.org)
      config = { ...config, org: { id: slugify(demo.organization), name: demo.organization } };
  }
  const services = demo?.services ?? config.file.services;
  const repos = demo
    ? [{ path: demo.repositoryPath, name: demo.repositoryName }]
    : paths.length > 0
      ? paths.map((p) => ({ path: resolve(io.cwd, p) }))
      : config.file.repositories.length > 0
        ? config.file.repositories.map((r) => ({ path: r.path, service: r.service }))
        : [{ path: io.cwd }];

  const c = colors(io, 'stderr');
  const store = await openStore(config.db);
  try {
    const progress = createProgress(io, flags.quiet);
    let current = -1;
    const results = await ingestGitRepositories(
      store,
      repos,
      ingestOptions(config, flags, services, io.cwd),
      (p) => {
        if (p.index !== current) {
          if (current >= 0) progress.stop();
          current = p.index;
          progress.start(`reading ${p.path}`, 0, 'commits');
        }
        if (p.phase === 'done') progress.stop();
        else progress.update(p.commits, p.totalCommits ?? 0);
      },
    );
    progress.stop();

    let failed = 0;
    const anyOk = results.some((r) => r.status === 'ok');
    for (const result of results) {
      if (result.status === 'failed') {
        failed++;
        reportError(result.error, io, Boolean(flags.verbose));
        continue;
      }
      if (result.status === 'skipped') {
        if (anyOk)
          writeLine(
            io.stderr,
            `${c.yellow('skipped')} ${result.path}: ${result.error?.message ?? 'nothing to read'}`,
          );
        continue;
      }
      if (!flags.quiet) writeLine(io.stderr, `${c.green('✓')} ${summarize(result)}`);
      for (const w of result.warnings)
        writeLine(io.stderr, `${c.yellow('warning')} ${w.code}: ${w.message}`);
    }
    const firstProblem = results.find((r) => r.status !== 'ok');
    if (!anyOk && firstProblem) {
      // Nothing was ingested: there is no report to print. Failures were printed above.
      if (firstProblem.status === 'skipped')
        reportError(firstProblem.error, io, Boolean(flags.verbose));
      return exitCodeFor(firstProblem.error);
    }

    if (demo) {
      await importFile(store, demo.incidentsFile, { org: config.org.id, orgName: config.org.name });
    }
    const until = flags.until ?? (demo ? new Date(demo.endsAt).toISOString() : undefined);
    if (!flags.quiet) writeLine(io.stderr);
    await printReport(store, config, { ...flags, until }, io);
    return failed > 0 ? EXIT.partial : EXIT.ok;
  } finally {
    await store.close();
  }
}
