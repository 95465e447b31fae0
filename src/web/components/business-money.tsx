/**
 * "How is this computed?" for a money figure: its formula, the calculation with its numbers and
 * every input by name, in a native disclosure (<details>), so it opens with Enter or Space and
 * screen readers announce it without extra code.
 */
import type { Money } from '../api-client/business-types.js';
import { formatReason } from './format.js';

/** A money input for reading: numbers with at most 4 decimals, null as a dash. */
function inputText(value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return String(Math.round(value * 10_000) / 10_000);
  return value;
}

interface Props {
  money: Money;
  /** The disclosure's label; default "How is this computed?". */
  summary?: string;
  testId?: string;
}

export function MoneyHow({ money, summary, testId }: Props) {
  return (
    <details className="money-how" data-testid={testId}>
      <summary>{summary ?? 'How is this computed?'}</summary>
      <div className="money-how-body">
        <p><span className="money-how-label">Formula</span> <code>{money.formula}</code></p>
        {money.calculation !== null ? (
          <p><span className="money-how-label">Calculation</span> <code>{money.calculation}</code></p>
        ) : (
          <p><span className="money-how-label">Not computed</span> {formatReason(money.reason ?? 'unknown')}</p>
        )}
        <dl className="money-inputs">
          {Object.entries(money.inputs).map(([name, value]) => (
            <div key={name}><dt>{name}</dt><dd>{inputText(value)}</dd></div>
          ))}
        </dl>
      </div>
    </details>
  );
}
