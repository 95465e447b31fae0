/**
 * GET /metrics in Prometheus text: the server's own health (requests, latency, errors, webhook
 * ingest counts and lag, report cache, the outcome of every scope's last sync) and, for teams that live in Grafana, the DORA figures
 * of every organisation and service as gauges over the last 90 days. The gauges come from the
 * report cache, so a scrape recomputes a report only after new data (or once an hour, when the
 * window moves). Every organisation is shown, so the route needs an all-organisations token.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Report } from '../metrics/index.js';
import type { ReportCache } from './report-cache.js';
import type { Store, SyncStatus } from './server-store.js';
import type { BusinessConfig } from '../config/business-schema.js';
import { collectSloStatus, registerSloGauges } from './slo-gauges.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The window of the DORA gauges, in days. */
export const GAUGE_WINDOW_DAYS = 90;

/** One DORA gauge: its name, help and how to read it from a report (null: no sample). */
const DORA_GAUGES: ReadonlyArray<{
  name: string;
  help: string;
  read: (r: Report) => number | null;
}> = [
  {
    name: 'panorama_dora_deployments',
    help: 'Production deployments in the last 90 days',
    read: (r) => r.dora.deployment_frequency.count,
  },
  {
    name: 'panorama_dora_deployments_per_day',
    help: 'Mean production deployments per day, last 90 days',
    read: (r) => r.dora.deployment_frequency.mean_deployments_per_day,
  },
  {
    name: 'panorama_dora_lead_time_median_seconds',
    help: 'Median change lead time, last 90 days',
    read: (r) => r.dora.change_lead_time.median_seconds,
  },
  {
    name: 'panorama_dora_change_failure_rate',
    help: 'Change failure rate (0-1), last 90 days',
    read: (r) => r.dora.change_failure_rate.value,
  },
  {
    name: 'panorama_dora_deployment_rework_rate',
    help: 'Deployment rework rate (0-1), last 90 days',
    read: (r) => r.dora.deployment_rework_rate.value,
  },
  {
    name: 'panorama_dora_recovery_time_median_seconds',
    help: 'Median failed deployment recovery time, last 90 days',
    read: (r) => r.dora.failed_deployment_recovery_time.median_seconds,
  },
  {
    name: 'panorama_dora_time_to_restore_median_seconds',
    help: 'Median time to restore service (all incidents), last 90 days',
    read: (r) => r.dora.time_to_restore_service.median_seconds,
  },
];

/** One sample of every DORA gauge for one organisation and service ('' = the whole organisation). */
interface DoraSample {
  org: string;
  service: string;
  report: Report;
}

/** The server's metrics: counters its code increments, and the registry /metrics renders. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly errors: Counter<'code'>;
  readonly webhookDeliveries: Counter<'source' | 'org' | 'outcome'>;
  readonly webhookRecords: Counter<'source' | 'kind'>;
  readonly webhookLag: Histogram<'source'>;
  #snapshot: Promise<DoraSample[]> | null = null;
  #syncs: Promise<SyncStatus[]> | null = null;
  #slo: ReturnType<typeof collectSloStatus> | null = null;

  constructor(
    store: Store,
    reports: ReportCache,
    now: () => number,
    business: BusinessConfig | null = null,
    businessOrg: string | null = null,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'panorama_' });
    this.requests = new Counter({
      name: 'panorama_http_requests_total',
      help: 'HTTP requests answered',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'panorama_http_request_duration_seconds',
      help: 'Time to answer a request',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'panorama_http_errors_total',
      help: 'Error answers by error code',
      labelNames: ['code'],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: 'panorama_webhook_deliveries_total',
      help: 'Webhook deliveries by outcome: accepted, duplicate, rejected (invalid), unauthorized',
      labelNames: ['source', 'org', 'outcome'],
      registers,
    });
    this.webhookRecords = new Counter({
      name: 'panorama_webhook_records_total',
      help: 'Domain records written from webhooks',
      labelNames: ['source', 'kind'],
      registers,
    });
    this.webhookLag = new Histogram({
      name: 'panorama_webhook_ingest_lag_seconds',
      help: 'From the event time the payload states to its storage',
      labelNames: ['source'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 86_400],
      registers,
    });
    const cacheStats = (read: (s: ReportCache['stats']) => number) =>
      function (this: Gauge) {
        this.set(read(reports.stats));
      };
    new Gauge({
      name: 'panorama_report_cache_hits',
      help: 'Reports served from the cache since start',
      registers,
      collect: cacheStats((s) => s.hits),
    });
    new Gauge({
      name: 'panorama_report_cache_misses',
      help: 'Reports computed since start',
      registers,
      collect: cacheStats((s) => s.misses),
    });

    // Sync outcomes are written by whichever process synced (analyze, sync, a worker): read
    // from the store once per scrape, shared by the three gauges.
    const syncs = () => (this.#syncs ??= store.listSyncStatuses());
    const syncGauge = (name: string, help: string, read: (s: SyncStatus) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['org', 'scope', 'source'],
        registers,
        async collect() {
          this.reset();
          for (const s of await syncs()) {
            const value = read(s);
            if (value !== null) this.set({ org: s.org, scope: s.scope, source: s.source }, value);
          }
        },
      });
    syncGauge(
      'panorama_sync_up',
      'Whether the last sync of a scope succeeded (1) or failed (0)',
      (s) => (s.status === 'failed' ? 0 : 1),
    );
    syncGauge(
      'panorama_sync_consecutive_failures',
      'Syncs of a scope that failed in a row (0 after a success)',
      (s) => s.consecutiveFailures,
    );
    syncGauge(
      'panorama_sync_last_success_timestamp_seconds',
      'When the last successful sync of a scope ended (Unix seconds)',
      (s) => (s.lastSuccessAt === null ? null : s.lastSuccessAt / 1000),
    );

    if (business !== null) {
      const config = business;
      registerSloGauges(this.registry, () => (this.#slo ??= collectSloStatus(store, config, now(), businessOrg ?? undefined)));
    }

    // One set of reports per scrape, shared by every gauge; render() drops it when done.
    const snapshot = () => (this.#snapshot ??= collectDora(store, reports, now));
    for (const g of DORA_GAUGES) {
      new Gauge({
        name: g.name,
        help: g.help,
        labelNames: ['org', 'service'],
        registers,
        async collect() {
          this.reset();
          for (const s of await snapshot()) {
            const value = g.read(s.report);
            if (value !== null) this.set({ org: s.org, service: s.service }, value);
          }
        },
      });
    }
  }

  /** The Prometheus text of every metric. */
  async render(): Promise<string> {
    try {
      return await this.registry.metrics();
    } finally {
      this.#snapshot = null;
      this.#syncs = null;
      this.#slo = null;
    }
  }
}

/** Reports of every organisation and each of its services over the gauge window. */
async function collectDora(
  store: Store,
  reports: ReportCache,
  now: () => number,
): Promise<DoraSample[]> {
  // The window ends at the next whole hour: it holds everything up to now and stays cacheable.
  const end = Math.ceil(now() / HOUR_MS) * HOUR_MS;
  const window = { start: end - GAUGE_WINDOW_DAYS * DAY_MS, end };
  const samples: DoraSample[] = [];
  for (const org of await store.listOrganizations()) {
    const services = await store.listServices(org.id);
    if (services.length === 0) continue;
    for (const service of [null, ...services.map((s) => s.name)]) {
      const { report } = await reports.get({
        org: org.id,
        service,
        window,
        timezone: 'UTC',
        includeEvidence: false,
      });
      samples.push({ org: org.id, service: service ?? '', report });
    }
  }
  return samples;
}

/** Counts every answer and its latency, and registers GET /metrics. */
export function metricsRoutes(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', {
    config: { access: 'all-orgs' },
    schema: {
      summary: 'Prometheus metrics: server health and DORA gauges per organisation and service',
      tags: ['health'],
    },
    handler: async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.render()),
  });
}
