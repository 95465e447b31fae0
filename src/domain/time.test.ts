import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationSec, formatInstant, parseTimestamp } from './time.js';

describe('parseTimestamp', () => {
  it.each([
    ['2026-05-01T12:00:00Z', '2026-05-01T12:00:00.000Z'],
    ['2026-05-01T12:00:00+02:00', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01T12:00:00-0530', '2026-05-01T17:30:00.000Z'],
    ['2026-05-01T12:00:00+02', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01 12:00Z', '2026-05-01T12:00:00.000Z'],
    ['2026-05-01T12:00:00.1234567Z', '2026-05-01T12:00:00.123Z'],
    ['2026-05-01T12:00:00,5+01:00', '2026-05-01T11:00:00.500Z'],
    ['2024-02-29T23:59:59-12:00', '2024-03-01T11:59:59.000Z'],
    ['2026-03-29T03:30:00+02:00', '2026-03-29T01:30:00.000Z'],
  ])('%s is the instant %s', (text, iso) => {
    const parsed = parseTimestamp(text);
    expect(parsed).toEqual({ ok: true, value: Date.parse(iso) });
  });

  it.each([
    ['2026-05-01T12:00:00', 'timestamp has no offset (add Z or ±HH:MM)'],
    ['2026-05-01', 'not an ISO-8601 timestamp (expected 2024-05-01T12:00:00Z)'],
    ['yesterday', 'not an ISO-8601 timestamp (expected 2024-05-01T12:00:00Z)'],
    ['2026-02-29T00:00:00Z', 'day 29 does not exist in 2026-02'],
    ['2026-13-01T00:00:00Z', 'month 13 is out of range'],
    ['2026-01-01T24:00:00Z', 'time of day is out of range'],
    ['2026-01-01T00:00:00+19:00', 'offset +19:00 is out of range'],
  ])('%s is rejected: %s', (text, reason) => {
    expect(parseTimestamp(text)).toEqual({ ok: false, reason });
  });
});

describe('parseTimestamp fast path', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  it('agrees with the general parser on every canonical UTC form, valid or not', () => {
    // A leading space skips the fast path (the general parser trims), so both are compared.
    const canonical = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 999 })),
      )
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}` +
          `${ms === null ? '' : `.${pad(ms, 3)}`}Z`,
      );
    const noisy = fc.tuple(canonical, fc.nat(23), fc.constantFrom('x', '-', ':', '.', '/', '9')).map(
      ([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1),
    );
    fc.assert(
      fc.property(fc.oneof(canonical, noisy), (text) => {
        expect(parseTimestamp(text)).toEqual(parseTimestamp(` ${text}`));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('durationSec and formatInstant', () => {
  it('truncates toward zero and keeps the sign', () => {
    expect(durationSec(0, 1_999)).toBe(1);
    expect(durationSec(1_999, 0)).toBe(-1);
  });
  it('prints UTC, with milliseconds only when present', () => {
    expect(formatInstant(Date.parse('2026-05-01T10:00:00Z'))).toBe('2026-05-01T10:00:00Z');
    expect(formatInstant(Date.parse('2026-05-01T10:00:00.250Z'))).toBe('2026-05-01T10:00:00.250Z');
  });
});
