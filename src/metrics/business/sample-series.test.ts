import { describe, expect, it } from 'vitest';
import { sampleSeries, sumSamples } from './sample-series.js';
import { sample } from './__fixtures__/business-fixture.js';
import { at } from '../__fixtures__/builders.js';

describe('sample series', () => {
  const samples = [
    sample('api', '2026-03-01T00:10:00Z', 9, 10),
    sample('web', '2026-03-01T00:05:00Z', 1, 1),
    sample('api', '2026-03-01T00:05:00Z', 5, 10),
    sample('api', '2026-03-01T00:15:00Z', 10, 10),
  ];

  it('sums the samples with start < at <= end, per service, whatever the input order', () => {
    const api = sampleSeries(samples, 'api');
    expect(sumSamples(api, at('2026-03-01T00:05:00Z'), at('2026-03-01T00:15:00Z'))).toEqual({ count: 2, good: 19, total: 20 });
    expect(sumSamples(api, at('2026-03-01T00:04:59Z'), at('2026-03-01T00:10:00Z'))).toEqual({ count: 2, good: 14, total: 20 });
    expect(sumSamples(api, at('2026-03-01T00:15:00Z'), at('2026-03-01T01:00:00Z'))).toEqual({ count: 0, good: 0, total: 0 });
    expect(sumSamples(sampleSeries(samples, 'batch'), 0, Number.MAX_SAFE_INTEGER)).toEqual({ count: 0, good: 0, total: 0 });
  });

  it('indexes a list once', () => {
    expect(sampleSeries(samples, 'api')).toBe(sampleSeries(samples, 'api'));
  });
});
