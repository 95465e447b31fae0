import { describe, expect, it } from 'vitest';
import { at } from './__fixtures__/builders.js';
import { buildCalendar, countPerWeek, dayIndexOf, weekIndexOf } from './calendar.js';

const HOUR = 3_600_000;

describe('buildCalendar', () => {
  it('lists whole UTC weeks of a window that starts and ends on Mondays', () => {
    const cal = buildCalendar(
      { start: at('2024-03-04T00:00:00Z'), end: at('2024-03-18T00:00:00Z') },
      'UTC',
    );
    expect(cal.weeks.map((w) => [w.weekStart, w.partial])).toEqual([
      ['2024-03-04', false],
      ['2024-03-11', false],
    ]);
    expect(cal.windowDays).toBe(14);
    expect(cal.dayStarts).toHaveLength(14);
  });

  it('flags the edge weeks of a window that starts mid-week as partial', () => {
    // Wednesday 6 March to Friday 15 March noon: weeks of 4 and 11 March, both partial
    const cal = buildCalendar(
      { start: at('2024-03-06T00:00:00Z'), end: at('2024-03-15T12:00:00Z') },
      'UTC',
    );
    expect(cal.weeks.map((w) => [w.weekStart, w.partial])).toEqual([
      ['2024-03-04', true],
      ['2024-03-11', true],
    ]);
    expect(cal.windowDays).toBe(9.5);
  });

  it('has a 167-hour week and a window of 6.9583 days across the Paris DST change', () => {
    // DST starts Sunday 31 March 2024 at 02:00 in Europe/Paris
    const cal = buildCalendar(
      { start: at('2024-03-25T00:00:00+01:00'), end: at('2024-04-01T00:00:00+02:00') },
      'Europe/Paris',
    );
    expect(cal.weeks).toHaveLength(1);
    const week = cal.weeks[0];
    expect(week?.weekStart).toBe('2024-03-25');
    expect(week?.partial).toBe(false);
    expect(((week?.end ?? 0) - (week?.start ?? 0)) / HOUR).toBe(167);
    expect(cal.windowDays).toBeCloseTo(167 / 24, 12);
    // Saturday 30 March lasts 24 hours, Sunday 31 March (to the window end) 23
    expect(((cal.dayStarts[6] ?? 0) - (cal.dayStarts[5] ?? 0)) / HOUR).toBe(24);
    expect((cal.window.end - (cal.dayStarts[6] ?? 0)) / HOUR).toBe(23);
  });

  it('starts a day at 01:00 where midnight does not exist (America/Santiago, 8 September 2024)', () => {
    const cal = buildCalendar(
      { start: at('2024-09-07T12:00:00Z'), end: at('2024-09-10T12:00:00Z') },
      'America/Santiago',
    );
    // 7 Sep 00:00 -04:00; 8 Sep starts 01:00 -03:00 (clocks jump 00:00 -> 01:00); 9 and 10 Sep 00:00 -03:00
    expect(cal.dayStarts).toEqual([
      at('2024-09-07T00:00:00-04:00'),
      at('2024-09-08T01:00:00-03:00'),
      at('2024-09-09T00:00:00-03:00'),
      at('2024-09-10T00:00:00-03:00'),
    ]);
  });

  it('rejects an unknown time zone and an empty window with their codes', () => {
    expect(() => buildCalendar({ start: 0, end: 1 }, 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'REPORT_BAD_TIMEZONE' }),
    );
    expect(() => buildCalendar({ start: 5, end: 5 }, 'UTC')).toThrow(
      expect.objectContaining({ code: 'REPORT_BAD_WINDOW' }),
    );
  });
});

describe('bucketing', () => {
  const window = { start: at('2024-03-04T00:00:00Z'), end: at('2024-03-18T00:00:00Z') };

  it('puts the same instant in different local weeks by time zone', () => {
    // 2024-03-10T23:30-05:00 = 2024-03-11T04:30Z: Sunday in New York, Monday in UTC and Tokyo
    const t = at('2024-03-10T23:30:00-05:00');
    const utc = buildCalendar(window, 'UTC');
    const ny = buildCalendar(window, 'America/New_York');
    const tokyo = buildCalendar(window, 'Asia/Tokyo');
    expect(utc.weeks[weekIndexOf(utc, t)]?.weekStart).toBe('2024-03-11');
    expect(ny.weeks[weekIndexOf(ny, t)]?.weekStart).toBe('2024-03-11');
    expect(tokyo.weeks[weekIndexOf(tokyo, t)]?.weekStart).toBe('2024-03-11');
    // 2024-03-10T23:00Z: Sunday 19:00 in New York (EDT since that morning), Monday 08:00 in Tokyo
    const u = at('2024-03-10T23:00:00Z');
    expect(utc.weeks[weekIndexOf(utc, u)]?.weekStart).toBe('2024-03-04');
    expect(ny.weeks[weekIndexOf(ny, u)]?.weekStart).toBe('2024-03-04');
    expect(tokyo.weeks[weekIndexOf(tokyo, u)]?.weekStart).toBe('2024-03-11');
  });

  it('includes the window start and excludes its end', () => {
    const cal = buildCalendar(window, 'UTC');
    expect(dayIndexOf(cal, window.start)).toBe(0);
    expect(dayIndexOf(cal, window.end - 1)).toBe(13);
    expect(dayIndexOf(cal, window.end)).toBe(-1);
    expect(weekIndexOf(cal, window.start - 1)).toBe(-1);
    expect(countPerWeek(cal, [window.start, window.end, window.end - 1, window.start - 1])).toEqual(
      [1, 1],
    );
  });
});
