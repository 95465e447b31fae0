/**
 * Computes the report of a window (and of the previous window, for the human views) and prints
 * it in the chosen format. Shared by `report` and `analyze`.
 */
import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/load-config.js';
import { computeReport, type Report } from '../metrics/index.js';
import { formatMarkdown } from '../reporting/format-markdown.js';
import { formatText } from '../reporting/format-text.js';
import { loadReportInput } from '../reporting/load-report-input.js';
import { previousWindow, resolveWindow } from '../reporting/window.js';
import type { Store } from '../storage/store.js';
import { colors, writeLine, type CliIo } from './io.js';

export interface ReportFlags {
  service?: string;
  since?: string;
  until?: string;
  timezone?: string;
  format?: 'text' | 'json' | 'md' | 'board';
  verbose?: boolean;
}

/** Prints the report; returns it for callers that want to look at it. */
export async function printReport(store: Store, config: ResolvedConfig, flags: ReportFlags, io: CliIo): Promise<Report> {
  const timezone = flags.timezone ?? config.timezone;
  const now = io.now();
  const window = resolveWindow({ since: flags.since, until: flags.until, timezone, now });
  const service = flags.service ?? null;
  const t0 = performance.now();
  const format = flags.format ?? 'text';
  // Text and Markdown compare with the previous window; JSON reports the window alone.
  const before = format === 'json' ? null : previousWindow(window);
  const input = await loadReportInput(store, config.org.id, service, { windows: before ? [window, before] : [window] });
  const t1 = performance.now();
  // Only JSON prints the per-record evidence lists: the text and Markdown views skip building them.
  const report = computeReport(input, { window, timezone, service, now, includeEvidence: format === 'json' });
  const previous = before === null ? null : computeReport(input, { window: before, timezone, service, now, includeEvidence: false });
  const t2 = performance.now();
  let text: string;
  if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
  else if (format === 'md') text = formatMarkdown(report, previous);
  else text = formatText(report, previous, colors(io));
  io.stdout.write(text);
  const t3 = performance.now();
  if (flags.verbose) {
    const records = (input.commitGraphs?.commitCount ?? input.commits.length) + input.deployments.length + input.incidents.length + input.pullRequests.length;
    writeLine(io.stderr, `timings: load ${Math.round(t1 - t0)} ms (${records} records), compute ${Math.round(t2 - t1)} ms, format ${Math.round(t3 - t2)} ms`);
  }
  return report;
}
