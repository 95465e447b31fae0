/**
 * The board page laid out for reading: headline tiles, the narrative with links to its
 * evidence, and titled tables. Plain strings only: the Markdown and HTML renderers share this
 * layout and differ only in syntax, so both always show the same figures.
 */
import type { Money } from '../../metrics/index.js';
import { formatDuration, formatNumber, formatPercent } from '../format-values.js';
import type { BoardPage } from './board-model.js';
import { formatAvailability, formatMoney, formatMoneyOf } from './board-format.js';

export interface BoardTable {
  columns: string[];
  rows: string[][];
  /** Columns to right-align (numbers). */
  numeric: number[];
}

export interface BoardSection {
  heading: string;
  lines: string[];
  table: BoardTable | null;
  notes: string[];
}

export interface BoardTile {
  label: string;
  value: string;
  sub: string;
  tone: 'good' | 'bad' | 'neutral';
}

export interface BoardView {
  anchor: string;
  title: string;
  subtitle: string;
  tiles: BoardTile[];
  claims: Array<{ text: string; tone: 'good' | 'bad' | 'neutral'; evidence: string }>;
  sections: BoardSection[];
  evidence: Array<{ anchor: string; title: string; lines: string[] }>;
}

/** Longest table on a page: a board page must print on one sheet. */
const MAX_ROWS = 8;

function day(iso: string): string {
  return iso.slice(0, 10);
}

function calc(m: Money): string {
  return m.calculation ?? (m.reason ?? '').replaceAll('-', ' ');
}

function signedMoney(delta: number, currency: string): string {
  return `${delta > 0 ? '+' : delta < 0 ? '-' : '±'}${formatMoney(Math.abs(delta), currency)}`;
}

export function boardView(page: BoardPage): BoardView {
  const b = page.business;
  const cur = b.currency;
  const anchor = `org-${page.org.id}`;
  const prevCost = b.incidents_previous.total_cost.value;
  const cost = b.incidents.total_cost.value;
  const slos = b.availability.filter((a) => a.current.slo_target !== null);
  const missed = slos.filter((a) => a.current.slo_met === false);
  const interest = b.debt.interest_per_month.value;
  const prevInterest = b.debt_previous.interest_per_month.value;
  const tiles: BoardTile[] = [
    {
      label: `Incident cost ${page.period.current}`,
      value: formatMoneyOf(b.incidents.total_cost),
      sub: `${b.incidents.incidents} incidents${cost !== null && prevCost !== null ? ` · ${signedMoney(cost - prevCost, cur)} vs ${page.period.previous}` : ''}`,
      tone: cost !== null && prevCost !== null && cost > prevCost ? 'bad' : 'neutral',
    },
    {
      label: 'Services meeting their SLO',
      value: slos.length ? `${slos.length - missed.length} of ${slos.length}` : '—',
      sub: slos.length ? (missed.length ? `missed: ${missed.map((a) => a.service).join(', ')}` : 'all within their error budget') : 'no SLO configured',
      tone: missed.length ? 'bad' : slos.length ? 'good' : 'neutral',
    },
    {
      label: 'Debt interest per month',
      value: b.debt.open_items === 0 && b.debt_previous.open_items === 0 ? 'none' : formatMoneyOf(b.debt.interest_per_month),
      sub: `${b.debt.open_items} open item${b.debt.open_items === 1 ? '' : 's'} in the register${interest !== null && prevInterest !== null ? ` · ${signedMoney(interest - prevInterest, cur)} vs ${page.period.previous}` : ''}`,
      tone: interest !== null && prevInterest !== null && interest > prevInterest ? 'bad' : 'neutral',
    },
    {
      label: 'Unplanned deployments',
      value: formatPercent(b.unplanned.unplanned_share),
      sub: `${b.unplanned.unplanned_deployments} of ${b.unplanned.production_deployments}; previously ${formatPercent(b.unplanned_previous.unplanned_share)}`,
      tone: (b.unplanned.unplanned_share ?? 0) >= 0.2 ? 'bad' : 'neutral',
    },
  ];
  const claims = page.narrative.map((c, i) => ({ text: c.text, tone: c.tone, evidence: `${anchor}-claim-${i + 1}` }));
  const sections: BoardSection[] = [];
  sections.push({
    heading: 'Delivery (DORA)',
    lines: [],
    table: {
      columns: ['KPI', 'Value', 'Level', `vs ${page.period.previous}`, 'Detail'],
      rows: page.kpis.map((k) => [k.label, k.value, k.level ?? '', k.delta, k.detail]),
      numeric: [1, 3],
    },
    notes: page.warnings ? [`${page.warnings} data-quality warning${page.warnings === 1 ? '' : 's'}: see \`panorama report\`.`] : [],
  });
  const inc = b.incidents;
  sections.push({
    heading: `Incidents ${page.period.current}`,
    lines: [
      `Estimated cost ${formatMoneyOf(inc.total_cost)} (${page.period.previous}: ${formatMoneyOf(b.incidents_previous.total_cost)}); ` +
        `${inc.incidents} incidents${inc.open ? ` (${inc.open} still open)` : ''}, ${formatNumber(inc.impact_minutes, 0)} minutes of customer impact, ${formatNumber(inc.responder_hours)} responder hours; ` +
        `MTTA ${formatDuration(inc.mtta_seconds)}, MTTR ${formatDuration(inc.mttr_seconds)}.`,
    ],
    table: inc.per_incident.length
      ? {
          columns: ['Incident', 'Service', 'Severity', 'Impact', 'Responder h', 'Cost', 'Calculation'],
          rows: inc.per_incident.slice(0, MAX_ROWS).map((i) => [
            `${i.incident_id}${i.title ? ` ${i.title}` : ''}${i.open ? ' (open)' : ''}`,
            i.service,
            i.severity ?? '—',
            `${formatNumber(i.impact_minutes, 0)} min`,
            `${formatNumber(i.responder_hours)}${i.responders_estimated ? ' (est.)' : ''}`,
            formatMoneyOf(i.cost),
            calc(i.cost),
          ]),
          numeric: [3, 4, 5],
        }
      : null,
    notes: [
      ...(inc.per_incident.length > MAX_ROWS ? [`The ${MAX_ROWS} costliest of ${inc.per_incident.length} incidents; all are in the JSON rendering (\`--output board.json\`).`] : []),
      `Cost = impact minutes × revenue per minute × share of revenue at risk (by severity) + responder hours × engineering cost per hour. An open incident counts up to the window end. "est.": no responder data, one responder from acknowledgement to resolution assumed.`],
  });
  sections.push({
    heading: 'Availability against the SLO',
    lines: [],
    table: b.availability.length
      ? {
          columns: ['Service', 'SLO', 'Availability', 'Previous', 'Error budget left', 'Burn rate', 'Alert', 'Source'],
          rows: b.availability.map((a) => [
            a.service,
            a.current.slo_target === null ? '—' : `${a.current.slo_target}% / ${formatNumber(a.current.window.days, 0)} d`,
            formatAvailability(a.current.availability),
            formatAvailability(a.previous.availability),
            a.current.budget_remaining === null ? '—' : formatPercent(a.current.budget_remaining),
            a.current.burn_rate === null ? '—' : `${formatNumber(a.current.burn_rate, 2)}x`,
            a.alerts?.firing ? `${a.alerts.firing}: ${a.alerts.alerts.filter((x) => x.firing).map((x) => x.rule).join(', ')}` : a.alerts ? 'none' : '—',
            a.current.source === 'uptime_samples' ? 'uptime samples' : 'incident time',
          ]),
          numeric: [2, 3, 4, 5],
        }
      : null,
    notes: ['Error budget = (1 − target) × window; burn rate = bad share / allowed bad share. Alerts: Google SRE workbook multi-window burn rates (page 14.4x over 1 h and 5 min, 6x over 6 h and 30 min; ticket 1x over 3 days and 6 h).'],
  });
  const u = b.unplanned;
  const kinds = ([['rollback', u.by_kind.rollback], ['revert', u.by_kind.revert], ['hotfix', u.by_kind.hotfix], ['other incident fix', u.by_kind.remediation_only]] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}${n === 1 ? '' : k.endsWith('x') ? 'es' : 's'}`)
    .join(', ');
  sections.push({
    heading: 'Unplanned work',
    lines: [
      u.unplanned_share === null ? `No production deployment ${page.period.current}.` :
      `${formatPercent(u.unplanned_share)} of production deployments were unplanned (${u.unplanned_deployments} of ${u.production_deployments}${kinds ? `: ${kinds}` : ''}); ${page.period.previous}: ${formatPercent(b.unplanned_previous.unplanned_share)}.`,
      `Incident response: ${formatNumber(u.incident_response_hours_per_month)} hours a month, ${formatMoneyOf(u.incident_response_cost_per_month)} a month (${calc(u.incident_response_cost_per_month)}).`,
    ],
    table: null,
    notes: [],
  });
  const d = b.debt;
  sections.push({
    heading: 'Technical debt',
    lines: [
      d.open_items === 0 ? `No open item in the debt register (\`panorama debt add\`); ${page.period.previous}: ${b.debt_previous.open_items}.` :
      `Interest ${formatMoneyOf(d.interest_per_month)} a month (${calc(d.interest_per_month)}); ${page.period.previous}: ${formatMoneyOf(b.debt_previous.interest_per_month)}. ` +
        `Paying it all off (principal): ${formatMoneyOf(d.principal)} (${calc(d.principal)}).`,
    ],
    table: d.items.length
      ? {
          columns: ['Item', 'Service', 'Interest h/month', 'Interest / month', 'Principal h', 'Linked'],
          rows: d.items.slice(0, MAX_ROWS).map((i) => [`${i.title} (${i.id})`, i.service, formatNumber(i.interest_hours_per_month), formatMoneyOf(i.interest_per_month), formatNumber(i.principal_hours), [...i.incident_ids, ...i.pull_request_ids].join(', ') || '—']),
          numeric: [2, 3, 4],
        }
      : null,
    notes: d.items.length > MAX_ROWS ? [`The ${MAX_ROWS} items with the most interest of ${d.items.length}; all are in the JSON rendering (\`--output board.json\`).`] : [],
  });
  const p = b.parameters;
  sections.push({
    heading: 'Parameters',
    lines: [
      `Revenue ${p.revenue_per_hour === null ? 'not configured' : `${formatMoney(p.revenue_per_hour, cur)} per hour${p.revenue_source === 'annual_revenue' && p.annual_revenue !== null ? ` (annual ${formatMoney(p.annual_revenue, cur)} / 8,760 h)` : ''}`}; ` +
        `engineering ${p.engineering_cost_per_hour === null ? 'not configured' : `${formatMoney(p.engineering_cost_per_hour, cur)} per hour`}; ` +
        `revenue at risk by severity: ${Object.entries(p.revenue_at_risk).map(([k, v]) => `${k} ${formatNumber(v * 100)}%`).join(', ')}.`,
      `Window ${day(page.window.start)} to ${day(page.window.end)} (${formatNumber(page.window.days, 0)} days, half-open), compared with ${day(b.previous_window.start)} to ${day(b.previous_window.end)}. Definitions: docs/metrics.md.`,
    ],
    table: null,
    notes: [],
  });
  const evidence = page.narrative.map((c, i) => {
    const e = c.evidence;
    const lines = [
      `rule ${c.rule}: ${e.metric}, previous ${e.previous ?? '—'}, current ${e.current ?? '—'} (${e.unit})`,
      ...(e.detail ? [Object.entries(e.detail).map(([k, v]) => `${k} ${v ?? '—'}`).join(', ')] : []),
      e.record_count ? `records (${e.record_count}): ${e.record_ids.join(', ')}${e.record_count > e.record_ids.length ? ', …' : ''}` : 'records: none',
    ];
    return { anchor: `${anchor}-claim-${i + 1}`, title: `Claim ${i + 1}`, lines };
  });
  return {
    anchor,
    title: `${page.org.name}: board report`,
    subtitle: `${day(page.window.start)} to ${day(page.window.end)} (${formatNumber(page.window.days, 0)} days) · compared with ${page.period.previous} · ${b.currency} · generated ${b.generated_at}`,
    tiles,
    claims,
    sections,
    evidence,
  };
}
