import { describe, expect, it } from 'vitest';
import { at, incident } from '../__fixtures__/builders.js';
import { evaluateBurnRateAlerts } from './burn-rate-alerts.js';
import { sample } from './__fixtures__/business-fixture.js';

const NOW = at('2026-03-10T12:00:00Z');

/** An incident of api ongoing for `ms` before NOW. */
function outageFor(ms: number) {
  return [incident('x', new Date(NOW - ms).toISOString(), null, null)];
}

function rule(name: string, incidents: ReturnType<typeof outageFor>) {
  const alert = evaluateBurnRateAlerts('api', 99.9, incidents, [], NOW).alerts.find((a) => a.rule === name);
  return [alert?.firing, alert?.long_burn_rate];
}

describe('multi-window burn-rate alerts (SRE workbook thresholds, strict >)', () => {
  // 14.4 x 0.1% of 1 h = 51.84 s of bad time; the 5-min window is all bad by then.
  it('1h/5m: 51.839 s no, exactly 51.84 s (14.4x) no, 51.841 s yes', () => {
    expect(rule('1h/5m', outageFor(51_839))).toEqual([false, 14.3997]);
    expect(rule('1h/5m', outageFor(51_840))).toEqual([false, 14.4]);
    expect(rule('1h/5m', outageFor(51_841))).toEqual([true, 14.4003]);
  });

  // 6 x 0.1% of 6 h = 129.6 s.
  it('6h/30m: fires just above 6x over 6 h', () => {
    // 5.99995x shows as 6 at 4 decimals but does not fire: the unrounded rate decides.
    expect(rule('6h/30m', outageFor(129_599))).toEqual([false, 6]);
    expect(rule('6h/30m', outageFor(129_600))).toEqual([false, 6]);
    expect(rule('6h/30m', outageFor(129_601))).toEqual([true, 6]);
  });

  // 1 x 0.1% of 3 days = 259.2 s.
  it('3d/6h ticket: fires just above 1x over 3 days', () => {
    expect(rule('3d/6h', outageFor(259_199))).toEqual([false, 1]);
    expect(rule('3d/6h', outageFor(259_200))).toEqual([false, 1]);
    expect(rule('3d/6h', outageFor(259_201))).toEqual([true, 1]);
    const r = evaluateBurnRateAlerts('api', 99.9, outageFor(259_201), [], NOW);
    expect(r.firing).toBe('page');
  });

  it('needs the short window too: an outage over 10 minutes ago stops paging', () => {
    const past = [incident('x', '2026-03-10T11:40:00Z', '2026-03-10T11:50:00Z', null)];
    const r = evaluateBurnRateAlerts('api', 99.9, past, [], NOW);
    const fast = r.alerts[0];
    // 600 s of 3,600 = 166.67x over 1 h, but nothing in the last 5 minutes.
    expect([fast?.long_burn_rate, fast?.short_burn_rate, fast?.firing]).toEqual([166.6667, 0, false]);
    // 6h/30m still holds: 600 / 21,600 / 0.001 = 27.78x and 600 / 1,800 / 0.001 = 333.33x.
    expect(r.alerts[1]?.firing).toBe(true);
    expect(r.firing).toBe('page');
  });

  it('reads uptime samples: a sample counts in (now - w, now]', () => {
    // 15 bad of 1,000 = 1.5% = 15x a 0.1% budget, in every window containing the sample.
    const atNow = evaluateBurnRateAlerts('api', 99.9, [], [sample('api', '2026-03-10T12:00:00Z', 985, 1000)], NOW);
    expect([atNow.alerts[0]?.long_burn_rate, atNow.alerts[0]?.short_burn_rate, atNow.alerts[0]?.firing]).toEqual([15, 15, true]);
    // Exactly 5 minutes old: out of the 5-minute window, which holds no sample. The long window
    // was measured by samples, so the short one is too: no data (null), never the incidents' 0.
    const older = evaluateBurnRateAlerts('api', 99.9, [], [sample('api', '2026-03-10T11:55:00Z', 985, 1000)], NOW);
    expect([older.alerts[0]?.long_burn_rate, older.alerts[0]?.short_burn_rate, older.alerts[0]?.firing]).toEqual([15, null, false]);
  });

  it('ignores other services and fires nothing on a quiet service', () => {
    const other = [incident('y', '2026-03-10T11:00:00Z', null, null, { service: 'web' })];
    const r = evaluateBurnRateAlerts('api', 99.9, other, [], NOW);
    expect(r.firing).toBeNull();
    expect(r.alerts.every((a) => a.long_burn_rate === 0)).toBe(true);
  });
});
