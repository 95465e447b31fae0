/**
 * The Markdown view, for docs, tickets and pull requests: the same headline rows as the text
 * view, as tables.
 */
import type { Report } from '../metrics/index.js';
import { scopeLabel, windowDays } from './format-text.js';
import { flowLine, quickCheckLine, summaryRows } from './summary-rows.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

export function formatMarkdown(report: Report, previous: Report | null): string {
  const out: string[] = [];
  out.push(`# Delivery report: ${report.org}, ${scopeLabel(report)}`);
  out.push('');
  out.push(`Window \`${report.window.start}\` to \`${report.window.end}\` (${windowDays(report)} days, weeks in ${report.timezone}).`);
  out.push('');
  out.push(previous ? '| Metric | Value | Level | vs previous window | Detail |' : '| Metric | Value | Level | Detail |');
  out.push(previous ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |');
  for (const row of summaryRows(report, previous)) {
    const cells = [row.label, `**${row.value}**`, row.level ?? '', ...(previous ? [row.delta] : []), row.detail];
    out.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  out.push('');
  out.push(`**Flow:** ${flowLine(report)}`);
  out.push('');
  out.push(`**DORA Quick Check:** ${quickCheckLine(report)}`);
  out.push('');
  out.push(`_Levels: ${report.benchmarks.levels.source}._`);
  if (report.warnings.length) {
    out.push('');
    out.push('## Data quality');
    out.push('');
    for (const w of report.warnings) {
      out.push(`- ${cell(w.message)}${w.examples.length ? ` (e.g. ${w.examples.map((e) => `\`${e}\``).join(', ')})` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
