/**
 * The `panorama` command line. Command modules are imported only when their verb runs, so
 * `panorama --help` stays fast. Errors are mapped to a message and an exit code here, once.
 */
import { Command, CommanderError, Option } from 'commander';
import { AppError } from '../shared/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { colors, processIo, writeLine, type CliIo } from './io.js';
import { capsHeapGrowth, limitHeapGrowth } from './heap-tuning.js';

/** Options every verb accepts. */
export interface GlobalOptions {
  db?: string;
  org?: string;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

const EXAMPLES = `
Examples:
  $ panorama analyze .                         DORA report of the repository you are in
  $ panorama analyze --demo                    the same on a generated demo repository
  $ panorama import data.json --org acme       load records (JSON or NDJSON import format)
  $ panorama report --org acme --format json   the report as JSON (schema panorama.report/v1)
  $ panorama report --since 2026-01-01 --service api --timezone Europe/Paris
  $ panorama report --format board --all-orgs --output board.html
  $ panorama sync --repo acme/api              pull requests, deployments, incidents from GitHub

Database: --db PATH (SQLite, default ./.panorama/panorama.db) or --db postgres://user@host/db.
Docs: docs/metrics.md (every metric), docs/errors.md (every error code).`;

function buildProgram(io: CliIo, run: (p: Promise<number>) => void): Command {
  const program = new Command('panorama')
    .description('Engineering metrics for CTOs: DORA, flow and incidents from git and delivery data.')
    .version('0.1.0', '-V, --version')
    .option('--db <path|url>', 'database: a SQLite file or a postgres:// URL (env PANORAMA_DB)')
    .option('--org <name>', 'organisation the data belongs to (env PANORAMA_ORG, default "default")')
    .option('--config <file>', 'config file (default ./panorama.config.yaml when present)')
    .option('--verbose', 'print error causes and more detail')
    .option('-q, --quiet', 'print no progress')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // One batch job per run (analyze, import, report...); not the long-running server verbs.
    .hook('preAction', (_program, action) => {
      if (capsHeapGrowth(action.name())) limitHeapGrowth();
    })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  program
    .command('import')
    .description('import records from a JSON or NDJSON file (all or nothing)')
    .argument('<file>', 'a .json document or .ndjson/.jsonl file in the import format')
    .option('--allow-missing-commits', 'accept deployments whose commit is not imported (no lead time for them)')
    .action((file: string, _opts: unknown, cmd: Command) => {
      run(import('./commands/import-command.js').then((m) => m.runImport(file, cmd.optsWithGlobals(), io)));
    });

  program
    .command('report')
    .description('print the DORA and flow report of an organisation or service')
    .option('--service <name>', 'one service (default: every service of the organisation)')
    .option('--since <iso>', 'window start, inclusive (default: 90 days before --until)')
    .option('--until <iso>', 'window end, exclusive (default: now)')
    .option('--timezone <iana>', 'time zone for day and week buckets (default UTC)')
    .addOption(new Option('--format <format>', 'output format (board: the one-page board report per organisation)').choices(['text', 'json', 'md', 'board']).default('text'))
    .option('--output <file>', 'board: write .md, .html, .pdf (needs chromium) or .json instead of Markdown on stdout')
    .option('--all-orgs', 'board: one page per organisation in the database')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/report-command.js').then((m) => m.runReport(cmd.optsWithGlobals(), io)));
    });

  program
    .command('analyze')
    .description('ingest local git repositories and print their report, with no configuration')
    .argument('[paths...]', 'git repositories (each becomes a service of the organisation)')
    .option('--demo', 'analyse the bundled demo repository (created on first use)')
    .addOption(new Option('--deploy-on <mode>', 'what counts as a production deployment').choices(['tags', 'merges']))
    .option('--tag-pattern <glob>', 'release tags that are deployments (default: semver-like v1.2.3)')
    .option('--deployments <file>', 'a deployments CSV or JSON file instead of tags or merges')
    .option('--no-sizes', 'skip lines added/deleted per commit (much faster on very large histories)')
    .option('--since <iso>', 'report window start (default: 90 days before --until)')
    .option('--until <iso>', 'report window end (default: now, or the demo\'s end)')
    .option('--timezone <iana>', 'time zone for day and week buckets (default UTC)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'md']).default('text'))
    .action((paths: string[], _opts: unknown, cmd: Command) => {
      run(import('./commands/analyze-command.js').then((m) => m.runAnalyze(paths, cmd.optsWithGlobals(), io)));
    });

  program
    .command('sync')
    .description('sync pull requests, deployments and incidents from GitHub or GitLab, incrementally')
    .option('--source <source>', 'github (default), gitlab, or another source panorama can sync')
    .option('--repo <name>', 'a repository OWNER/NAME (GitLab: group/project); repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--api-url <url>', 'the API base URL (GitHub Enterprise https://HOST/api/v3, self-managed GitLab)')
    .addOption(new Option('--format <format>', 'per-repository results').choices(['text', 'json']).default('text'))
    .addHelpText('after', `
Examples:
  $ GITHUB_TOKEN=... panorama sync --repo acme/api --repo acme/web
  $ panorama sync --source gitlab --repo acme/platform/api --api-url https://gitlab.acme.com
  $ panorama sync --format json                repositories from sources.github.repos in the config
  $ PAGERDUTY_TOKEN=... panorama sync --source pagerduty --repo '*'   every PagerDuty service's incidents
  $ panorama sync --source pagerduty          the services of sources.pagerduty.services (id: name)

The token comes from GITHUB_TOKEN / GITLAB_TOKEN (or sources.<source>.token); it is never printed.
Each run reads only what changed since the last one; an interrupted run resumes where it stopped.`)
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/sync-command.js').then((m) => m.runSync(cmd.optsWithGlobals(), io)));
    });

  program
    .command('serve')
    .description('run the team server: HTTP API, webhooks, /metrics (prints a login link)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 4317; 0 picks a free one)')
    .option('--body-limit <mb>', 'largest request body in MiB (default 25, GitHub\'s own cap)')
    .option('--rate-limit <n>', 'requests per minute per token (default 1200)')
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent (default info)')
    .option('--no-login', 'print no login link')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/serve-command.js').then((m) => m.runServe(cmd.optsWithGlobals(), io)));
    });

  const token = program.command('token').description('API tokens for the server (stored as hashes only)');
  token
    .command('create')
    .description('create a token for --org (or --all-orgs) and print it once')
    .addOption(new Option('--role <role>', 'what it may do').choices(['viewer', 'admin']).default('viewer'))
    .option('--all-orgs', 'a token for every organisation (needed for /metrics)')
    .option('--name <name>', 'a label to recognise it by')
    .option('--expires-in-days <days>', 'lifetime (default: no expiry)')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/token-command.js').then((m) => m.runTokenCreate(cmd.optsWithGlobals(), io)));
    });
  token
    .command('list')
    .description('list tokens (ids, organisations, roles; never the tokens)')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/token-command.js').then((m) => m.runTokenList(cmd.optsWithGlobals(), io)));
    });
  token
    .command('revoke')
    .description('revoke a token by its id (tok_...)')
    .argument('<id>', 'the id token list shows')
    .action((id: string, _opts: unknown, cmd: Command) => {
      run(import('./commands/token-command.js').then((m) => m.runTokenRevoke(id, cmd.optsWithGlobals(), io)));
    });

  program
    .command('webhook')
    .description('webhook set-up for the server')
    .command('secret')
    .description('print the URL and secret of --org\'s webhooks from --source')
    .requiredOption('--source <source>', 'github, gitlab, cdevents or generic')
    .option('--url <url>', 'the server\'s public base URL (default http://127.0.0.1:4317)')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/webhook-command.js').then((m) => m.runWebhookSecret(cmd.optsWithGlobals(), io)));
    });

  program
    .command('worker')
    .description('run scheduled syncs of the configured repositories (PostgreSQL job queue)')
    .option('--every <cron>', 'schedule, a cron expression in UTC (default every 15 minutes)')
    .option('--concurrency <n>', 'syncs at once in this process (default 1)')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/worker-command.js').then((m) => m.runWorker(cmd.optsWithGlobals(), io)));
    });

  const jobs = program.command('jobs').description('the sync job queue of panorama worker');
  jobs
    .command('list')
    .description('list sync jobs (default: failed ones)')
    .addOption(new Option('--state <state>', 'which jobs').choices(['failed', 'active', 'queued', 'completed', 'all']).default('failed'))
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/worker-command.js').then((m) => m.runJobsList(cmd.optsWithGlobals(), io)));
    });
  jobs
    .command('retry')
    .description('queue a failed job again')
    .argument('<id>', 'the id jobs list shows')
    .action((id: string, _opts: unknown, cmd: Command) => {
      run(import('./commands/worker-command.js').then((m) => m.runJobsRetry(id, cmd.optsWithGlobals(), io)));
    });
  jobs
    .command('sync')
    .description('queue a sync of every configured repository now')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/worker-command.js').then((m) => m.runJobsSync(cmd.optsWithGlobals(), io)));
    });

  const debt = program.command('debt').description('the technical-debt register: interest (hours lost per month) and principal (hours to fix)');
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  debt
    .command('add')
    .description('add an item to the register of --org')
    .requiredOption('--service <name>', 'the service that carries the debt')
    .requiredOption('--title <text>', 'what the shortcut is (the id is debt:<slug of the title> unless --id)')
    .requiredOption('--interest-hours <hours>', 'engineering hours lost per month while it stays')
    .requiredOption('--principal-hours <hours>', 'engineering hours to remove it')
    .option('--incident <id>', 'an incident it caused (its id, e.g. pagerduty:incident:P1A); repeatable', collect)
    .option('--pr <id>', 'a pull request linked to it (its id); repeatable', collect)
    .option('--url <url>', 'where it is described')
    .option('--id <id>', 'the item id (default debt:<slug of the title>)')
    .addHelpText('after', `
Examples:
  $ panorama debt add --service api --title "Flaky checkout tests" --interest-hours 12 --principal-hours 40
  $ panorama debt add --service api --title "No retries on payments" --interest-hours 6.5 \
      --principal-hours 16 --incident pagerduty:incident:P1A --pr github:pull_request:acme/api:812

Linked incidents and pull requests must exist in the database (import or sync them first).`)
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/debt-command.js').then((m) => m.runDebtAdd(cmd.optsWithGlobals(), io)));
    });
  debt
    .command('list')
    .description('list the register of --org with the open items\' monthly interest')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .option('--service <name>', 'only this service')
    .option('--open', 'only items not resolved yet')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/debt-command.js').then((m) => m.runDebtList(cmd.optsWithGlobals(), io)));
    });
  debt
    .command('resolve')
    .description('mark an item paid off (its interest stops counting)')
    .argument('<id>', 'the id debt list shows')
    .action((id: string, _opts: unknown, cmd: Command) => {
      run(import('./commands/debt-command.js').then((m) => m.runDebtResolve(id, cmd.optsWithGlobals(), io)));
    });

  const config = program.command('config').description('work with panorama.config.yaml');
  config
    .command('check')
    .description('validate the config file and list every problem')
    .action((_opts: unknown, cmd: Command) => {
      run(import('./commands/config-command.js').then((m) => m.runConfigCheck(cmd.optsWithGlobals(), io)));
    });
  return program;
}

/** Prints an error as `panorama: CODE: message` (the cause chain under --verbose). */
export function reportError(error: unknown, io: CliIo, verbose: boolean): number {
  const c = colors(io, 'stderr');
  if (error instanceof AppError) {
    writeLine(io.stderr, `${c.red('panorama:')} ${c.bold(error.code)}: ${error.message}`);
  } else {
    writeLine(io.stderr, `${c.red('panorama: INTERNAL:')} ${(error as Error)?.message ?? String(error)} (a bug: please report it with --verbose output)`);
  }
  if (verbose) {
    let cause: unknown = error;
    while (cause) {
      if (cause instanceof Error) writeLine(io.stderr, c.dim(cause.stack ?? cause.message));
      else writeLine(io.stderr, c.dim(String(cause)));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return exitCodeFor(error);
}

/** Runs the CLI with `argv` (as process.argv: node, script, ...args) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = buildProgram(io, (p) => (pending = p));
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync([...argv]);
    if (!pending) {
      program.outputHelp();
      return EXIT.ok;
    }
    return await pending;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print and exit 0; usage mistakes were printed by commander already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, io, verbose);
  }
}
