/**
 * Uptime samples indexed per service for window sums in O(log n): sorted instants and prefix
 * sums of `good` and `total`. A year of one-minute samples is half a million per service, and a
 * board page sums them over eight windows per service; filtering the list each time would scan
 * it eight times. Built once per input list (cached by identity) and never mutated.
 */
import type { Instant, UptimeSample } from '../../domain/index.js';

export interface SampleSeries {
  at: Float64Array;
  /** goodPrefix[i] = sum of good over the first i samples (length n + 1). */
  goodPrefix: Float64Array;
  totalPrefix: Float64Array;
}

const EMPTY: SampleSeries = { at: new Float64Array(0), goodPrefix: new Float64Array(1), totalPrefix: new Float64Array(1) };
const cache = new WeakMap<readonly UptimeSample[], Map<string, SampleSeries>>();

function build(samples: readonly UptimeSample[]): Map<string, SampleSeries> {
  const byService = new Map<string, UptimeSample[]>();
  for (const s of samples) {
    const list = byService.get(s.service);
    if (list) list.push(s);
    else byService.set(s.service, [s]);
  }
  const out = new Map<string, SampleSeries>();
  for (const [service, list] of byService) {
    list.sort((a, b) => a.at - b.at);
    const n = list.length;
    const series: SampleSeries = { at: new Float64Array(n), goodPrefix: new Float64Array(n + 1), totalPrefix: new Float64Array(n + 1) };
    for (let i = 0; i < n; i++) {
      const s = list[i] as UptimeSample;
      series.at[i] = s.at;
      series.goodPrefix[i + 1] = (series.goodPrefix[i] as number) + s.good;
      series.totalPrefix[i + 1] = (series.totalPrefix[i] as number) + s.total;
    }
    out.set(service, series);
  }
  return out;
}

/** The series of one service (empty when it has no sample). */
export function sampleSeries(samples: readonly UptimeSample[], service: string): SampleSeries {
  let index = cache.get(samples);
  if (!index) {
    index = build(samples);
    cache.set(samples, index);
  }
  return index.get(service) ?? EMPTY;
}

/** The first index whose instant is > t. */
function upperBound(at: Float64Array, t: Instant): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((at[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sums of the samples with `start < at <= end`. */
export function sumSamples(series: SampleSeries, start: Instant, end: Instant): { count: number; good: number; total: number } {
  const from = upperBound(series.at, start);
  const to = upperBound(series.at, end);
  if (to <= from) return { count: 0, good: 0, total: 0 };
  return {
    count: to - from,
    good: (series.goodPrefix[to] as number) - (series.goodPrefix[from] as number),
    total: (series.totalPrefix[to] as number) - (series.totalPrefix[from] as number),
  };
}
