/**
 * Where a change waits: the median coding, pickup, review and deploy times as one stacked
 * bar (ECharts, only the bar chart and SVG renderer are bundled), with the figures as text.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Report } from '../api-client/types.js';
import { formatDuration } from './format.js';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

const STEPS = [
  { key: 'coding', label: 'Coding', color: '#5470c6' },
  { key: 'pickup', label: 'Waiting for review', color: '#fac858' },
  { key: 'review', label: 'Review', color: '#91cc75' },
  { key: 'deploy', label: 'Waiting to deploy', color: '#ee6666' },
] as const;

export function LeadTimeBreakdown({ report, dark }: { report: Report; dark: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const flow = report.flow;
  const hasSteps = STEPS.some((s) => flow[s.key].median_seconds !== null);
  useEffect(() => {
    const el = ref.current;
    if (el === null || !hasSteps) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 0, right: 0, top: 4, bottom: 4, containLabel: false },
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => formatDuration(typeof v === 'number' ? v * 3600 : null) },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', data: ['median'], show: false },
      series: STEPS.map((s) => ({
        name: s.label,
        type: 'bar',
        stack: 'lead',
        color: s.color,
        barWidth: 28,
        data: [(flow[s.key].median_seconds ?? 0) / 3600],
      })),
    });
    const onResize = (): void => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [flow, dark, hasSteps]);
  return (
    <section className="card" aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">Where a change waits</h2>
      {flow.pull_requests === 0 ? (
        <p className="muted">No merged pull requests in this window: nothing to break down.</p>
      ) : !hasSteps ? (
        <p className="muted">{flow.pull_requests} merged pull requests, but no step time is known (no review or deployment recorded).</p>
      ) : (
        <>
        <p className="muted">Median time of each step over {flow.pull_requests} merged pull requests.</p>
        <div ref={ref} className="breakdown-chart" aria-hidden="true" />
        </>
      )}
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
