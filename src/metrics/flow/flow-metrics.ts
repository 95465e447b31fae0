/**
 * Flow metrics (METRICS.md section 4): diagnostics of where a change waits, not DORA values.
 *
 * Definition, per merged pull request, in whole seconds:
 * - coding = `createdAt` - earliest `authoredAt` of its commits found in the data;
 * - pickup = `firstReviewAt` (first review by someone other than the author) - `createdAt`;
 * - review = `mergedAt` - `firstReviewAt`;
 * - deploy = `finishedAt` of the first production deployment containing `mergeCommitSha`
 *   (git ancestry, for the pull request's service) - `mergedAt`;
 * - cycle = that deployment's `finishedAt` - earliest commit `authoredAt`.
 * A pull request whose opening the source did not see (inferred from git history alone,
 * `extra.created_at_source` set) has no coding step: null, not a constructed 0.
 * A missing step is `null`, never 0, and is left out of its statistics: no review, no known
 * commit, not deployed yet, or deployed by a first observed deployment of unknown start.
 * PR size = additions + deletions (null when either is unknown). Each step and the size are
 * reported as median (may end in .5), p75 and p90 (whole seconds, or whole lines, half away
 * from zero). Throughput = merged pull requests and changes (those counted in the lead time)
 * per local ISO week, zero-filled like the deployment frequency. The breakdown over time gives,
 * per local ISO week (zero-filled), the median of each step over the pull requests merged that
 * week where the step is known (null for a week without one): medians, like the headline, so a
 * single slow pull request does not hide a typical week.
 *
 * Window semantics: a pull request belongs to the window of its `mergedAt`; its service must be
 * one of the report's services.
 *
 * Example: first commit authored Mon 09:00, PR created Mon 11:00, first review Mon 15:00, merged
 * Tue 10:00, deployed Tue 12:00: coding 7,200, pickup 14,400, review 68,400, deploy 7,200,
 * cycle 97,200 s.
 */
import type { Deployment, Instant, PullRequestFacts } from '../../domain/index.js';
import { durationSec, formatInstant } from '../../domain/index.js';
import type { Calendar } from '../calendar.js';
import { countPerWeek, inWindow, weekIndexOf } from '../calendar.js';
import type { ServiceAttribution } from '../dora/attribution.js';
import { commitFate } from '../dora/attribution.js';
import type { CommitGraph, CommitGraphs } from '../dora/commit-graph.js';
import {
  median,
  medianOfSorted,
  percentileOfSorted,
  roundSeconds,
  sortedNumbers,
} from '../stats.js';
import type { WarningCollector } from '../warnings.js';
import { compareStrings } from '../warnings.js';

/** Median, p75 and p90 of one flow step over the pull requests where it is known. */
export interface FlowStepStats {
  count: number;
  median_seconds: number | null;
  p75_seconds: number | null;
  p90_seconds: number | null;
}

/** PR size statistics in changed lines (additions + deletions). */
export interface PullRequestSizeStats {
  count: number;
  median_lines: number | null;
  p75_lines: number | null;
  p90_lines: number | null;
}

/** Merged pull requests and deployed changes of one local ISO week. */
export interface ThroughputWeek {
  week_start: string;
  merged_pull_requests: number;
  changes: number;
  partial: boolean;
}

/** Median step times of the pull requests merged in one local ISO week. */
export interface FlowStepsWeek {
  week_start: string;
  /** Pull requests merged in the week (each step's median is over those where it is known). */
  pull_requests: number;
  coding_median_seconds: number | null;
  pickup_median_seconds: number | null;
  review_median_seconds: number | null;
  deploy_median_seconds: number | null;
  partial: boolean;
}

/** One merged pull request's flow, as evidence. */
export interface PullRequestFlow {
  pull_request_id: string;
  service: string;
  repository: string;
  merged_at: string;
  coding_seconds: number | null;
  pickup_seconds: number | null;
  review_seconds: number | null;
  deploy_seconds: number | null;
  cycle_seconds: number | null;
  deployment_id: string | null;
  size_lines: number | null;
}

/** Flow metrics of the window. */
export interface FlowMetrics {
  pull_requests: number;
  reason: string | null;
  coding: FlowStepStats;
  pickup: FlowStepStats;
  review: FlowStepStats;
  deploy: FlowStepStats;
  cycle: FlowStepStats;
  pr_size: PullRequestSizeStats;
  throughput: {
    per_week: ThroughputWeek[];
    median_merged_pull_requests_per_week: number | null;
    median_changes_per_week: number | null;
  };
  /** The coding, pickup, review and deploy medians per local ISO week, zero-filled. */
  steps_per_week: FlowStepsWeek[];
  /** Evidence, sorted by (merged_at, id); dropped without evidence. */
  per_pull_request?: PullRequestFlow[];
}

/** What the flow metrics read besides the pull requests. */
export interface FlowInputs {
  calendar: Calendar;
  graphs: CommitGraphs;
  attributions: ReadonlyMap<string, ServiceAttribution>;
  /** First production deployment time of every change counted in the lead time. */
  changeDeployedAt: readonly Instant[];
  includeEvidence: boolean;
  warnings: WarningCollector;
}

function stats(values: readonly number[]): {
  count: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
} {
  const sorted = sortedNumbers(values);
  return {
    count: sorted.length,
    median: medianOfSorted(sorted),
    p75: roundSeconds(percentileOfSorted(sorted, 0.75)),
    p90: roundSeconds(percentileOfSorted(sorted, 0.9)),
  };
}

function stepStats(
  rows: readonly PullRequestFlow[],
  pick: (r: PullRequestFlow) => number | null,
): FlowStepStats {
  const s = stats(
    rows.flatMap((r) => {
      const v = pick(r);
      return v === null ? [] : [v];
    }),
  );
  return { count: s.count, median_seconds: s.median, p75_seconds: s.p75, p90_seconds: s.p90 };
}

function earliestAuthoredAt(pr: PullRequestFacts, graph: CommitGraph): Instant | null {
  let earliest: Instant | null = null;
  for (const sha of pr.commitShas) {
    const i = graph.index.get(sha);
    if (i === undefined) continue;
    const t = graph.authoredAt[i] as number;
    if (earliest === null || t < earliest) earliest = t;
  }
  return earliest;
}

function firstDeployment(
  pr: PullRequestFacts,
  attributions: ReadonlyMap<string, ServiceAttribution>,
): Deployment | null {
  const attribution = attributions.get(pr.service);
  if (attribution === undefined || pr.mergeCommitSha === null) return null;
  const fate = commitFate(attribution, pr.repository, pr.mergeCommitSha);
  return fate?.kind === 'deployed' && !fate.unknownStart ? fate.deployment : null;
}

/**
 * Whether the source saw the pull request being opened. A PR inferred from git history alone
 * has `extra.created_at_source` set (its creation time is its earliest commit's): its coding
 * step would be zero by construction, so it is unknown (null) rather than a false 0.
 */
export function isCreationObserved(pr: PullRequestFacts): boolean {
  return pr.extra === null || pr.extra['created_at_source'] === undefined;
}

function flowOf(pr: PullRequestFacts, inputs: FlowInputs): PullRequestFlow {
  const mergedAt = pr.mergedAt as number;
  const firstAuthored = earliestAuthoredAt(pr, inputs.graphs.get(pr.repository));
  const deployment = firstDeployment(pr, inputs.attributions);
  return {
    pull_request_id: pr.id,
    service: pr.service,
    repository: pr.repository,
    merged_at: formatInstant(mergedAt),
    coding_seconds:
      firstAuthored === null || !isCreationObserved(pr)
        ? null
        : durationSec(firstAuthored, pr.createdAt),
    pickup_seconds: pr.firstReviewAt === null ? null : durationSec(pr.createdAt, pr.firstReviewAt),
    review_seconds: pr.firstReviewAt === null ? null : durationSec(pr.firstReviewAt, mergedAt),
    deploy_seconds: deployment === null ? null : durationSec(mergedAt, deployment.finishedAt),
    cycle_seconds:
      deployment === null || firstAuthored === null
        ? null
        : durationSec(firstAuthored, deployment.finishedAt),
    deployment_id: deployment?.id ?? null,
    size_lines: pr.additions === null || pr.deletions === null ? null : pr.additions + pr.deletions,
  };
}

function knownMedian(values: readonly (number | null)[]): number | null {
  return median(values.filter((v): v is number => v !== null));
}

/** Per local week, the medians of each step over the pull requests merged that week. */
function stepsPerWeek(
  calendar: Calendar,
  rows: readonly PullRequestFlow[],
  mergedAt: readonly Instant[],
): FlowStepsWeek[] {
  const byWeek = calendar.weeks.map((): PullRequestFlow[] => []);
  rows.forEach((row, i) => byWeek[weekIndexOf(calendar, mergedAt[i] as number)]?.push(row));
  return calendar.weeks.map((w, i) => {
    const week = byWeek[i] as PullRequestFlow[];
    return {
      week_start: w.weekStart,
      pull_requests: week.length,
      coding_median_seconds: knownMedian(week.map((r) => r.coding_seconds)),
      pickup_median_seconds: knownMedian(week.map((r) => r.pickup_seconds)),
      review_median_seconds: knownMedian(week.map((r) => r.review_seconds)),
      deploy_median_seconds: knownMedian(week.map((r) => r.deploy_seconds)),
      partial: w.partial,
    };
  });
}

/** Flow metrics over `pullRequests`, the scope's pull requests (merged in the window or not). */
export function flowMetrics(pullRequests: readonly PullRequestFacts[], inputs: FlowInputs): FlowMetrics {
  const { calendar } = inputs;
  const merged = pullRequests
    .filter((pr) => pr.mergedAt !== null && inWindow(calendar.window, pr.mergedAt))
    .sort((a, b) => (a.mergedAt as number) - (b.mergedAt as number) || compareStrings(a.id, b.id));
  const rows = merged.map((pr) => flowOf(pr, inputs));
  const steps = ['coding', 'pickup', 'review', 'deploy', 'cycle'] as const;
  inputs.warnings.add(
    'negative_flow_duration',
    'Pull requests with a flow step below zero (clock skew between git, the code host and the deployment tool); kept, not clamped.',
    rows
      .filter((r) => steps.some((s) => (r[`${s}_seconds`] ?? 0) < 0))
      .map((r) => r.pull_request_id),
  );
  const size = stats(rows.flatMap((r) => (r.size_lines === null ? [] : [r.size_lines])));
  const prWeeks = countPerWeek(
    calendar,
    merged.map((pr) => pr.mergedAt as number),
  );
  const changeWeeks = countPerWeek(calendar, inputs.changeDeployedAt);
  const result: FlowMetrics = {
    pull_requests: rows.length,
    reason: rows.length > 0 ? null : 'no-pull-requests',
    coding: stepStats(rows, (r) => r.coding_seconds),
    pickup: stepStats(rows, (r) => r.pickup_seconds),
    review: stepStats(rows, (r) => r.review_seconds),
    deploy: stepStats(rows, (r) => r.deploy_seconds),
    cycle: stepStats(rows, (r) => r.cycle_seconds),
    pr_size: {
      count: size.count,
      median_lines: size.median,
      p75_lines: size.p75,
      p90_lines: size.p90,
    },
    throughput: {
      per_week: calendar.weeks.map((w, i) => ({
        week_start: w.weekStart,
        merged_pull_requests: prWeeks[i] as number,
        changes: changeWeeks[i] as number,
        partial: w.partial,
      })),
      median_merged_pull_requests_per_week: rows.length > 0 ? median(prWeeks) : null,
      median_changes_per_week: inputs.changeDeployedAt.length > 0 ? median(changeWeeks) : null,
    },
    steps_per_week: stepsPerWeek(
      calendar,
      rows,
      merged.map((pr) => pr.mergedAt as number),
    ),
  };
  if (inputs.includeEvidence) result.per_pull_request = rows;
  return result;
}
