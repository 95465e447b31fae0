/**
 * `panorama sync [--source github|gitlab] [--repo OWNER/NAME]... [--api-url URL]`: pulls
 * delivery data from a remote source into the database, incrementally, one result per
 * repository. Works with no config file at all: the token comes from `<SOURCE>_TOKEN`
 * (`GITHUB_TOKEN`, `GITLAB_TOKEN`), production environments default to production/prod.
 * With a config file, `sources.<source>` lists the repositories, API URL and options.
 *
 * Ctrl-C stops between two requests; every batch stored so far stays, and the next run resumes
 * from there. The token is never printed: errors name the repository, never the credentials.
 */
import type { SyncProgress } from '../../connectors/sync-connector.js';
import { syncScopes, type SyncIngestResult } from '../../ingest/sync-ingest.js';
import { planRemoteSync, requireSyncSource } from '../../ingest/sync-plan.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { reportError } from '../main.js';
import { withStore } from '../open-store.js';
import { createProgress, type Progress } from '../progress.js';

export interface SyncFlags extends GlobalOptions {
  source?: string;
  repo?: string[];
  apiUrl?: string;
  format?: 'text' | 'json';
}

function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 120 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function summarize(r: SyncIngestResult): string {
  const n = r.counts;
  const parts = [
    `${n.pullRequests} pull requests`,
    `${n.deployments} deployments`,
    `${n.incidents} incidents`,
  ];
  if (n.commits > 0) parts.push(`${n.commits} commits`);
  const how = r.incremental ? 'incremental' : 'first sync';
  return `${r.name}: ${parts.join(', ')}; ${r.requests} requests, ${(r.durationMs / 1000).toFixed(1)} s (${how})`;
}

function jsonResult(r: SyncIngestResult): Record<string, unknown> {
  return {
    scope: r.scope,
    name: r.name,
    status: r.status,
    ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
    counts: r.counts,
    requests: r.requests,
    incremental: r.incremental,
    duration_ms: r.durationMs,
  };
}

/**
 * A bar per repository, and a countdown while a rate limit is waited for (a line every second
 * on a terminal, one line per wait otherwise).
 */
function progressReporter(io: CliIo, quiet: boolean | undefined): {
  onProgress: (p: SyncProgress) => void;
  onRateLimitWait: (w: { scope: string; resumeAt: number; reason: string }) => void;
  stop: () => void;
} {
  const progress: Progress = createProgress(io, quiet);
  let current: string | null = null;
  let phase = '';
  let timer: NodeJS.Timeout | null = null;
  const stopCountdown = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  return {
    onProgress(p) {
      stopCountdown();
      if (p.scope !== current || p.phase !== phase) {
        if (current !== null) progress.stop();
        current = p.scope;
        phase = p.phase;
        progress.start(`${p.scope} ${p.phase}`, p.total ?? 0, 'items');
      }
      progress.update(p.done, p.total);
    },
    onRateLimitWait(w) {
      if (quiet) return;
      stopCountdown();
      if (current !== null) progress.stop();
      current = null;
      // The wait is real time (the connector's clock), whatever clock the command was given.
      const line = (): string =>
        `${w.scope}: ${w.reason}; waiting, resumes in ${formatSeconds(w.resumeAt - Date.now())} (at ${new Date(w.resumeAt).toISOString()})`;
      if (!io.stderr.isTTY) {
        writeLine(io.stderr, line());
        return;
      }
      io.stderr.write(`\r${line()}\x1b[K`);
      timer = setInterval(() => {
        if (Date.now() >= w.resumeAt) {
          io.stderr.write('\n');
          stopCountdown();
          return;
        }
        io.stderr.write(`\r${line()}\x1b[K`);
      }, 1000);
      timer.unref();
    },
    stop() {
      stopCountdown();
      progress.stop();
    },
  };
}

export async function runSync(flags: SyncFlags, io: CliIo): Promise<number> {
  const source = flags.source ?? 'github';
  // Before the database is opened: a typo in --source touches nothing.
  const load = requireSyncSource(source);
  return withStore(flags, io, async ({ config, store }) => {
    const plan = planRemoteSync(config, io.env, source, {
      ...(flags.repo ? { scopes: flags.repo } : {}),
      ...(flags.apiUrl ? { apiUrl: flags.apiUrl } : {}),
    });
    const connector = await load();

    const abort = new AbortController();
    const onSignal = (): void => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const reporter = progressReporter(io, flags.quiet);
    let results: SyncIngestResult[];
    try {
      results = await syncScopes(store, connector, plan.scopes, {
        ...plan.options,
        signal: abort.signal,
        onProgress: reporter.onProgress,
        onRateLimitWait: reporter.onRateLimitWait,
      });
    } finally {
      reporter.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }

    if (flags.format === 'json') {
      io.stdout.write(`${JSON.stringify({ source, org: config.org.id, results: results.map(jsonResult) }, null, 2)}\n`);
    } else {
      const c = colors(io, 'stdout');
      for (const r of results) {
        if (r.status === 'ok') writeLine(io.stdout, `${c.green('✓')} ${summarize(r)}`);
        else if (r.status === 'skipped') writeLine(io.stdout, `${c.yellow('skipped')} ${r.name}: ${r.error?.message ?? ''}`);
        else writeLine(io.stdout, `${c.red('✗')} ${r.name}: ${r.error?.code ?? 'INTERNAL'}: ${r.error?.message ?? ''}`);
      }
    }
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length === 0) return EXIT.ok;
    if (flags.verbose) for (const r of failed) reportError(r.error, io, true);
    // Every scope failed: the exit status says why (auth, network...); else a partial success.
    return failed.length === results.length ? exitCodeFor(failed[0]?.error) : EXIT.partial;
  });
}
