/**
 * A money figure with its formula: every amount Panorama shows says how it was computed and
 * from which inputs, so a board member can redo the sum by hand. Amounts are rounded half away
 * from zero to 2 decimals (cents) once, at the end; a total adds the rounded parts, so the
 * figures a reader sees add up.
 */
import { roundHalfAwayFromZero } from '../stats.js';

export interface Money {
  /** The amount in `currency`, 2 decimals; null when an input is not configured. */
  value: number | null;
  currency: string;
  /** The formula in words (`impact_minutes x revenue_per_minute x share_at_risk + ...`). */
  formula: string;
  /** The formula with its numbers (`90 min x 20 EUR/min x 0.25 + 3 h x 95 EUR/h = 735 EUR`). */
  calculation: string | null;
  /** Every input by name, as used (unrounded). */
  inputs: Record<string, number | string | null>;
  /** Why `value` is null (`no-revenue-configured`, `no-engineering-cost-configured`); else null. */
  reason: string | null;
}

export function roundMoney(value: number): number {
  return roundHalfAwayFromZero(value, 2);
}

/** A number for a calculation line: at most 4 decimals, no trailing zeros. */
export function num(value: number): string {
  return String(roundHalfAwayFromZero(value, 4));
}

/** The sum of money figures of one currency (null if any is null). */
export function sumMoney(items: readonly Money[], currency: string, formula: string): Money {
  const missing = items.find((m) => m.value === null);
  if (missing) return { value: null, currency, formula, calculation: null, inputs: { items: items.length }, reason: missing.reason };
  const total = roundMoney(items.reduce((s, m) => s + (m.value as number), 0));
  // Past a dozen parts the sum is said in words: the parts are listed beside it anyway.
  const calculation =
    items.length === 0 ? `0 ${currency}`
    : items.length > 12 ? `sum of ${items.length} amounts = ${num(total)} ${currency}`
    : `${items.map((m) => num(m.value as number)).join(' + ')} = ${num(total)} ${currency}`;
  return { value: total, currency, formula, calculation, inputs: { items: items.length }, reason: null };
}
