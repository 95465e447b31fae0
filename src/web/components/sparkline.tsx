/** A tiny line of weekly deployments, drawn as SVG (no chart library for 60 pixels). */
import type { DeploymentWeek } from '../api-client/types.js';

export function Sparkline({ weeks }: { weeks: readonly DeploymentWeek[] }) {
  if (weeks.length < 2) return null;
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...weeks.map((w) => w.deployments));
  const points = weeks
    .map((w, i) => `${((i / (weeks.length - 1)) * width).toFixed(1)},${(height - 2 - (w.deployments / max) * (height - 4)).toFixed(1)}`)
    .join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`weekly deployments: ${weeks.map((w) => w.deployments).join(', ')}`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
