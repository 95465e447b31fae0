/**
 * The terminal view: a CTO reads it in ten seconds. Each DORA metric with its value, level
 * (coloured on a TTY), the change against the previous window of equal length, then flow, the
 * Quick Check and the top data-quality warnings.
 */
import type pc from 'picocolors';
import type { Report } from '../metrics/index.js';
import { flowLine, quickCheckLine, summaryRows, type SummaryRow } from './summary-rows.js';

type Colors = ReturnType<typeof pc.createColors>;

function levelColor(c: Colors, level: string | null): (s: string) => string {
  switch (level) {
    case 'elite':
      return c.green;
    case 'high':
      return c.cyan;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.red;
    default:
      return c.dim;
  }
}

function toneColor(c: Colors, row: SummaryRow): (s: string) => string {
  return row.tone === 'better' ? c.green : row.tone === 'worse' ? c.red : c.dim;
}

/** `2026-08-22T00:00:00Z` → `2026-08-22 00:00 UTC`. */
function shortInstant(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

export function scopeLabel(report: Report): string {
  return report.service ?? `all services (${report.services.join(', ') || 'none'})`;
}

export function windowDays(report: Report): number {
  return report.dora.deployment_frequency.window_days;
}

/** Renders the report for a terminal; `c` decides whether there is colour. */
export function formatText(report: Report, previous: Report | null, c: Colors, maxWarnings = 5): string {
  const out: string[] = [];
  out.push(`${c.bold('Panorama')} · ${report.org} · ${scopeLabel(report)}`);
  out.push(
    c.dim(`${shortInstant(report.window.start)} → ${shortInstant(report.window.end)} (${windowDays(report)} days, weeks in ${report.timezone})` +
      (previous ? ' · change vs the previous window of equal length' : '')),
  );
  out.push('');
  const rows = summaryRows(report, previous);
  const w = { label: 28, value: 14, level: 8 };
  out.push(c.bold(`${'DORA'.padEnd(w.label)}${'value'.padEnd(w.value)}${'level'.padEnd(w.level)}${previous ? 'vs previous' : ''}`));
  for (const row of rows) {
    const level = row.level ?? '';
    out.push(
      `${row.label.padEnd(w.label)}${c.bold(row.value.padEnd(w.value))}${levelColor(c, row.level)(level.padEnd(w.level))}` +
        (previous ? toneColor(c, row)(row.delta) : ''),
    );
    if (row.detail) out.push(c.dim(`${''.padEnd(2)}${row.detail}`));
  }
  out.push('');
  out.push(`${c.bold('Flow')}         ${flowLine(report)}`);
  out.push(`${c.bold('Quick Check')}  ${quickCheckLine(report)}`);
  out.push(c.dim(`Levels: ${report.benchmarks.levels.source}.`));
  if (report.warnings.length) {
    out.push('');
    out.push(c.bold(c.yellow(`Data quality (${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'})`)));
    const top = [...report.warnings].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)).slice(0, maxWarnings);
    for (const warning of top) {
      const examples = warning.examples.length ? c.dim(` e.g. ${warning.examples.slice(0, 3).join(', ')}`) : '';
      out.push(`  ${c.yellow('!')} ${warning.message}${examples}`);
    }
    if (report.warnings.length > top.length) out.push(c.dim(`  ... ${report.warnings.length - top.length} more in --format json`));
  }
  out.push('');
  out.push(c.dim('Evidence behind every number: --format json (docs/metrics.md explains each metric).'));
  return `${out.join('\n')}\n`;
}
