import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mean,
  median,
  percentile,
  roundHalfAwayFromZero,
  roundRate,
  roundSeconds,
  summarizeDurations,
} from './stats.js';

describe('median', () => {
  it('takes the middle value of an odd count', () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it('averages the two middle values of an even count, which may end in .5', () => {
    // sorted 1, 2, 3, 10: (2 + 3) / 2 = 2.5
    expect(median([10, 1, 3, 2])).toBe(2.5);
  });

  it('is null over no values', () => {
    expect(median([])).toBeNull();
  });

  it('lies between min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1 }), (values) => {
        const m = median(values) as number;
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});

describe('percentile (linear interpolation at rank p x (n - 1))', () => {
  it('matches NumPy on 1, 2, 3, 4', () => {
    // p75: rank 0.75 x 3 = 2.25 -> 3 + 0.25 x (4 - 3) = 3.25
    expect(percentile([4, 3, 2, 1], 0.75)).toBe(3.25);
    // p90: rank 0.9 x 3 = 2.7 -> 3 + 0.7 x 1 = 3.7
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });

  it('returns the only value of a single-element list', () => {
    expect(percentile([42], 0.9)).toBe(42);
  });

  it('keeps an exact .5 exact, so rounding goes away from zero', () => {
    // [10, 11] p50: rank 0.5 -> 10.5 exactly; [-11, -10]: -10.5
    expect(percentile([10, 11], 0.5)).toBe(10.5);
    expect(roundSeconds(percentile([10, 11], 0.5))).toBe(11);
    expect(roundSeconds(percentile([-11, -10], 0.5))).toBe(-11);
    // p90 of 0..5 (six values): rank 4.5 -> 4.5 exactly
    expect(percentile([0, 1, 2, 3, 4, 5], 0.9)).toBe(4.5);
  });

  it('is ordered and bounded: min <= p75 <= p90 <= max', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1 }), (values) => {
        const p75 = percentile(values, 0.75) as number;
        const p90 = percentile(values, 0.9) as number;
        expect(p75).toBeGreaterThanOrEqual(Math.min(...values));
        expect(p75).toBeLessThanOrEqual(p90);
        expect(p90).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });

  it('rejects a rank outside [0, 1]', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('roundHalfAwayFromZero', () => {
  it('rounds halves away from zero', () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(0.5)).toBe(1);
    expect(roundHalfAwayFromZero(-0.5)).toBe(-1);
    expect(roundHalfAwayFromZero(2.4999)).toBe(2);
  });

  it('rounds on the decimal form: 1.005 -> 1.01, 0.00125 -> 0.0013 at 4 places', () => {
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(0.00125, 4)).toBe(0.0013);
    expect(roundHalfAwayFromZero(-0.00125, 4)).toBe(-0.0013);
  });

  it('handles exponent forms and never returns -0', () => {
    expect(roundHalfAwayFromZero(1e-7, 4)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.00001, 4), 0)).toBe(true);
    expect(roundHalfAwayFromZero(1e21)).toBe(1e21);
  });
});

describe('roundRate', () => {
  it('gives 4 decimals, half away from zero', () => {
    expect(roundRate(1, 3)).toBe(0.3333);
    expect(roundRate(2, 3)).toBe(0.6667);
    // 1 / 32 = 0.03125 -> 0.0313
    expect(roundRate(1, 32)).toBe(0.0313);
  });

  it('is null when the denominator is 0', () => {
    expect(roundRate(0, 0)).toBeNull();
  });
});

describe('summarizeDurations', () => {
  it('gives median, mean, p75 and p90 in whole seconds', () => {
    // sorted 3600, 9000, 90000: median 9000; mean 102600 / 3 = 34200;
    // p75 rank 1.5 -> 9000 + 0.5 x 81000 = 49500; p90 rank 1.8 -> 9000 + 0.8 x 81000 = 73800
    expect(summarizeDurations([9000, 3600, 90000])).toEqual({
      count: 3,
      median: 9000,
      mean: 34200,
      p75: 49500,
      p90: 73800,
    });
  });

  it('rounds the mean half away from zero', () => {
    // (1 + 2) / 2 = 1.5 -> 2; (-1 - 2) / 2 = -1.5 -> -2
    expect(summarizeDurations([1, 2]).mean).toBe(2);
    expect(summarizeDurations([-1, -2]).mean).toBe(-2);
  });

  it('is all null over nothing', () => {
    expect(summarizeDurations([])).toEqual({
      count: 0,
      median: null,
      mean: null,
      p75: null,
      p90: null,
    });
    expect(mean([])).toBeNull();
  });
});
