import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, toneOf } from './format-values.js';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '0s'],
    [59, '59s'],
    [60, '1m'],
    [4_500, '1h 15m'],
    [3_600, '1h'],
    [86_400 + 7_200 + 30, '1d 2h'],
    [86_400 + 60, '1d'],
    [-5_400, '-1h 30m'],
    [1_800.5, '30m'],
  ])('%s s → %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

describe('formatPercent and toneOf', () => {
  it('formats ratios to one decimal percent', () => {
    expect(formatPercent(0.0833)).toBe('8.3%');
    expect(formatPercent(null)).toBe('—');
  });
  it('judges moves by direction', () => {
    expect(toneOf(-10, true)).toBe('better');
    expect(toneOf(10, true)).toBe('worse');
    expect(toneOf(2, false)).toBe('better');
    expect(toneOf(0, false)).toBe('same');
    expect(toneOf(null, false)).toBe('none');
  });
});
