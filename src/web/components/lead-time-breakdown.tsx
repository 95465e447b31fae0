/**
 * Where a change waits, week by week: per local week of the window, the median coding, pickup,
 * review and deploy times of the pull requests merged that week, stacked (the report's
 * `flow.steps_per_week`; the dashboard computes nothing). The window's overall medians follow
 * as text, so the figures never depend on reading a chart.
 */
import { useRef } from 'react';
import type { FlowStepsWeek, Report } from '../api-client/types.js';
import { chartColors, useChart } from './echarts.js';
import { formatDuration } from './format.js';

const STEPS = [
  { key: 'coding', label: 'Coding', color: '#5470c6' },
  { key: 'pickup', label: 'Waiting for review', color: '#fac858' },
  { key: 'review', label: 'Review', color: '#91cc75' },
  { key: 'deploy', label: 'Waiting to deploy', color: '#ee6666' },
] as const;

const HOUR = 3_600;

function weekValue(w: FlowStepsWeek, step: (typeof STEPS)[number]['key']): number | null {
  return w[`${step}_median_seconds`];
}

export function LeadTimeBreakdown({ report, dark }: { report: Report; dark: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const flow = report.flow;
  const weeks = flow.steps_per_week;
  const hasSteps = weeks.some((w) => STEPS.some((s) => weekValue(w, s.key) !== null));
  useChart(ref, hasSteps ? () => {
    const c = chartColors(dark);
    // A narrow card wraps the legend onto two lines.
    const narrow = (ref.current?.clientWidth ?? 600) < 480;
    return {
      animation: false,
      aria: { enabled: true },
      textStyle: { color: c.text },
      grid: { left: 44, right: 12, top: narrow ? 52 : 32, bottom: 28 },
      legend: { top: 0, textStyle: { color: c.text }, itemWidth: 12, itemHeight: 10 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? formatDuration(v * HOUR) : 'no pull request'),
      },
      xAxis: {
        type: 'category',
        data: weeks.map((w) => w.week_start.slice(5)),
        axisLabel: { color: c.muted, hideOverlap: true },
        axisLine: { lineStyle: { color: c.border } },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: c.muted, formatter: '{value} h' },
        splitLine: { lineStyle: { color: c.border } },
      },
      series: STEPS.map((s) => ({
        name: s.label,
        type: 'bar',
        stack: 'lead',
        color: s.color,
        barMaxWidth: 36,
        data: weeks.map((w) => {
          const v = weekValue(w, s.key);
          return v === null ? '-' : v / HOUR;
        }),
      })),
    };
  } : null, [weeks, dark, hasSteps]);
  return (
    <section className="card" aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">Where a change waits</h2>
      {flow.pull_requests === 0 ? (
        <p className="muted">No merged pull requests in this window: nothing to break down.</p>
      ) : !hasSteps ? (
        <p className="muted">{flow.pull_requests} merged pull requests, but no step time is known (no review or deployment recorded).</p>
      ) : (
        <>
          <p className="muted small">
            Per week: the median of each step over the pull requests merged that week ({flow.pull_requests} in the window).
          </p>
          <div ref={ref} className="breakdown-chart" data-testid="breakdown-chart"
            data-weeks={JSON.stringify(weeks.map((w) => STEPS.map((s) => weekValue(w, s.key))))} />
        </>
      )}
      <p className="small muted">Medians over the whole window:</p>
      <ul className="breakdown-list">
        {STEPS.map((s) => (
          <li key={s.key} data-testid={`flow-${s.key}`}>
            <span className="swatch" style={{ background: s.color }} />
            {s.label}: <strong>{formatDuration(flow[s.key].median_seconds)}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
