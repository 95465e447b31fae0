import { describe, expect, it } from 'vitest';
import { parseViewState, viewStateUrl } from './view-state.js';

describe('the Business page in the URL', () => {
  it('reads /business with its organisation and window, and writes it back the same', () => {
    const state = parseViewState('/business/', '?org=acme&since=2026-01-01&until=2026-04-01');
    expect(state).toMatchObject({ page: 'business', org: 'acme', since: '2026-01-01', until: '2026-04-01' });
    expect(viewStateUrl(state)).toBe('/business?org=acme&since=2026-01-01&until=2026-04-01');
    expect(viewStateUrl({ ...state, page: 'overview' })).toBe('/?org=acme&since=2026-01-01&until=2026-04-01');
  });
});
