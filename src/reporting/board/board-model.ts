/**
 * The board report's model: one page per organisation with the headline DORA KPIs (level and
 * change against the previous window, from the report engine), the business figures
 * (incident cost, availability against each SLO, unplanned work, debt interest) and the
 * narrative. Plain JSON (`panorama.board/v1`): the Markdown and HTML views render it, and an
 * HTTP route can return it as it is.
 */
import type { BusinessReport, Report } from '../../metrics/index.js';
import { summaryRows, type SummaryRow } from '../summary-rows.js';
import { periodName } from './board-format.js';
import { buildNarrative, type NarrativeClaim } from './narrative.js';

export interface BoardPage {
  schema: 'panorama.board/v1';
  org: { id: string; name: string };
  window: { start: string; end: string; days: number };
  timezone: string;
  /** `this quarter` / `the previous quarter` (or month, or N days), as the text says it. */
  period: { current: string; previous: string };
  /** The DORA headline rows (value, level, change vs previous), as the text report shows them. */
  kpis: SummaryRow[];
  business: BusinessReport;
  narrative: NarrativeClaim[];
  /** Data-quality warnings of the DORA report (count; `panorama report` lists them). */
  warnings: number;
}

export function buildBoardPage(input: { org: { id: string; name: string }; report: Report; previous: Report; business: BusinessReport }): BoardPage {
  const { report, previous, business } = input;
  return {
    schema: 'panorama.board/v1',
    org: input.org,
    window: business.window,
    timezone: report.timezone,
    period: periodName(business.window.days),
    kpis: summaryRows(report, previous),
    business,
    narrative: buildNarrative(report, previous, business),
    warnings: report.warnings.length,
  };
}
