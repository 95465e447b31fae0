/**
 * The metrics engine's public surface: `computeReport` and the report's JSON shape. Pure: no
 * I/O, no clock. Every number follows docs/metrics.md and METRICS.md.
 */
export { computeReport } from './report.js';
export { CommitGraphs } from './dora/commit-graph.js';
export type { ReportInput, ReportOptions } from './report.js';
export type * from './report-types.js';
export type { DurationBand, FrequencyBand, Level } from './benchmarks.js';
export { BENCHMARK_SOURCES } from './benchmarks.js';
export type {
  QuickCheck,
  QuickCheckAnswer,
  QuickCheckGroup,
  QuickCheckPercentage,
} from './quick-check.js';
export type {
  FlowMetrics,
  FlowStepStats,
  PullRequestFlow,
  PullRequestSizeStats,
  ThroughputWeek,
} from './flow/flow-metrics.js';
export type { ReportWarning } from './warnings.js';
export { median, percentile, roundHalfAwayFromZero } from './stats.js';
export * from './business/index.js';
