/** Human formatting of durations, rates and changes, shared by the text and Markdown views. */

/** 93784 → `1d 2h`; 4500 → `1h 15m`; 59 → `59s`. Two units at most; negative gets a minus. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  if (s < 60) return `${sign}${s}s`;
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (s >= size || parts.length > 0) {
      const n = Math.floor(s / size);
      s -= n * size;
      if (n > 0 || parts.length > 0) parts.push(`${n}${name}`);
    }
    if (parts.length === 2) break;
  }
  return sign + parts.filter((p) => !/^0[a-z]$/.test(p)).join(' ');
}

/** 0.0833 → `8.3%`. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(1)}%`;
}

export function formatNumber(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

/** Whether a move is good news: for lead time, failures and recovery lower is better. */
export type Tone = 'better' | 'worse' | 'same' | 'none';

export function toneOf(delta: number | null, lowerIsBetter: boolean): Tone {
  if (delta === null) return 'none';
  if (delta === 0) return 'same';
  return delta < 0 === lowerIsBetter ? 'better' : 'worse';
}
