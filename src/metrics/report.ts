/**
 * computeReport: every metric of METRICS.md for one window, one scope, as the plain JSON object
 * `panorama report --format json` prints (schema `panorama.report/v1`, see report-types.ts).
 *
 * Scope: one service, or the organisation (service `null`): every service named by a
 * deployment, an incident or a pull request, each attributed on its own and then pooled
 * (`services` lists them, `scope` says `organization`). Pure and deterministic: no clock (`now`
 * is passed in), no I/O, and the order of the input records changes nothing.
 *
 * Window semantics are each metric's own (see dora/ and flow/); all share the half-open window
 * `[start, end)` and the calendar of the reporting time zone.
 */
import type {
  CommitNode,
  Deployment,
  Incident,
  Instant,
  PullRequestFacts,
  Repository,
} from '../domain/index.js';
import { formatInstant, isProductionDeployment } from '../domain/index.js';
import { BENCHMARK_SOURCES } from './benchmarks.js';
import { buildCalendar, inWindow } from './calendar.js';
import type { ServiceAttribution } from './dora/attribution.js';
import { attributeService, compareDeployments } from './dora/attribution.js';
import { changeFailureRate, findFailedDeployments } from './dora/change-failure-rate.js';
import { changeLeadTime } from './dora/change-lead-time.js';
import { CommitGraphs } from './dora/commit-graph.js';
import { linkNamedCommits } from './dora/incident-causes.js';
import { failureRatePerWeek, leadTimePerWeek, recoveryPerWeek, reworkRatePerWeek } from './dora/weekly-series.js';
import { deploymentFrequency } from './dora/deployment-frequency.js';
import { recoveryTime } from './dora/recovery-time.js';
import { deploymentReworkRate } from './dora/rework-rate.js';
import { timeToRestore } from './dora/time-to-restore.js';
import { flowMetrics } from './flow/flow-metrics.js';
import type { RecordLinks } from './links.js';
import { buildRecordLinks, compareIncidents } from './links.js';
import { quickCheck } from './quick-check.js';
import type { Report } from './report-types.js';
import { WarningCollector, compareStrings } from './warnings.js';

/** The records of one organisation that a report reads. */
export interface ReportInput {
  org: string;
  repositories: Repository[];
  /**
   * Every commit of the organisation's repositories: the whole graph ancestry needs. Order
   * does not matter; a `Commit` is a CommitNode. Ignored when `commitGraphs` is given.
   */
  commits: readonly CommitNode[];
  /**
   * The same commits as graphs, built as a store visits them (`CommitGraphs.add`), which never
   * holds a million commit objects at once: what reports on stored data use.
   */
  commitGraphs?: CommitGraphs;
  /**
   * The pull requests: all of the scope's, or only those merged within the windows reported
   * on (flow metrics count no other), with `pullRequestServices` then naming the services of
   * all of them.
   */
  pullRequests: PullRequestFacts[];
  /** The services (not '') every pull request of the organisation names, when `pullRequests` holds only some. */
  pullRequestServices?: readonly string[];
  /**
   * When `pullRequests` holds only those merged within this span: a report for a window outside
   * it would miss pull requests, so `computeReport` refuses it.
   */
  pullRequestsMergedWithin?: { start: Instant; end: Instant };
  /** Every deployment, of every environment and status: the engine filters. */
  deployments: Deployment[];
  incidents: Incident[];
}

/** What to report on. */
export interface ReportOptions {
  /** Half-open `[start, end)`, epoch milliseconds. */
  window: { start: Instant; end: Instant };
  /** IANA time zone for day and week buckets, e.g. `UTC`, `Europe/Paris`. */
  timezone: string;
  /** One service, or `null` for every service of the organisation, aggregated. */
  service: string | null;
  /** The report's clock: only `generated_at` reads it. */
  now: Instant;
  /** Default true; false drops the long per-record lists and keeps the counts. */
  includeEvidence?: boolean;
}

/** Keeps one record per id, the smallest by `compare`, so duplicates never depend on order. */
function uniqueById<T extends { id: string }>(
  records: readonly T[],
  compare: (a: T, b: T) => number,
): T[] {
  const byId = new Map<string, T>();
  for (const r of records) {
    const existing = byId.get(r.id);
    if (existing === undefined || compare(r, existing) < 0) byId.set(r.id, r);
  }
  return [...byId.values()].sort(compare);
}

/** Baseline sha by repository; conflicting duplicates keep the smallest non-null sha. */
function baselinesOf(repositories: readonly Repository[]): Map<string, string | null> {
  const baselines = new Map<string, string | null>();
  for (const r of repositories) {
    const existing = baselines.get(r.name) ?? null;
    const sha = r.baselineProductionSha;
    if (!baselines.has(r.name) || (sha !== null && (existing === null || sha < existing)))
      baselines.set(r.name, sha);
  }
  return baselines;
}

function servicesOf(
  input: ReportInput,
  deployments: readonly Deployment[],
  incidents: readonly Incident[],
  service: string | null,
): string[] {
  if (service !== null) return [service];
  const names = new Set<string>();
  for (const d of deployments) names.add(d.service);
  for (const i of incidents) names.add(i.service);
  // A pull request with service '' names no service: it belongs to those deploying its repository.
  if (input.pullRequestServices) for (const name of input.pullRequestServices) names.add(name);
  else for (const pr of input.pullRequests) if (pr.service !== '') names.add(pr.service);
  return [...names].sort(compareStrings);
}

function attributeAll(
  services: readonly string[],
  deployments: readonly Deployment[],
  graphs: CommitGraphs,
  repositories: readonly Repository[],
): ServiceAttribution[] {
  const baselines = baselinesOf(repositories);
  const byService = new Map<string, Deployment[]>(services.map((s) => [s, []]));
  for (const d of deployments) byService.get(d.service)?.push(d);
  return services.map((s) => attributeService(s, byService.get(s) ?? [], graphs, baselines));
}

/** Ids of the production deployments whose commit is not in the commit data. */
function deploymentsWithMissingCommit(attributions: readonly ServiceAttribution[]): Set<string> {
  const ids = new Set<string>();
  for (const a of attributions)
    a.deployments.forEach((d, k) => a.commitMissing[k] === true && ids.add(d.id));
  return ids;
}

function warnAboutAttribution(
  attributions: readonly ServiceAttribution[],
  productionInWindow: readonly Deployment[],
  newChanges: ReadonlyMap<string, number>,
  warnings: WarningCollector,
): void {
  const missingBaselines = new Set<string>();
  for (const a of attributions) {
    for (const [name, repo] of a.repositories)
      if (repo.baseline === 'not_found') missingBaselines.add(name);
  }
  warnings.add(
    'baseline_not_found',
    "A repository's baseline_production_sha is not in the commit data (shallow history?); the repository is treated as having no baseline.",
    missingBaselines,
  );
  const missingCommit = deploymentsWithMissingCommit(attributions);
  warnings.add(
    'deployment_commit_not_found',
    'Production deployments of the window whose commit is not in the commit data ship no known change; ingest the full history of their repository.',
    productionInWindow.filter((d) => missingCommit.has(d.id)).map((d) => d.id),
  );
  warnings.add(
    'deployment_without_new_change',
    'Production deployments of the window (rollbacks aside) shipped no change that was not already in production: a re-run, or a redeploy of the same commit?',
    productionInWindow
      .filter((d) => d.kind !== 'rollback' && !missingCommit.has(d.id) && !newChanges.has(d.id))
      .map((d) => d.id),
  );
}

function warnAboutLinks(
  inWindow_: readonly Deployment[],
  windowIncidents: readonly Incident[],
  links: RecordLinks,
  warnings: WarningCollector,
): void {
  warnings.add(
    'incident_without_cause',
    'Incidents of the window name no deployment that caused them; they count in the legacy restore time only. Link them (caused_by_deployment_id) to count them as change failures.',
    windowIncidents.filter((i) => i.causedByDeploymentId === null).map((i) => i.id),
  );
  const linked = windowIncidents.filter((i) => i.causedByDeploymentId !== null);
  warnings.add(
    'incident_unknown_deployment',
    'Incidents name a caused_by_deployment_id that matches no known deployment; check the id or import that deployment.',
    linked
      .filter((i) => !links.deploymentsById.has(i.causedByDeploymentId as string))
      .map((i) => i.id),
  );
  warnings.add(
    'incident_cause_not_production',
    'Incidents blame a failed, cancelled or non-production run, which is never a failed deployment; check the link.',
    linked
      .filter((i) => {
        const d = links.deploymentsById.get(i.causedByDeploymentId as string);
        return d !== undefined && !isProductionDeployment(d);
      })
      .map((i) => i.id),
  );
  warnings.add(
    'remediates_unknown_deployment',
    'Production deployments name a remediates_deployment_id that matches no known deployment; check the id or import that deployment.',
    inWindow_
      .filter(
        (d) =>
          d.remediatesDeploymentId !== null && !links.deploymentsById.has(d.remediatesDeploymentId),
      )
      .map((d) => d.id),
  );
}

/**
 * Computes the whole report. Throws an AppError `REPORT_BAD_WINDOW` for an empty or invalid
 * window and `REPORT_BAD_TIMEZONE` for an unknown time zone; never throws on empty data (every
 * metric is then `null` with its reason). Throws a plain Error, a programming error, for a
 * window outside `input.pullRequestsMergedWithin`.
 */
export function computeReport(input: ReportInput, options: ReportOptions): Report {
  const calendar = buildCalendar(options.window, options.timezone);
  const { window } = calendar;
  const loaded = input.pullRequestsMergedWithin;
  if (loaded && (window.start < loaded.start || window.end > loaded.end)) {
    throw new Error(
      `the report's window [${formatInstant(window.start)}, ${formatInstant(window.end)}) is not within the span its pull requests were read for [${formatInstant(loaded.start)}, ${formatInstant(loaded.end)}): pass the window to loadReportInput`,
    );
  }
  const includeEvidence = options.includeEvidence ?? true;
  const warnings = new WarningCollector();
  const deployments = uniqueById(input.deployments, compareDeployments);
  const namedIncidents = uniqueById(input.incidents, compareIncidents);
  const services = servicesOf(input, deployments, namedIncidents, options.service);
  const scope = new Set(services);

  const graphs = input.commitGraphs ?? CommitGraphs.of(input.commits);
  const attributions = attributeAll(services, deployments, graphs, input.repositories);
  // An incident naming a commit, not a deployment: linked to the deployment that shipped it.
  const incidents = linkNamedCommits(namedIncidents, new Map(attributions.map((a) => [a.service, a])));
  const production = attributions.flatMap((a) => a.deployments).sort(compareDeployments);
  const productionInWindow = production.filter((d) => inWindow(window, d.finishedAt));
  const links = buildRecordLinks(deployments, incidents);

  const frequency = deploymentFrequency(productionInWindow, calendar, includeEvidence);
  const lead = changeLeadTime(attributions, window, includeEvidence, warnings);
  warnAboutAttribution(attributions, productionInWindow, lead.newChangesByDeployment, warnings);
  const failed = findFailedDeployments(productionInWindow, links);
  const scopeIncidents = incidents.filter((i) => scope.has(i.service));
  const windowIncidents = scopeIncidents.filter(
    (i) =>
      inWindow(window, i.startedAt) || (i.resolvedAt !== null && inWindow(window, i.resolvedAt)),
  );
  warnAboutLinks(productionInWindow, windowIncidents, links, warnings);

  const rework = deploymentReworkRate(productionInWindow);
  const recovery = recoveryTime(failed, warnings);
  const finishedAt = new Map(productionInWindow.map((d) => [d.id, d.finishedAt]));
  const dora = {
    deployment_frequency: frequency,
    change_lead_time: { ...lead.report, per_week: leadTimePerWeek(calendar, lead.counted) },
    change_failure_rate: {
      ...changeFailureRate(productionInWindow, failed),
      per_week: failureRatePerWeek(calendar, productionInWindow, new Set(failed.map((f) => f.deployment.id))),
    },
    deployment_rework_rate: {
      ...rework,
      per_week: reworkRatePerWeek(calendar, productionInWindow, new Set(rework.rework_deployments.map((r) => r.deployment_id))),
    },
    failed_deployment_recovery_time: {
      ...recovery,
      per_week: recoveryPerWeek(
        calendar,
        recovery.per_failed_deployment.map((r) => ({ finishedAt: finishedAt.get(r.deployment_id) as number, seconds: r.seconds })),
      ),
    },
    time_to_restore_service: timeToRestore(scopeIncidents, window, includeEvidence, warnings),
  };
  const scopeRepositories = new Set(
    deployments.filter((d) => scope.has(d.service)).map((d) => d.repository),
  );
  const flow = flowMetrics(
    input.pullRequests.filter(
      (pr) => scope.has(pr.service) || (pr.service === '' && scopeRepositories.has(pr.repository)),
    ),
    {
      calendar,
      graphs,
      attributions: new Map(attributions.map((a) => [a.service, a])),
      changeDeployedAt: lead.countedDeployedAt,
      includeEvidence,
      warnings,
    },
  );
  return {
    schema: 'panorama.report/v1',
    org: input.org,
    window: { start: formatInstant(window.start), end: formatInstant(window.end) },
    timezone: options.timezone,
    service: options.service,
    services,
    scope: options.service === null ? 'organization' : 'service',
    generated_at: formatInstant(options.now),
    dora,
    flow,
    quick_check: quickCheck(
      dora.change_lead_time,
      dora.deployment_frequency,
      dora.failed_deployment_recovery_time,
      dora.change_failure_rate,
      dora.deployment_rework_rate,
      calendar.windowDays,
    ),
    benchmarks: BENCHMARK_SOURCES,
    warnings: warnings.list(),
  };
}
