/**
 * Descriptive statistics and rounding, exactly as METRICS.md section 1 defines them.
 *
 * - Median: the standard median (mean of the two middle values for an even count), never
 *   rounded, so a median of whole seconds may end in `.5`.
 * - Percentiles: linear interpolation at zero-based rank `p x (n - 1)` (NumPy's default).
 *   The interpolation is done on an exact fraction so that a value that truly ends in `.5`
 *   rounds the same way on every machine.
 * - Rounding: half away from zero; ratios and rates to 4 decimals, means and percentiles of
 *   durations to whole seconds.
 *
 * Example: `median([1, 2, 3, 10])` is 2.5; `percentile([1, 2, 3, 4, 5], 0.75)` is 4;
 * `roundHalfAwayFromZero(-2.5)` is -3; `roundRate(1, 3)` is 0.3333.
 */

/** Sorts numbers ascending without touching the input (a typed array sorts numerically). */
export function sortedNumbers(values: readonly number[]): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/**
 * Rounds half away from zero to `decimals` places (0 by default): 2.5 -> 3, -2.5 -> -3,
 * 0.00125 at 4 places -> 0.0013. Works on the shortest decimal form of the number, so 1.005
 * rounds to 1.01 as a person would expect. Never returns -0. Non-finite input comes back as is.
 */
export function roundHalfAwayFromZero(value: number, decimals = 0): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const abs = Math.abs(value);
  const text = abs.toString();
  // `1.005e2` shifts the decimal point without a binary multiplication error; exponent forms
  // (1e-7, 1e21) fall back to plain arithmetic, where that error no longer matters.
  const shifted = text.includes('e') ? abs * 10 ** decimals : Number(`${text}e${decimals}`);
  const whole = Math.floor(shifted + 0.5);
  const wholeText = whole.toString();
  const result = wholeText.includes('e')
    ? whole / 10 ** decimals
    : Number(`${wholeText}e-${decimals}`);
  return result === 0 ? 0 : sign * result;
}

/** A ratio or rate rounded half away from zero to 4 decimals; `null` when the denominator is 0. */
export function roundRate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return roundHalfAwayFromZero(numerator / denominator, 4);
}

/** A rate already computed, rounded half away from zero to 4 decimals. */
export function round4(value: number): number {
  return roundHalfAwayFromZero(value, 4);
}

/** The median of a sorted array; `null` when empty. Not rounded (may end in .5). */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = n >> 1;
  const upper = sorted[mid] as number;
  if (n % 2 === 1) return upper;
  return ((sorted[mid - 1] as number) + upper) / 2;
}

/** The standard median of `values`; `null` when empty. */
export function median(values: readonly number[]): number | null {
  return medianOfSorted(sortedNumbers(values));
}

/** Denominator used to turn a percentile rank into an exact fraction (p is given to 1e-6). */
const RANK_SCALE = 1_000_000;

/**
 * The `p`-th percentile (0 <= p <= 1) of a sorted array, by linear interpolation at zero-based
 * rank `p x (n - 1)`; `null` when empty. Not rounded.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile rank ${p} is outside [0, 1]`);
  // rank = p (n - 1) as the exact fraction rankNum / RANK_SCALE.
  const rankNum = Math.round(p * RANK_SCALE) * (n - 1);
  const lowerIndex = Math.floor(rankNum / RANK_SCALE);
  const remainder = rankNum - lowerIndex * RANK_SCALE;
  const lower = sorted[lowerIndex] as number;
  if (remainder === 0) return lower;
  const upper = sorted[lowerIndex + 1] as number;
  // One division of exact integers (for whole-second inputs): a true .5 stays exactly .5.
  return (lower * RANK_SCALE + (upper - lower) * remainder) / RANK_SCALE;
}

/** The `p`-th percentile of `values` (see percentileOfSorted); `null` when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortedNumbers(values), p);
}

/** The arithmetic mean; `null` when empty. Not rounded. */
export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  return sum / n;
}

/** Rounds a duration statistic to whole seconds, half away from zero; `null` stays `null`. */
export function roundSeconds(value: number | null): number | null {
  return value === null ? null : roundHalfAwayFromZero(value);
}

/** Median, mean, p75 and p90 of durations in seconds, rounded as METRICS.md section 1 says. */
export interface DurationSummary {
  count: number;
  /** Not rounded: the median of whole seconds may end in .5. */
  median: number | null;
  /** Whole seconds, half away from zero. */
  mean: number | null;
  /** Whole seconds, half away from zero. */
  p75: number | null;
  /** Whole seconds, half away from zero. */
  p90: number | null;
}

/** Summarises durations in whole seconds; every statistic is `null` when there are none. */
export function summarizeDurations(seconds: readonly number[]): DurationSummary {
  const sorted = sortedNumbers(seconds);
  return {
    count: sorted.length,
    median: medianOfSorted(sorted),
    mean: roundSeconds(mean(sorted)),
    p75: roundSeconds(percentileOfSorted(sorted, 0.75)),
    p90: roundSeconds(percentileOfSorted(sorted, 0.9)),
  };
}
