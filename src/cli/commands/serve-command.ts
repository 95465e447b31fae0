/**
 * `panorama serve`: the team server on Fastify. Prints where it listens and a login URL with a
 * fresh single-use token for a local admin (as Jupyter does), then serves until SIGINT or
 * SIGTERM, when requests in flight finish before the store closes.
 */
import { DEFAULT_GITHUB_WEBHOOK_SETTINGS } from '../../server/webhooks/github-webhook.js';
import type { FastifyInstance } from 'fastify';
import { createLoginLink, LOGIN_TTL_MS } from '../../server/auth/login.js';
import { buildApp } from '../../server/app.js';
import { createLogger } from '../../server/logging.js';
import { DEFAULT_HOST, DEFAULT_PORT, resolveServerOptions } from '../../server/options.js';
import { loadSecretKey } from '../../server/secret-key.js';
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../storage/index.js';
import { EXIT } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { openFromFlags } from '../open-store.js';
import { untilSignal } from '../signals.js';

/** The flags of `serve`, as commander gives them (numbers as text). */
export interface ServeFlags extends GlobalOptions {
  host?: string;
  port?: string;
  bodyLimit?: string;
  rateLimit?: string;
  logLevel?: string;
  /** False with --no-login: print no login link. */
  login?: boolean;
}

/** A server that listens, and how to stop it. */
export interface RunningServer {
  url: string;
  loginUrl: string | null;
  app: FastifyInstance;
  store: Store;
  /** Stops accepting, lets requests in flight finish, then closes the store. */
  stop(): Promise<void>;
}

function integerFlag(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AppError(
      'CLI_USAGE',
      `${flag} ${value}: expected a whole number from ${min} to ${max}.`,
    );
  return n;
}

/** Opens the store, builds the app and listens; the caller stops it. */
export async function startServer(flags: ServeFlags, io: CliIo): Promise<RunningServer> {
  const host = flags.host ?? DEFAULT_HOST;
  const port = integerFlag(flags.port, '--port', 0, 65_535, DEFAULT_PORT);
  const bodyLimitMb = integerFlag(flags.bodyLimit, '--body-limit', 1, 1024, 25);
  const rateLimit = integerFlag(flags.rateLimit, '--rate-limit', 1, 10_000_000, 1200);
  const { config, store } = await openFromFlags(flags, io);
  try {
    const { key } = loadSecretKey({ env: io.env, db: config.db, cwd: io.cwd });
    const logger = createLogger({ level: flags.logLevel ?? 'info', destination: io.stdout });
    const options = resolveServerOptions({
      secretKey: key,
      logger,
      timezone: config.timezone,
      bodyLimitBytes: bodyLimitMb * 1024 * 1024,
      rateLimitPerMinute: rateLimit,
      now: io.now,
      business: config.file.business ?? null,
      businessOrg: config.org.id,
      // GitHub webhooks map as `panorama sync` does: the same workflows, labels and environments.
      github: {
        deploymentWorkflows: config.file.sources.github?.deployment_workflows ?? [],
        incidentLabels: config.file.sources.github?.incident_labels ?? DEFAULT_GITHUB_WEBHOOK_SETTINGS.incidentLabels,
        productionEnvironments: config.file.environments.production,
      },
      warmReportsEveryMs: 30_000,
    });
    const app = await buildApp(store, options);
    writeLine(io.stderr, "computing the dashboard's reports before listening…");
    // Before listening: the dashboard's first reports are ready, and no request waits behind them
    // (seconds for an organisation with a million commits: say so, it is not a hang).
    const warming = Date.now();
    await app.warmReports();
    const tookMs = Date.now() - warming;
    if (tookMs >= 1000) writeLine(io.stderr, `computed the dashboard's reports in ${(tookMs / 1000).toFixed(1)} s`);
    try {
      await app.listen({ host, port });
    } catch (error) {
      await app.close();
      throw new AppError(
        'SERVER_LISTEN_FAILED',
        `cannot listen on ${host}:${port} (${(error as NodeJS.ErrnoException).code ?? String(error)}): pick another --port or stop the process using it.`,
        { cause: error },
      );
    }
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    const loginUrl = flags.login === false ? null : await createLoginLink(store, url, io.now());
    return {
      url,
      loginUrl,
      app,
      store,
      async stop() {
        try {
          await app.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Runs `panorama serve` until a signal. */
export async function runServe(flags: ServeFlags, io: CliIo): Promise<number> {
  const server = await startServer(flags, io);
  const c = colors(io, 'stderr');
  writeLine(
    io.stderr,
    `${c.green('panorama')} serving ${server.store.location} at ${c.bold(server.url)} (API: ${server.url}/api/v1, OpenAPI: ${server.url}/api/v1/openapi.json)`,
  );
  if (server.loginUrl !== null) {
    writeLine(
      io.stderr,
      `open this link to sign in as the local admin (single use, valid ${LOGIN_TTL_MS / 60_000} minutes):`,
    );
    writeLine(io.stderr, `    ${server.loginUrl}`);
  }
  const signal = await untilSignal();
  writeLine(io.stderr, `${signal}: finishing the requests in flight, then stopping`);
  await server.stop();
  return EXIT.ok;
}
