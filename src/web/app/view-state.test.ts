import { describe, expect, it } from 'vitest';
import { parseViewState, viewStateUrl, windows } from './view-state.js';

describe('the view state in the URL', () => {
  it('reads what a link says and writes it back the same', () => {
    const state = parseViewState('/portfolio', '?org=acme&window=30&service=api&until=2026-03-16');
    expect(state).toEqual({ page: 'portfolio', org: 'acme', days: 30, service: 'api', until: '2026-03-16' });
    expect(viewStateUrl(state)).toBe('/portfolio?org=acme&window=30&service=api&until=2026-03-16');
  });

  it('falls back to 90 days and the overview on anything unknown', () => {
    expect(parseViewState('/', '?window=7&until=yesterday')).toEqual({ page: 'overview', org: null, days: 90, service: null, until: null });
    expect(viewStateUrl(parseViewState('/', ''))).toBe('/');
  });

  it('makes the previous window of equal length end where the current one starts', () => {
    const state = parseViewState('/', '?window=30&until=2026-03-16');
    expect(windows(state, 0)).toEqual({
      current: { since: '2026-02-14', until: '2026-03-16' },
      previous: { since: '2026-01-15', until: '2026-02-14' },
    });
  });

  it('ends the default window tomorrow, so today counts', () => {
    const { current } = windows(parseViewState('/', '?window=90'), Date.parse('2026-03-20T12:00:00Z'));
    expect(current).toEqual({ since: '2025-12-21', until: '2026-03-21' });
  });
});
