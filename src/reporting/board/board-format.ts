/** Formatting shared by the board narrative and its renderers: money, percents, periods. */
import type { Money } from '../../metrics/index.js';

/** 2152.5 EUR → `€2,152.50` (English grouping, the currency's symbol when it has one). */
export function formatMoney(value: number | null, currency: string): string {
  if (value === null) return '—';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value);
}

export function formatMoneyOf(m: Money): string {
  return m.value === null ? `— (${(m.reason ?? 'unknown').replaceAll('-', ' ')})` : formatMoney(m.value, m.currency);
}

/** 0.999256 → `99.93%` (2 decimals: an availability needs them). */
export function formatAvailability(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(2)}%`;
}

/** Whole percent for narrative text: 0.5 → `50%`. */
export function wholePercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** The window's name in a sentence: 89-92 days is a quarter, 28-31 a month. */
export function periodName(days: number): { current: string; previous: string } {
  if (days >= 89 && days <= 92) return { current: 'this quarter', previous: 'the previous quarter' };
  if (days >= 28 && days <= 31) return { current: 'this month', previous: 'the previous month' };
  const n = Math.round(days);
  return { current: `in these ${n} days`, previous: `the ${n} days before` };
}
