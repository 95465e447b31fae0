/**
 * Builds the Fastify instance of `panorama serve` from a Store and frozen options. Nothing
 * here listens: tests call `app.inject`, `serve` calls `app.listen`.
 *
 * Every route must declare `config.access` (see auth/principal.ts): the onRoute hook refuses
 * one that does not, and records every route in `app.routeCatalogue`, from which the isolation
 * tests enumerate the routes rather than listing them by hand.
 */
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { AppError } from '../shared/errors.js';
import { hashToken } from './auth/api-tokens.js';
import { installAuthHook, presentedToken } from './auth/auth-hook.js';
import type { RouteAccess } from './auth/principal.js';
import { installErrorHandlers } from './http-errors.js';
import { metricsRoutes, ServerMetrics } from './metrics-endpoint.js';
import type { ServerOptions } from './options.js';
import { ReportCache } from './report-cache.js';
import { ReportWarmer } from './report-warmer.js';
import { healthRoutes } from './routes/health-routes.js';
import { homeRoutes } from './routes/home-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { orgRoutes } from './routes/org-routes.js';
import { debtRoutes } from './routes/debt-routes.js';
import { recordRoutes } from './routes/record-routes.js';
import { hasWebBuild, webRoutes } from './routes/web-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { businessRoutes } from './routes/business-routes.js';
import type { RouteDeps } from './routes/route-deps.js';
import type { Store } from './server-store.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';

/** One registered route, as the router knows it. */
export interface RouteInfo {
  method: string;
  url: string;
  access: RouteAccess;
  role: 'viewer' | 'admin';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered (HEAD twins excluded), with its declared access. */
    routeCatalogue: RouteInfo[];
    /** The server's metrics (counters webhooks increment, the /metrics registry). */
    serverMetrics: ServerMetrics;
    /** The report cache (its hit and miss counts are in /metrics). */
    reportCache: ReportCache;
    /** Computes the dashboard's opening reports now (a no-op unless warming is on). */
    warmReports: () => Promise<void>;
  }
}

const ACCESS: readonly RouteAccess[] = ['public', 'webhook', 'token', 'org', 'all-orgs'];

function checkRoute(route: RouteOptions): RouteInfo {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const access = route.config?.access;
  if (access === undefined || !ACCESS.includes(access)) {
    throw new Error(
      `route ${methods.join(',')} ${route.url} declares no config.access: every route must say who may call it (see server/auth/principal.ts)`,
    );
  }
  if (access === 'org' && !route.url.includes(':org')) {
    throw new Error(`route ${route.url} has access "org" but no :org parameter`);
  }
  return {
    method: methods.join(','),
    url: route.url,
    access,
    role: route.config?.role ?? 'viewer',
  };
}

/** The rate limiter's key: the token's hash when one is presented, else the client address. */
function rateLimitKey(request: Parameters<typeof presentedToken>[0]): string {
  const token = presentedToken(request);
  return token === null ? `ip:${request.ip}` : `token:${hashToken(token)}`;
}

/** Builds the app. Call `app.close()` when done; it does not close the store. */
export async function buildApp(
  store: Store,
  options: Readonly<ServerOptions>,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // In-flight requests finish on close; new ones get 503 meanwhile.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const reports = new ReportCache(store, options.now, options.reportCacheEntries);
  const metrics = new ServerMetrics(store, reports, options.now, options.business, options.businessOrg);
  if (options.warmReportsEveryMs > 0) {
    const warmer = new ReportWarmer(store, reports, {
      now: options.now,
      timezone: options.timezone,
      intervalMs: options.warmReportsEveryMs,
      logger: options.logger,
    });
    // Only a listening server warms again (never app.inject in tests); a pass in flight ends first on close.
    app.addHook('onListen', async () => warmer.start());
    app.addHook('preClose', async () => warmer.stop());
    app.decorate('warmReports', () => warmer.run());
  } else {
    app.decorate('warmReports', () => Promise.resolve());
  }
  const catalogue: RouteInfo[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.decorate('serverMetrics', metrics);
  app.decorate('reportCache', reports);
  app.addHook('onRoute', (route) => {
    const info = checkRoute(route);
    if (info.method !== 'HEAD') catalogue.push(info);
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // While closing, answers end their connection: keep-alive sockets would otherwise hold the
  // close open until the client drops them.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  installErrorHandlers(app, (code) => metrics.errors.inc({ code }));
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'API_RATE_LIMITED',
        `rate limit of ${context.max} requests per minute reached; retry in ${context.after}.`,
        {
          details: { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        },
      ),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Panorama API',
        version: '1',
        description:
          'Engineering metrics for CTOs: records, DORA report, webhooks. See docs/api.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installAuthHook(app, store, options.now);

  const deps: RouteDeps = { store, options, reports, metrics };
  // The dashboard takes / once built (npm run build); until then a small page says where things are.
  if (hasWebBuild()) await webRoutes(app);
  else homeRoutes(app);
  healthRoutes(app, deps, () => closing);
  loginRoutes(app, deps);
  orgRoutes(app, deps);
  recordRoutes(app, deps);
  debtRoutes(app, deps);
  reportRoutes(app, deps);
  businessRoutes(app, deps);
  metricsRoutes(app, metrics);
  await app.register(async (scope) => webhookRoutes(scope, deps));
  app.get('/api/v1/openapi.json', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
  return app;
}
