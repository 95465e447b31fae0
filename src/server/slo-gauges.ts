/**
 * SLO gauges for /metrics, so a team is told while an error budget burns, from Grafana or
 * Alertmanager, not only when someone opens a report: for every service with an SLO in the
 * server's `business` config, its availability and error budget left over the SLO window
 * ending now, and the multi-window burn rates of the Google SRE workbook with whether each
 * alert fires (src/metrics/business/burn-rate-alerts.ts; page at 14.4x over 1 h and 5 min, or
 * 6x over 6 h and 30 min; ticket at 1x over 3 days and 6 h).
 *
 * Example alert rule: `panorama_slo_alert_firing{severity="page"} == 1`.
 */
import { Gauge, type Registry } from 'prom-client';
import type { BusinessConfig } from '../config/business-schema.js';
import {
  evaluateBurnRateAlerts,
  roundHalfAwayFromZero,
  serviceAvailability,
  sloFor,
  type ServiceAlerts,
  type ServiceAvailability,
} from '../metrics/index.js';
import { resolveBusinessParams } from '../reporting/board/index.js';
import type { Store } from './server-store.js';

const DAY_MS = 86_400_000;
/** The longest burn-rate window (3 days). */
const LONGEST_ALERT_WINDOW_MS = 3 * DAY_MS;

interface SloSample {
  org: string;
  service: string;
  availability: ServiceAvailability;
  alerts: ServiceAlerts;
}

/** The SLO status of every service with an SLO, in every organisation, at `now`. */
export async function collectSloStatus(
  store: Store,
  business: BusinessConfig,
  now: number,
  homeOrg?: string,
): Promise<SloSample[]> {
  const out: SloSample[] = [];
  for (const org of await store.listOrganizations()) {
    const params = resolveBusinessParams(business, org.id, homeOrg);
    const [summaries, incidents] = await Promise.all([
      store.listServices(org.id),
      store.listIncidents({ org: org.id }),
    ]);
    const services = [
      ...new Set([...summaries.map((s) => s.name), ...Object.keys(params.services)]),
    ].sort();
    for (const service of services) {
      const slo = sloFor(params, service);
      if (slo === null) continue;
      const windowMs = slo.windowDays * DAY_MS;
      // A sample counts for (start, end]: read up to and including now.
      const samples = await store.listUptimeSamples({
        org: org.id,
        service,
        range: { from: now - Math.max(windowMs, LONGEST_ALERT_WINDOW_MS), to: now + 1 },
      });
      out.push({
        org: org.id,
        service,
        availability: serviceAvailability(
          service,
          incidents,
          samples,
          { start: now - windowMs, end: now },
          slo.target,
        ),
        alerts: evaluateBurnRateAlerts(service, slo.target, incidents, samples, now),
      });
    }
  }
  return out;
}

/** Registers the SLO gauges; `status` is read once per scrape and shared by all of them. */
export function registerSloGauges(registry: Registry, status: () => Promise<SloSample[]>): void {
  const registers = [registry];
  const perService = (name: string, help: string, read: (s: SloSample) => number | null): void => {
    new Gauge({
      name,
      help,
      labelNames: ['org', 'service'],
      registers,
      async collect() {
        this.reset();
        for (const s of await status()) {
          const value = read(s);
          if (value !== null) this.set({ org: s.org, service: s.service }, value);
        }
      },
    });
  };
  perService('panorama_slo_target_ratio', 'SLO target (0.999 for 99.9%)', (s) =>
    roundHalfAwayFromZero(s.alerts.slo_target / 100, 10),
  );
  perService(
    'panorama_slo_availability_ratio',
    'Availability over the SLO window ending now',
    (s) => s.availability.availability,
  );
  perService(
    'panorama_slo_error_budget_remaining_ratio',
    'Share of the error budget left over the SLO window ending now (negative when overspent)',
    (s) => s.availability.budget_remaining,
  );
  new Gauge({
    name: 'panorama_slo_burn_rate',
    help: 'Error budget burn rate over the window ending now (1 = spending exactly the budget)',
    labelNames: ['org', 'service', 'window'],
    registers,
    async collect() {
      this.reset();
      for (const s of await status()) {
        // Each rule has a long and a short window; windows shared by two rules are one series.
        const rates = new Map<string, number>();
        for (const a of s.alerts.alerts) {
          const [long, short] = a.rule.split('/') as [string, string];
          if (a.long_burn_rate !== null) rates.set(long, a.long_burn_rate);
          if (a.short_burn_rate !== null) rates.set(short, a.short_burn_rate);
        }
        for (const [window, rate] of rates)
          this.set({ org: s.org, service: s.service, window }, rate);
      }
    },
  });
  new Gauge({
    name: 'panorama_slo_alert_firing',
    help: 'Whether a multi-window burn-rate alert of the SRE workbook fires (1) or not (0)',
    labelNames: ['org', 'service', 'rule', 'severity'],
    registers,
    async collect() {
      this.reset();
      for (const s of await status()) {
        for (const a of s.alerts.alerts) {
          this.set(
            { org: s.org, service: s.service, rule: a.rule, severity: a.severity },
            a.firing ? 1 : 0,
          );
        }
      }
    },
  });
}
