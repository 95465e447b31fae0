import { describe, expect, it } from 'vitest';
import { parseViewState, viewStateUrl, windows } from './view-state.js';

describe('the view state in the URL', () => {
  it('reads what a link says and writes it back the same', () => {
    const state = parseViewState('/portfolio', '?org=acme&window=30&service=api&until=2026-03-16&tz=Europe/Paris');
    expect(state).toEqual({
      page: 'portfolio', org: 'acme', days: 30, service: 'api', until: '2026-03-16', since: null, tz: 'Europe/Paris',
    });
    expect(viewStateUrl(state)).toBe('/portfolio?org=acme&window=30&service=api&until=2026-03-16&tz=Europe/Paris');
  });

  it('falls back to 90 days and the overview on anything unknown', () => {
    expect(parseViewState('/', '?window=7&until=yesterday&tz=%3Cscript%3E')).toEqual({
      page: 'overview', org: null, days: 90, service: null, until: null, since: null, tz: null,
    });
    expect(viewStateUrl(parseViewState('/', ''))).toBe('/');
  });

  it('makes the previous window of equal length end where the current one starts', () => {
    const state = parseViewState('/', '?window=30&until=2026-03-16');
    expect(windows(state, 0)).toEqual({
      current: { since: '2026-02-14', until: '2026-03-16', timezone: null },
      previous: { since: '2026-01-15', until: '2026-02-14', timezone: null },
    });
  });

  it('keeps a custom window of any length, and its previous window of the same length', () => {
    const state = parseViewState('/', '?since=2026-03-01&until=2026-03-11&window=30&tz=America/New_York');
    expect(viewStateUrl(state)).toBe('/?since=2026-03-01&until=2026-03-11&tz=America/New_York');
    expect(windows(state, 0)).toEqual({
      current: { since: '2026-03-01', until: '2026-03-11', timezone: 'America/New_York' },
      previous: { since: '2026-02-19', until: '2026-03-01', timezone: 'America/New_York' },
    });
  });

  it('ignores a custom start without an end, or not before it', () => {
    expect(parseViewState('/', '?since=2026-03-01').since).toBeNull();
    expect(parseViewState('/', '?since=2026-03-11&until=2026-03-11').since).toBeNull();
  });

  it('ends the default window tomorrow, so today counts', () => {
    const { current } = windows(parseViewState('/', '?window=90'), Date.parse('2026-03-20T12:00:00Z'));
    expect(current).toEqual({ since: '2025-12-21', until: '2026-03-21', timezone: null });
  });
});
