/**
 * The answer of GET /api/v1/orgs/{org}/business (`panorama.business-page/v1`), as the dashboard
 * reads it. The business figures are the engine's contract, re-exported type-only (nothing of
 * metrics/ reaches the bundle); the board page's and view's shapes are restated here because
 * web/ may not import reporting/ (the server builds them in src/reporting/board).
 */
import type { BusinessReport } from '../../metrics/business/index.js';

export type { BusinessReport, IncidentBusiness, Money, ServiceSlo } from '../../metrics/business/index.js';

/** One DORA headline row of the board page: value, benchmark level and change, as text. */
export interface BoardKpi {
  label: string;
  value: string;
  detail: string;
  level: string | null;
  delta: string;
  tone: 'better' | 'worse' | 'same' | 'none';
}

/** What a narrative claim rests on. */
export interface ClaimEvidence {
  metric: string;
  previous: number | null;
  current: number | null;
  unit: 'seconds' | 'ratio' | 'per_week' | 'money' | 'hours_per_month' | 'burn_rate';
  record_ids: string[];
  record_count: number;
  detail?: Record<string, number | string | null>;
}

export type BoardTone = 'good' | 'bad' | 'neutral';

/** One sentence of the narrative, the rule that made it and its evidence. */
export interface NarrativeClaim {
  rule: string;
  text: string;
  tone: BoardTone;
  evidence: ClaimEvidence;
}

/** The board page (`panorama.board/v1`). */
export interface BoardPage {
  schema: 'panorama.board/v1';
  org: { id: string; name: string };
  window: { start: string; end: string; days: number };
  timezone: string;
  period: { current: string; previous: string };
  kpis: BoardKpi[];
  business: BusinessReport;
  narrative: NarrativeClaim[];
  warnings: number;
}

export interface BoardTable {
  columns: string[];
  rows: string[][];
  numeric: number[];
}

/** The page laid out as the board report prints it: the same strings. */
export interface BoardView {
  anchor: string;
  title: string;
  subtitle: string;
  tiles: Array<{ label: string; value: string; sub: string; tone: BoardTone }>;
  claims: Array<{ text: string; tone: BoardTone; evidence: string }>;
  sections: Array<{ heading: string; lines: string[]; table: BoardTable | null; notes: string[] }>;
  evidence: Array<{ anchor: string; title: string; lines: string[] }>;
}

/** GET /api/v1/orgs/{org}/business. */
export interface BusinessAnswer {
  schema: 'panorama.business-page/v1';
  /** Which business parameters the server's config gives the organisation. */
  configured: { revenue: boolean; engineering_cost: boolean; slo: boolean };
  page: BoardPage;
  view: BoardView;
}
