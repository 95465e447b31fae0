/**
 * The deployment timeline: every production deployment run of the window on a time axis, with
 * failed deployments (the change failure rate's), rollbacks, reverts and hotfixes, failed
 * pipeline runs and incidents each drawn distinctly (ECharts scatter, SVG), a legend, tooltips,
 * and the counts as text for screen readers. Which deployment failed comes from the report;
 * times and kinds from the record lists.
 */
import { useRef } from 'react';
import type { DeploymentRecord, IncidentRecord, Report } from '../api-client/types.js';
import { chartColors, useChart } from './echarts.js';
import { formatInstant } from './format.js';

type Category = 'deployment' | 'failed' | 'remediation' | 'pipeline_failure' | 'incident';

const CATEGORIES: readonly { key: Category; label: string; symbol: string; color: string; row: 0 | 1 }[] = [
  { key: 'deployment', label: 'Deployment', symbol: 'circle', color: '#2f7ad3', row: 1 },
  { key: 'remediation', label: 'Rollback, revert or hotfix', symbol: 'diamond', color: '#e09b1a', row: 1 },
  { key: 'failed', label: 'Failed deployment (caused an incident or was undone)', symbol: 'triangle', color: '#d32f2f', row: 1 },
  { key: 'pipeline_failure', label: 'Failed or cancelled run (not counted)', symbol: 'emptyCircle', color: '#8a94a3', row: 1 },
  { key: 'incident', label: 'Incident', symbol: 'pin', color: '#8e24aa', row: 0 },
];

interface Point {
  id: string;
  at: string;
  detail: string;
}

/** Sorts the records into the timeline's categories. */
export function timelinePoints(report: Report, deployments: readonly DeploymentRecord[], incidents: readonly IncidentRecord[]): Record<Category, Point[]> {
  const failed = new Set(report.dora.change_failure_rate.failed_deployments.map((f) => f.deployment_id));
  const out: Record<Category, Point[]> = { deployment: [], failed: [], remediation: [], pipeline_failure: [], incident: [] };
  for (const d of deployments) {
    const category: Category = d.status !== 'success' ? 'pipeline_failure' : failed.has(d.id) ? 'failed' : d.kind !== 'regular' ? 'remediation' : 'deployment';
    const fixes = d.remediates_deployment_id === null ? '' : `, fixes ${d.remediates_deployment_id}`;
    out[category].push({ id: d.id, at: d.finished_at, detail: `${d.service}, ${d.kind}, ${d.status}${fixes}` });
  }
  for (const i of incidents) {
    const cause = i.caused_by_deployment_id === null ? '' : `, caused by ${i.caused_by_deployment_id}`;
    out.incident.push({ id: i.id, at: i.started_at, detail: `${i.title ?? i.service}${i.severity === null ? '' : ` (${i.severity})`}${cause}` });
  }
  return out;
}

interface Props {
  report: Report;
  deployments: readonly DeploymentRecord[];
  incidents: readonly IncidentRecord[];
  truncated: boolean;
  dark: boolean;
}

export function DeploymentTimeline({ report, deployments, incidents, truncated, dark }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const points = timelinePoints(report, deployments, incidents);
  const empty = deployments.length === 0 && incidents.length === 0;
  useChart(ref, empty ? null : () => {
    const c = chartColors(dark);
    // A narrow card wraps the legend onto three lines.
    const narrow = (ref.current?.clientWidth ?? 800) < 640;
    return {
      animation: false,
      aria: { enabled: true },
      textStyle: { color: c.text },
      grid: { left: 84, right: 16, top: narrow ? 76 : 40, bottom: 28 },
      legend: { top: 0, textStyle: { color: c.text }, itemWidth: 12, itemHeight: 10 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; data: { value: [string, number]; point: Point } }) =>
          `${p.seriesName}<br/><b>${escapeHtml(p.data.point.id)}</b> ${formatInstant(p.data.point.at)}<br/>${escapeHtml(p.data.point.detail)}`,
      },
      xAxis: {
        type: 'time',
        min: report.window.start,
        max: report.window.end,
        axisLabel: { color: c.muted, hideOverlap: true },
        axisLine: { lineStyle: { color: c.border } },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'category',
        data: ['Incidents', 'Deployments'],
        axisLabel: { color: c.muted },
        axisLine: { lineStyle: { color: c.border } },
      },
      series: CATEGORIES.map((cat) => ({
        name: cat.label,
        type: 'scatter',
        symbol: cat.symbol,
        symbolSize: cat.key === 'incident' ? 16 : 11,
        color: cat.color,
        z: cat.key === 'deployment' ? 1 : 2,
        data: points[cat.key].map((p) => ({ value: [p.at, cat.row], point: p })),
      })),
    };
  }, [report, deployments, incidents, dark, empty]);
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Deployments and incidents</h2>
      {empty ? (
        <p className="muted">No production deployment and no incident in this window.</p>
      ) : (
        <div ref={ref} className="timeline-chart" data-testid="timeline-chart" />
      )}
      <ul className="breakdown-list" aria-label="Counts on the timeline">
        {CATEGORIES.map((cat) => (
          <li key={cat.key}>
            <span className="swatch" style={{ background: cat.color }} />
            {cat.label}: <strong data-testid={`timeline-${cat.key}`}>{points[cat.key].length}</strong>
          </li>
        ))}
      </ul>
      {truncated && <p className="muted small">Only the first records are drawn: this window has more than the dashboard loads.</p>}
    </section>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
