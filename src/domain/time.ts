/**
 * Instants. Panorama keeps every timestamp as an instant in epoch milliseconds (UTC) and
 * computes durations on instants, in whole seconds. Inputs must carry an explicit offset
 * (`Z` or `±HH:MM`): a timestamp without one is ambiguous and rejected, never guessed.
 */

/** Epoch milliseconds, UTC. */
export type Instant = number;

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Why a timestamp string was rejected, or the instant it names. */
export type ParsedTimestamp = { ok: true; value: Instant } | { ok: false; reason: string };

function daysInMonth(year: number, month: number): number {
  // Gregorian leap rule; month is 1-based.
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The digits of `text` from `at` to `at + count` as a number, or -1 if one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The common machine forms, `2024-05-01T12:00:00Z` and `2024-05-01T12:00:00.123Z`, read
 * without a regular expression (imports parse millions). Undefined for anything else, or
 * anything out of range: the general parser then decides, with its reasons.
 */
function parseUtcFast(text: string): Instant | undefined {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    (n === 24 && text.charCodeAt(19) !== 46) // .
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const ms = n === 24 ? digitsAt(text, 20, 3) : 0;
  if (year < 0 || ms < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month) || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * Parses an ISO-8601 timestamp that carries an offset. Fractions of a second are kept to the
 * millisecond. Rejects calendar-impossible dates (Feb 30) that `Date.parse` silently rolls over.
 */
export function parseTimestamp(text: string): ParsedTimestamp {
  const fast = parseUtcFast(text);
  if (fast !== undefined) return { ok: true, value: fast };
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return { ok: false, reason: 'not an ISO-8601 timestamp (expected 2024-05-01T12:00:00Z)' };
  const [, y, mo, d, h, mi, s, fraction, offset] = m;
  if (offset === undefined)
    return { ok: false, reason: 'timestamp has no offset (add Z or ±HH:MM)' };
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12) return { ok: false, reason: `month ${mo} is out of range` };
  if (day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: `day ${d} does not exist in ${y}-${mo}` };
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, reason: 'time of day is out of range' };
  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.replace(':', '').slice(3, 5) || '0');
    if (oh > 18 || om > 59) return { ok: false, reason: `offset ${offset} is out of range` };
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Milliseconds from the first three fraction digits (finer digits are dropped, not rounded).
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // Date.UTC is the calendar arithmetic; the fields were range-checked above.
  const value = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, value };
}

/** Whole seconds between two instants (b - a), truncated toward zero. */
export function durationSec(a: Instant, b: Instant): number {
  return Math.trunc((b - a) / 1000);
}

/** An instant as ISO-8601 UTC (`2024-05-01T12:00:00Z`; milliseconds only when present). */
export function formatInstant(t: Instant): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
