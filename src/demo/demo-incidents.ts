/**
 * The demo's incidents, in the import format of METRICS.md section 7. Four are linked to the
 * deployment that caused them (`caused_by_deployment_id`, the git connector's deployment ids),
 * one is not linked to any deployment, and one is still open.
 */
import { formatInstant } from '../domain/time.js';
import type { DemoHistory, Release } from './demo-history.js';
import type { DemoScenario } from './demo-plan.js';
import { utc } from './demo-plan.js';

/** The id the git connector gives the deployment of a release tag of the demo repository. */
export const demoDeploymentId = (repository: string, release: Release): string => `git:deployment:${repository}:${release.tag}`;

const iso = (epochSeconds: number): string => formatInstant(epochSeconds * 1000);
const minutes = (release: Release, m: number): string => iso(release.at + m * 60);

/** The import document (`{incidents: [...]}`) for the demo repository named `repository`. */
export function demoIncidents(repository: string, history: DemoHistory, scenario: DemoScenario): Record<string, unknown> {
  const linked = (release: Release): string => demoDeploymentId(repository, release);
  const lastWebBeforeOpen = history.lastRelease('web', utc(2026, 11, 19, 14, 5)) as Release;
  return {
    incidents: [
      {
        id: 'demo-inc-1', service: scenario.faultyWorkerRelease.service, title: 'Stock alerts sent twice', severity: 'SEV3',
        started_at: minutes(scenario.faultyWorkerRelease, 50), detected_at: minutes(scenario.faultyWorkerRelease, 70),
        acknowledged_at: minutes(scenario.faultyWorkerRelease, 80), resolved_at: minutes(scenario.faultyWorkerRelease, 26 * 60),
        caused_by_deployment_id: linked(scenario.faultyWorkerRelease),
      },
      {
        id: 'demo-inc-2', service: 'worker', title: 'Invoice emails delayed: mail provider outage', severity: 'SEV3',
        started_at: iso(utc(2026, 7, 2, 6, 10)), detected_at: iso(utc(2026, 7, 2, 6, 25)),
        acknowledged_at: iso(utc(2026, 7, 2, 6, 40)), resolved_at: iso(utc(2026, 7, 2, 7, 45)),
      },
      {
        id: 'demo-inc-3', service: 'api', title: 'Orders API returns stale totals', severity: 'SEV2',
        started_at: minutes(scenario.revertedRelease, 70), detected_at: minutes(scenario.revertedRelease, 95),
        acknowledged_at: minutes(scenario.revertedRelease, 110), resolved_at: minutes(scenario.revertRelease, 25),
        caused_by_deployment_id: linked(scenario.revertedRelease),
      },
      {
        id: 'demo-inc-4', service: 'api', title: 'Card payments time out', severity: 'SEV1',
        started_at: minutes(scenario.hotfixedRelease, 80), detected_at: minutes(scenario.hotfixedRelease, 84),
        acknowledged_at: minutes(scenario.hotfixedRelease, 90), resolved_at: minutes(scenario.hotfixRelease, 25),
        caused_by_deployment_id: linked(scenario.hotfixedRelease),
      },
      {
        id: 'demo-inc-5', service: 'web', title: 'Checkout page blank on Safari', severity: 'SEV2',
        started_at: minutes(scenario.rolledBackRelease, 40), detected_at: minutes(scenario.rolledBackRelease, 48),
        acknowledged_at: minutes(scenario.rolledBackRelease, 55), resolved_at: minutes(scenario.rollbackRelease, 15),
        caused_by_deployment_id: linked(scenario.rolledBackRelease),
      },
      {
        id: 'demo-inc-6', service: 'web', title: 'Search latency above SLO', severity: 'SEV3',
        started_at: iso(utc(2026, 11, 19, 14, 5)), detected_at: iso(utc(2026, 11, 19, 14, 20)), acknowledged_at: iso(utc(2026, 11, 19, 14, 35)),
        resolved_at: null, caused_by_deployment_id: linked(lastWebBeforeOpen),
      },
    ],
  };
}
