/** One DORA tile: a button showing value, level, change against the previous window. */
import type { Report } from '../api-client/types.js';
import { formatChange, formatReason } from './format.js';
import type { MetricDef } from './metric-defs.js';
import { Sparkline } from './sparkline.js';

interface Props {
  def: MetricDef;
  report: Report;
  previous: Report | undefined;
  days: number;
  selected: boolean;
  onSelect: () => void;
}

export function MetricTile({ def, report, previous, days, selected, onSelect }: Props) {
  const value = def.value(report);
  const level = def.level(report);
  const reason = def.reason(report);
  const change = previous === undefined ? null : formatChange(value, def.value(previous));
  const prevValue = previous === undefined ? null : def.value(previous);
  const better = value !== null && prevValue !== null && (def.betterWhen === 'higher' ? value > prevValue : value < prevValue);
  const worse = value !== null && prevValue !== null && (def.betterWhen === 'higher' ? value < prevValue : value > prevValue);
  const { source, year } = report.benchmarks.levels;
  return (
    <button type="button" className={`tile${selected ? ' selected' : ''}`} aria-pressed={selected}
      data-metric={def.key} onClick={onSelect}>
      <span className="tile-title">{def.title}</span>
      <span className="tile-value" data-testid={`value-${def.key}`}>{def.format(value)}</span>
      <span className="tile-detail">{reason !== null ? formatReason(reason) : def.detail(report)}</span>
      {level !== null ? (
        <span className={`level level-${level}`} title={`benchmark: ${source}, ${year}`}>
          {level} <small>· benchmark {year}*</small>
        </span>
      ) : (
        <span className="level level-none">no benchmark level</span>
      )}
      <span className={`tile-change${better ? ' better' : worse ? ' worse' : ''}`}>
        {change === null ? `no figure for the previous ${days} days` : `${change} vs previous ${days} days`}
      </span>
      <Sparkline points={def.weekly(report)} label={def.title} format={def.formatWeek} />
    </button>
  );
}
