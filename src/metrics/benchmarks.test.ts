import { describe, expect, it } from 'vitest';
import {
  DAY_SEC,
  HOUR_SEC,
  MONTH_SEC,
  WEEK_SEC,
  changeFailureLevel,
  durationBand,
  frequencyBand,
  frequencyLevel,
  leadTimeLevel,
  recoveryLevel,
} from './benchmarks.js';

describe('durationBand', () => {
  it('includes each lower bound: exactly 1 h is 1h-1d', () => {
    expect(durationBand(HOUR_SEC - 1)).toBe('<1h');
    expect(durationBand(HOUR_SEC)).toBe('1h-1d');
    expect(durationBand(DAY_SEC)).toBe('1d-1w');
    expect(durationBand(WEEK_SEC)).toBe('1w-1mo');
    // 1 month = 30.4375 days = 2,629,800 s
    expect(MONTH_SEC).toBe(2_629_800);
    expect(durationBand(MONTH_SEC - 1)).toBe('1w-1mo');
    expect(durationBand(MONTH_SEC)).toBe('1mo-6mo');
    expect(durationBand(6 * MONTH_SEC)).toBe('>6mo');
  });

  it('puts a negative median in <1h and null in null', () => {
    expect(durationBand(-5)).toBe('<1h');
    expect(durationBand(null)).toBeNull();
  });

  it('handles a median ending in .5 at a bound', () => {
    expect(durationBand(3599.5)).toBe('<1h');
  });
});

describe('levels', () => {
  it('lead time: < 1 day elite, < 1 week high, < 1 month medium, else low', () => {
    expect(leadTimeLevel(DAY_SEC - 1)).toBe('elite');
    expect(leadTimeLevel(DAY_SEC)).toBe('high');
    expect(leadTimeLevel(WEEK_SEC)).toBe('medium');
    expect(leadTimeLevel(MONTH_SEC)).toBe('low');
    expect(leadTimeLevel(null)).toBeNull();
  });

  it('recovery: < 1 hour elite, < 1 day high, < 1 week medium, else low', () => {
    expect(recoveryLevel(HOUR_SEC - 1)).toBe('elite');
    expect(recoveryLevel(HOUR_SEC)).toBe('high');
    expect(recoveryLevel(DAY_SEC)).toBe('medium');
    expect(recoveryLevel(WEEK_SEC)).toBe('low');
  });

  it('change failure rate includes the upper bound: exactly 5 % is elite', () => {
    expect(changeFailureLevel(1, 20)).toBe('elite');
    expect(changeFailureLevel(1, 19)).toBe('high'); // 5.26 %
    expect(changeFailureLevel(2, 20)).toBe('high'); // 10 %
    expect(changeFailureLevel(3, 20)).toBe('medium'); // 15 %
    expect(changeFailureLevel(4, 20)).toBe('low'); // 20 %
    expect(changeFailureLevel(0, 0)).toBeNull();
  });
});

describe('deployment frequency band', () => {
  it('follows METRICS.md section 3', () => {
    expect(frequencyBand(5, 30, 28)).toBe('on_demand');
    expect(frequencyBand(4.5, 30, 28)).toBe('between_daily_and_weekly');
    expect(frequencyBand(1, 4, 28)).toBe('between_daily_and_weekly');
    // median 0.5 days/week: count / (28 / 30.4375) = 1 / 0.9199 = 1.087 >= 1
    expect(frequencyBand(0.5, 1, 28)).toBe('between_weekly_and_monthly');
    // 1 deployment in 90 days: 1 / (90 / 30.4375) = 0.338 < 1
    expect(frequencyBand(0, 1, 90)).toBe('less_than_monthly');
    // exactly one per benchmark month is between weekly and monthly
    expect(frequencyBand(0, 1, 30.4375)).toBe('between_weekly_and_monthly');
    expect(frequencyBand(null, 0, 28)).toBeNull();
  });

  it('maps bands to levels', () => {
    expect(frequencyLevel('on_demand')).toBe('elite');
    expect(frequencyLevel('between_daily_and_weekly')).toBe('high');
    expect(frequencyLevel('between_weekly_and_monthly')).toBe('medium');
    expect(frequencyLevel('less_than_monthly')).toBe('low');
    expect(frequencyLevel(null)).toBeNull();
  });
});
