/**
 * A tiny weekly line under a tile, drawn as SVG (no chart library for 120 pixels). The values
 * are the report's own `per_week` figures; a week with nothing to measure (null) breaks the
 * line rather than drawing a false 0.
 */
import type { SparkPoint } from './metric-defs.js';

export function Sparkline({ points, label, format }: { points: readonly SparkPoint[]; label: string; format: (v: number | null) => string }) {
  if (points.length < 2) return null;
  const width = 120;
  const height = 28;
  const max = Math.max(0, ...points.map((p) => p.value ?? 0));
  const scale = max > 0 ? max : 1;
  const x = (i: number) => ((i / (points.length - 1)) * width).toFixed(1);
  const y = (v: number) => (height - 2 - (v / scale) * (height - 4)).toFixed(1);
  // Runs of consecutive known weeks, each its own polyline; a lone known week is a dot.
  const runs: Array<Array<{ i: number; v: number }>> = [];
  let run: Array<{ i: number; v: number }> = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ i, v: p.value });
  });
  if (run.length > 0) runs.push(run);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`${label} per week: ${points.map((p) => format(p.value)).join(', ')}`}>
      {runs.map((r) =>
        r.length === 1 ? (
          <circle key={r[0]!.i} cx={x(r[0]!.i)} cy={y(r[0]!.v)} r="1.5" fill="currentColor" />
        ) : (
          <polyline key={r[0]!.i} points={r.map((p) => `${x(p.i)},${y(p.v)}`).join(' ')} fill="none" stroke="currentColor" strokeWidth="1.5" />
        ),
      )}
    </svg>
  );
}
