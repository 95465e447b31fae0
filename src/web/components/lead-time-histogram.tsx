/**
 * The lead-time distribution of a service: how many changes took how long (the report's
 * per-change evidence, counted into 20 equal bins up to three times the p90 so the long tail
 * does not squash the rest; the last bin holds everything beyond), with the report's p50, p75
 * and p90 marked as lines. The percentiles are the report's own values, not recomputed.
 */
import { useRef } from 'react';
import type { Report } from '../api-client/types.js';
import { chartColors, useChart } from './echarts.js';
import { formatDuration } from './format.js';

const BINS = 20;

export interface Bin {
  /** Lower and upper bound in seconds; the last bin also holds everything above. */
  from: number;
  to: number;
  count: number;
}

/** Counts lead times (seconds) into equal bins between the smallest (or 0) and 3 x p90. */
export function histogramBins(seconds: readonly number[], p90: number | null): Bin[] {
  if (seconds.length === 0) return [];
  const lower = Math.min(0, ...seconds);
  const max = Math.max(...seconds);
  const upper = p90 !== null && p90 > 0 ? Math.min(max, 3 * p90) : max;
  const width = upper > lower ? (upper - lower) / BINS : 3_600;
  const bins: Bin[] = Array.from({ length: BINS }, (_, i) => ({ from: lower + i * width, to: lower + (i + 1) * width, count: 0 }));
  for (const s of seconds) {
    const i = Math.min(BINS - 1, Math.floor((s - lower) / width));
    (bins[i] as Bin).count++;
  }
  return bins;
}

export function LeadTimeHistogram({ report, dark }: { report: Report | undefined; dark: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const lead = report?.dora.change_lead_time;
  const seconds = (lead?.per_change ?? []).map((c) => c.seconds);
  const bins = histogramBins(seconds, lead?.p90_seconds ?? null);
  const marks = lead === undefined ? [] : ([
    ['p50', lead.median_seconds], ['p75', lead.p75_seconds], ['p90', lead.p90_seconds],
  ] as const).flatMap(([name, v]) => (v === null ? [] : [{ name, v }]));
  useChart(ref, bins.length === 0 ? null : () => {
    const c = chartColors(dark);
    const HOUR = 3_600;
    return {
      animation: false,
      aria: { enabled: true },
      textStyle: { color: c.text },
      grid: { left: 44, right: 24, top: 28, bottom: 32 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { value: [number, number, number], dataIndex: number }) =>
          `${formatDuration(p.value[0] * HOUR)} to ${formatDuration(p.value[1] * HOUR)}${p.dataIndex === BINS - 1 ? ' and above' : ''}: ${p.value[2]} changes`,
      },
      xAxis: {
        type: 'value',
        min: (bins[0] as Bin).from / HOUR,
        max: (bins[bins.length - 1] as Bin).to / HOUR,
        axisLabel: { color: c.muted, hideOverlap: true, formatter: (v: number) => formatDuration(v * HOUR) },
        axisLine: { lineStyle: { color: c.border } },
        splitLine: { show: false },
      },
      yAxis: { type: 'value', name: 'changes', minInterval: 1, axisLabel: { color: c.muted }, nameTextStyle: { color: c.muted },
        splitLine: { lineStyle: { color: c.border } } },
      series: [{
        type: 'custom',
        name: 'changes',
        color: '#5470c6',
        encode: { x: [0, 1], y: 2 },
        data: bins.map((b) => [b.from / HOUR, b.to / HOUR, b.count]),
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
          const [x0, y0] = api.coord([api.value(0), api.value(2)]) as [number, number];
          const [x1, y1] = api.coord([api.value(1), 0]) as [number, number];
          return { type: 'rect', shape: { x: x0 + 1, y: y0, width: Math.max(1, x1 - x0 - 2), height: y1 - y0 }, style: { fill: '#5470c6' } };
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#d32f2f', type: 'dashed' },
          label: { color: c.text, formatter: (p: { name: string }) => p.name },
          data: marks.map((m) => ({ name: m.name, xAxis: m.v / HOUR })),
        },
      }],
    };
  }, [report, dark]);
  return (
    <section className="card" aria-labelledby="histogram-title">
      <h2 id="histogram-title">Lead-time distribution</h2>
      {report === undefined ? (
        <p className="muted" aria-busy="true">Loading the changes…</p>
      ) : bins.length === 0 ? (
        <p className="muted">No change reached production in this window.</p>
      ) : (
        <>
          <p className="muted small">How many of the {seconds.length} changes took how long, from commit to production.</p>
          <div ref={ref} className="histogram-chart" data-testid="histogram-chart"
            data-total={bins.reduce((s, b) => s + b.count, 0)}
            data-marks={JSON.stringify(Object.fromEntries(marks.map((m) => [m.name, m.v])))} />
        </>
      )}
      {lead !== undefined && (
        <ul className="breakdown-list">
          {marks.map((m) => <li key={m.name}>{m.name}: <strong data-testid={`histogram-${m.name}`}>{formatDuration(m.v)}</strong></li>)}
        </ul>
      )}
    </section>
  );
}
