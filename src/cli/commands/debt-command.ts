/**
 * `panorama debt add|list|resolve`: the technical-debt register. Each item has a service, its
 * monthly interest (engineering hours lost per month while it stays) and its principal (hours
 * to remove it), and may link to the incidents and pull requests it caused or that would pay
 * it off. The board report reads the open items' interest.
 */
import { debtItemId, debtItemInputSchema, formatInstant, type DebtItem } from '../../domain/index.js';
import { addDebtItem, debtItemView, debtTotals, resolveDebtItem } from '../../ingest/debt-register.js';
import { AppError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { EXIT } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { withStore } from '../open-store.js';

export interface DebtAddFlags extends GlobalOptions {
  service: string;
  title: string;
  interestHours: string;
  principalHours: string;
  incident?: string[];
  pr?: string[];
  url?: string;
  id?: string;
}

export interface DebtListFlags extends GlobalOptions {
  format?: 'text' | 'json';
  service?: string;
  open?: boolean;
}

/** The flag a field of the import format comes from, for messages. */
const FLAG_OF: Readonly<Record<string, string>> = {
  id: '--id',
  service: '--service',
  title: '--title',
  interest_hours_per_month: '--interest-hours',
  principal_hours: '--principal-hours',
  url: '--url',
  incident_ids: '--incident',
  pull_request_ids: '--pr',
};

function hoursFlag(text: string): number {
  // Number('') is 0 and Number(' 3 ') is 3: only plain decimals are hours.
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The item the flags describe, validated by the import format's own rules. */
function itemFromFlags(flags: DebtAddFlags, org: string, now: number): DebtItem {
  const parsed = debtItemInputSchema.safeParse({
    ...(flags.id === undefined ? {} : { id: flags.id }),
    service: flags.service,
    title: flags.title,
    interest_hours_per_month: hoursFlag(flags.interestHours),
    principal_hours: hoursFlag(flags.principalHours),
    created_at: formatInstant(now),
    incident_ids: flags.incident ?? [],
    pull_request_ids: flags.pr ?? [],
    url: flags.url ?? null,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      const value = field === 'interest_hours_per_month' ? flags.interestHours : field === 'principal_hours' ? flags.principalHours : undefined;
      const message = value !== undefined && Number.isNaN(hoursFlag(value)) ? `"${value}" is not a number of hours (e.g. 12 or 1.5)` : i.message;
      return `${FLAG_OF[field] ?? field}: ${message}`;
    });
    throw new AppError(ERROR_CODES.CLI_USAGE, problems.join('; '));
  }
  const d = parsed.data;
  return {
    org,
    id: d.id ?? debtItemId(d.title),
    service: d.service,
    title: d.title,
    interestHoursPerMonth: d.interest_hours_per_month,
    principalHours: d.principal_hours,
    createdAt: d.created_at,
    resolvedAt: null,
    incidentIds: d.incident_ids,
    pullRequestIds: d.pull_request_ids,
    url: d.url,
    origin: { source: 'cli', rawId: null },
    extra: null,
  };
}

const hours = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0+$/, '')} h`;
const day = (t: number | null): string => (t === null ? '-' : formatInstant(t).slice(0, 10));


/** `panorama debt add`. */
export async function runDebtAdd(flags: DebtAddFlags, io: CliIo): Promise<number> {
  return withStore(flags, io, async ({ config, store }) => {
    const { item, created } = await addDebtItem(store, itemFromFlags(flags, config.org.id, io.now()), config.org.name);
    if (!created) {
      writeLine(io.stdout, `${item.id} is already in the register of ${config.org.id}, with these values; nothing changed`);
      return EXIT.ok;
    }
    const links = item.incidentIds.length + item.pullRequestIds.length;
    writeLine(
      io.stdout,
      `${colors(io).green('added')} ${item.id} to ${config.org.id}: ${item.service}, ${hours(item.interestHoursPerMonth)}/month interest, ${hours(item.principalHours)} principal${links > 0 ? `, ${links} link${links === 1 ? '' : 's'}` : ''}`,
    );
    return EXIT.ok;
  });
}

/** `panorama debt list`: every item (or the open ones), by creation time, with the open totals. */
export async function runDebtList(flags: DebtListFlags, io: CliIo): Promise<number> {
  return withStore(flags, io, async ({ config, store }) => {
    const all = await store.listDebtItems({ org: config.org.id, ...(flags.service ? { service: flags.service } : {}) });
    const items = flags.open ? all.filter((d) => d.resolvedAt === null) : all;
    const totals = debtTotals(items);
    if (flags.format === 'json') {
      const body = {
        org: config.org.id,
        items: items.map(debtItemView),
        totals: { open_items: totals.openItems, interest_hours_per_month: totals.interestHoursPerMonth, principal_hours: totals.principalHours },
      };
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    if (items.length === 0) {
      writeLine(io.stdout, `no debt items in ${config.org.id}${flags.service ? ` for ${flags.service}` : ''}; add one with panorama debt add.`);
      return EXIT.ok;
    }
    const rows = [
      ['id', 'service', 'interest/month', 'principal', 'created', 'resolved', 'links', 'title'],
      ...items.map((d) => [
        d.id,
        d.service,
        hours(d.interestHoursPerMonth),
        hours(d.principalHours),
        day(d.createdAt),
        day(d.resolvedAt),
        String(d.incidentIds.length + d.pullRequestIds.length),
        d.title,
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) writeLine(io.stdout, row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    writeLine(
      io.stdout,
      `${totals.openItems} open item${totals.openItems === 1 ? '' : 's'}: ${hours(totals.interestHoursPerMonth)}/month interest, ${hours(totals.principalHours)} principal`,
    );
    return EXIT.ok;
  });
}

/** `panorama debt resolve ID`. */
export async function runDebtResolve(id: string, flags: GlobalOptions, io: CliIo): Promise<number> {
  return withStore(flags, io, async ({ config, store }) => {
    const { item, changed } = await resolveDebtItem(store, config.org.id, id, io.now());
    writeLine(
      io.stdout,
      changed
        ? `${colors(io).green('resolved')} ${item.id} (${hours(item.interestHoursPerMonth)}/month interest no longer counted)`
        : `${item.id} was already resolved on ${day(item.resolvedAt)}; nothing changed`,
    );
    return EXIT.ok;
  });
}
