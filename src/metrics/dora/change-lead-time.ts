/**
 * Change lead time (METRICS.md section 3).
 *
 * Definition: for each change (a commit with fewer than two parents, not in the baseline), the
 * `finishedAt` of its first production deployment (see attribution.ts: git ancestry, not time
 * order) minus the change's `committedAt`, in whole seconds. Headline: the median over the
 * changes of the window; also the mean, p75, p90 and the median from `authoredAt`. A negative
 * duration (clock skew) is kept and flagged, never clamped.
 *
 * Window semantics: a change belongs to the window of its first production deployment's
 * `finishedAt`. Left out and listed: `not_deployed` (committed before the window end, never
 * deployed to production), `deployed_after_window` (committed before the window end, first
 * deployed at or after it), `unknown_start` (first shipped, in the window, by the first observed
 * deployment of a repository without baseline). Changes first deployed before the window are
 * only counted (`deployed_before_window`), never listed: there are too many.
 *
 * Scope: the changes of a service are the commits, with empty `services` or `services` naming
 * it, of the repositories it deploys to production; the organisation view pools every service's
 * changes (a monorepo commit shipped by two services counts once for each).
 *
 * Example: change c committed 10:00, its first production deployment finishes 12:30 the same
 * day: 9,000 s. Changes of 9,000 s, 3,600 s and 90,000 s give median 9,000, mean 34,200,
 * p75 49,500, p90 73,800 (band 1h-1d, level elite).
 */
import type { CommitNode, Deployment, Instant } from '../../domain/index.js';
import { durationSec, formatInstant } from '../../domain/index.js';
import { durationBand, leadTimeLevel } from '../benchmarks.js';
import type { Window } from '../calendar.js';
import type {
  ChangeEvidence,
  ChangeLeadTimeReport,
  ExcludedChange,
  ExclusionReason,
} from '../report-types.js';
import { medianOfSorted, sortedNumbers, summarizeDurations } from '../stats.js';
import type { WarningCollector } from '../warnings.js';
import { compareStrings } from '../warnings.js';
import type { ServiceAttribution } from './attribution.js';
import { OWNER_BASELINE, OWNER_NONE } from './attribution.js';
import { commitNodeAt, isChangeFor } from './commit-graph.js';

/** A change counted in the window, before formatting. */
interface CountedChange {
  commit: CommitNode;
  service: string;
  deployment: Deployment;
  seconds: number;
  secondsAuthored: number;
}

/** The lead-time report and what other metrics reuse from the same pass. */
export interface ChangeLeadTimeResult {
  report: Omit<ChangeLeadTimeReport, 'per_week'>;
  /** Every counted change: when it was first deployed and its lead time (the weekly series). */
  counted: Array<{ deployedAt: Instant; seconds: number }>;
  /** `finishedAt` of the first deployment of every counted change (throughput per week). */
  countedDeployedAt: Instant[];
  /** Changes each production deployment shipped first, by deployment id (all times). */
  newChangesByDeployment: Map<string, number>;
}

function compareCounted(a: CountedChange, b: CountedChange): number {
  return (
    a.deployment.finishedAt - b.deployment.finishedAt ||
    compareStrings(a.deployment.id, b.deployment.id) ||
    a.commit.committedAt - b.commit.committedAt ||
    compareStrings(a.commit.repository, b.commit.repository) ||
    compareStrings(a.commit.sha, b.commit.sha) ||
    compareStrings(a.service, b.service)
  );
}

function compareExcluded(a: ExcludedChange, b: ExcludedChange): number {
  return (
    compareStrings(a.committed_at, b.committed_at) ||
    compareStrings(a.repository, b.repository) ||
    compareStrings(a.sha, b.sha) ||
    compareStrings(a.service, b.service)
  );
}

function excludedChange(
  commit: CommitNode,
  service: string,
  reason: ExcludedChange['reason'],
  deployment: Deployment | null,
): ExcludedChange {
  return {
    sha: commit.sha,
    repository: commit.repository,
    service,
    reason,
    committed_at: formatInstant(commit.committedAt),
    deployment_id: deployment?.id ?? null,
    deployed_at: deployment === null ? null : formatInstant(deployment.finishedAt),
  };
}

/** Computes the change lead time of the window from the services' attributions. */
export function changeLeadTime(
  attributions: readonly ServiceAttribution[],
  window: Window,
  includeEvidence: boolean,
  warnings: WarningCollector,
): ChangeLeadTimeResult {
  const counted: CountedChange[] = [];
  const excluded: ExcludedChange[] = [];
  const counts: Record<ExclusionReason, number> = {
    not_deployed: 0,
    deployed_after_window: 0,
    unknown_start: 0,
    deployed_before_window: 0,
  };
  const newChangesByDeployment = new Map<string, number>();
  const unknownStartDeployments = new Set<string>();

  for (const attribution of attributions) {
    const { service, deployments } = attribution;
    for (const repo of attribution.repositories.values()) {
      const { graph } = repo;
      for (let i = 0; i < graph.size; i++) {
        const owner = repo.owner[i] as number;
        if (owner === OWNER_BASELINE || !isChangeFor(graph, i, service)) continue;
        if (owner === OWNER_NONE) {
          if ((graph.committedAt[i] as number) < window.end) {
            counts.not_deployed++;
            excluded.push(excludedChange(commitNodeAt(graph, i), service, 'not_deployed', null));
          }
          continue;
        }
        const deployment = deployments[owner - 1] as Deployment;
        newChangesByDeployment.set(
          deployment.id,
          (newChangesByDeployment.get(deployment.id) ?? 0) + 1,
        );
        if (deployment.finishedAt < window.start) {
          counts.deployed_before_window++;
          continue;
        }
        if (deployment.finishedAt >= window.end) {
          if ((graph.committedAt[i] as number) < window.end) {
            counts.deployed_after_window++;
            excluded.push(excludedChange(commitNodeAt(graph, i), service, 'deployed_after_window', deployment));
          }
          continue;
        }
        // Built only for the window's changes: a graph has a million commits.
        const commit = commitNodeAt(graph, i);
        if (owner - 1 === repo.unknownStartDeployment) {
          counts.unknown_start++;
          unknownStartDeployments.add(deployment.id);
          excluded.push(excludedChange(commit, service, 'unknown_start', deployment));
        } else {
          counted.push({
            commit,
            service,
            deployment,
            seconds: durationSec(commit.committedAt, deployment.finishedAt),
            secondsAuthored: durationSec(commit.authoredAt, deployment.finishedAt),
          });
        }
      }
    }
  }

  counted.sort(compareCounted);
  excluded.sort(compareExcluded);
  const summary = summarizeDurations(counted.map((c) => c.seconds));
  const authoredMedian = medianOfSorted(sortedNumbers(counted.map((c) => c.secondsAuthored)));
  reportLeadTimeWarnings(counted, counts.unknown_start, unknownStartDeployments, warnings);

  const report: Omit<ChangeLeadTimeReport, 'per_week'> = {
    changes: summary.count,
    median_seconds: summary.median,
    mean_seconds: summary.mean,
    p75_seconds: summary.p75,
    p90_seconds: summary.p90,
    median_seconds_authored: authoredMedian,
    band: durationBand(summary.median),
    level: leadTimeLevel(summary.median),
    reason: summary.count > 0 ? null : 'no-changes',
    excluded,
    excluded_counts: counts,
  };
  if (includeEvidence) report.per_change = counted.map(toEvidence);
  return {
    report,
    countedDeployedAt: counted.map((c) => c.deployment.finishedAt),
    counted: counted.map((c) => ({ deployedAt: c.deployment.finishedAt, seconds: c.seconds })),
    newChangesByDeployment,
  };
}

function toEvidence(c: CountedChange): ChangeEvidence {
  return {
    sha: c.commit.sha,
    repository: c.commit.repository,
    service: c.service,
    deployment_id: c.deployment.id,
    committed_at: formatInstant(c.commit.committedAt),
    authored_at: formatInstant(c.commit.authoredAt),
    deployed_at: formatInstant(c.deployment.finishedAt),
    seconds: c.seconds,
    seconds_authored: c.secondsAuthored,
  };
}

function reportLeadTimeWarnings(
  counted: readonly CountedChange[],
  unknownStart: number,
  unknownStartDeployments: ReadonlySet<string>,
  warnings: WarningCollector,
): void {
  const negative = counted.filter((c) => c.seconds < 0);
  warnings.add(
    'negative_lead_time',
    'Changes deployed before their commit time (clock skew between git and the deployment tool); kept as negative lead times, not clamped.',
    negative.map((c) => `${c.commit.repository}@${c.commit.sha}`),
  );
  warnings.add(
    'unknown_start',
    "Changes first shipped by a service's first observed production deployment of a repository without baseline_production_sha have an unknown start and are excluded from lead time; set the repository's baseline to count them.",
    unknownStartDeployments,
    unknownStart,
  );
}
