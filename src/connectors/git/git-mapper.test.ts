import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { offsetOf, parseGitDate, subjectOf } from './git-mapper.js';

describe('git dates', () => {
  it('turns strict ISO dates with offsets into instants', () => {
    expect(parseGitDate('2026-03-01T09:30:00+02:00', 'abc', 'author date')).toBe(Date.parse('2026-03-01T07:30:00Z'));
    expect(parseGitDate('2026-03-01T09:30:00-09:30', 'abc', 'author date')).toBe(Date.parse('2026-03-01T19:00:00Z'));
    expect(parseGitDate('2026-03-31T23:59:59Z', 'abc', 'author date')).toBe(Date.parse('2026-03-31T23:59:59Z'));
    expect(offsetOf('2026-03-01T09:30:00-09:30')).toBe('-09:30');
    expect(offsetOf('2026-03-01T09:30:00Z')).toBe('+00:00');
  });

  it('agrees with the general parser on every date git can print', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.integer({ min: -14 * 4, max: 14 * 4 }), (date, quarters) => {
        const offset = quarters * 15;
        const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const general = parseTimestamp(text);
        expect(general.ok && general.value).toBe(parseGitDate(text, 'abc', 'author date'));
      }),
    );
  });

  it('names the commit whose date cannot be read', () => {
    expect(() => parseGitDate('yesterday', '0123456789abcdef', 'author date')).toThrow(
      'commit 0123456789ab has an unreadable author date "yesterday"',
    );
  });

  it('takes the first line of a message as its subject', () => {
    expect(subjectOf('Fix it\n\nbody')).toBe('Fix it');
    expect(subjectOf(null)).toBe('');
  });
});
