/**
 * Data-quality warnings shown beside the numbers: nothing here changes a metric, it tells the
 * reader what in the data looks wrong or unknown. Each warning has a stable snake_case code,
 * one sentence, a count and up to five examples (record ids or `repository@sha`), sorted so the
 * output never depends on input order.
 *
 * Codes:
 * - `negative_lead_time`, `negative_recovery_time`, `negative_restore_time`,
 *   `negative_flow_duration`: a duration below zero (clock skew); kept, never clamped.
 * - `unknown_start`: changes first shipped by a service's first observed production deployment
 *   of a repository without a baseline, inside the window; excluded from lead time.
 * - `incident_without_cause`: incidents of the window with no `caused_by_deployment_id`.
 * - `incident_unknown_deployment`: `caused_by_deployment_id` names no known deployment.
 * - `incident_cause_not_production`: it names a failed, cancelled or non-production run.
 * - `remediates_unknown_deployment`: `remediates_deployment_id` names no known deployment.
 * - `deployment_without_new_change`: a production deployment of the window (not a rollback)
 *   that shipped no commit not already in production.
 * - `deployment_commit_not_found`: a production deployment whose commit is not in the data.
 * - `baseline_not_found`: a repository's baseline commit is not in the data (treated as none).
 */

/** One warning of the report. */
export interface ReportWarning {
  code: string;
  message: string;
  count: number;
  /** Up to five record ids or `repository@sha`, sorted. */
  examples: string[];
}

/** How many examples a warning keeps. */
export const MAX_WARNING_EXAMPLES = 5;

/** Collects warnings by code; `list()` returns them sorted by code. */
export class WarningCollector {
  private readonly byCode = new Map<
    string,
    { message: string; count: number; examples: string[] }
  >();

  /**
   * Records occurrences of `code`: `count` of them, or one per example when `count` is left
   * out. Only the smallest examples are kept, so memory stays bounded on huge inputs.
   */
  add(code: string, message: string, examples: Iterable<string>, count?: number): void {
    let entry = this.byCode.get(code);
    if (entry === undefined) {
      entry = { message, count: 0, examples: [] };
      this.byCode.set(code, entry);
    }
    let added = 0;
    for (const example of examples) {
      keepSmallest(entry.examples, example);
      added++;
    }
    entry.count += count ?? added;
  }

  /** The warnings with a non-zero count, sorted by code, each with its first examples. */
  list(): ReportWarning[] {
    return [...this.byCode.entries()]
      .filter(([, e]) => e.count > 0)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([code, e]) => ({
        code,
        message: e.message,
        count: e.count,
        examples: [...e.examples],
      }));
  }
}

/** Inserts `value` into the sorted, duplicate-free `kept`, keeping the smallest few. */
function keepSmallest(kept: string[], value: string): void {
  const last = kept[kept.length - 1];
  if (kept.length >= MAX_WARNING_EXAMPLES && last !== undefined && value >= last) return;
  if (kept.includes(value)) return;
  kept.push(value);
  kept.sort(compareStrings);
  if (kept.length > MAX_WARNING_EXAMPLES) kept.pop();
}

/** Code-unit string order, independent of locale (the only order used for ties). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
