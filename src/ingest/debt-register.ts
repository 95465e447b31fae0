/**
 * The technical-debt register's writes, shared by `panorama debt` and the HTTP API: adding an
 * item (its id must be new, its links must name stored incidents and pull requests) and
 * resolving one. Each runs in one transaction, so a refused item leaves nothing behind.
 */
import { formatInstant, type DebtItem, type Instant } from '../domain/index.js';
import { NotFoundError, ValidationError, type Problem } from '../shared/errors.js';
import { ERROR_CODES } from '../shared/error-codes.js';
import type { Store } from '../storage/store.js';
import { findMissingDebtLinks } from './debt-links.js';

/** Whether two items say the same thing (their creation time and origin aside). */
function sameItem(a: DebtItem, b: DebtItem): boolean {
  const key = (d: DebtItem) =>
    JSON.stringify([d.service, d.title, d.interestHoursPerMonth, d.principalHours, d.incidentIds, d.pullRequestIds, d.url, d.resolvedAt]);
  return key(a) === key(b);
}

/**
 * Stores a new debt item for `item.org` (created with `orgName` if it has no data yet). Adding
 * an item that is already there, identical, changes nothing (`created: false`), so a retried
 * request or command is harmless.
 * @throws ValidationError DEBT_DUPLICATE_ID when the id is taken by a different item,
 *   DEBT_UNKNOWN_LINKS when a linked incident or pull request is not stored;
 *   `details.problems` names each field.
 */
export async function addDebtItem(store: Store, item: DebtItem, orgName?: string): Promise<{ item: DebtItem; created: boolean }> {
  return store.transaction(async (tx) => {
    if ((await tx.getOrganization(item.org)) === null) await tx.upsertOrganization({ id: item.org, name: orgName ?? item.org });
    const existing = (await tx.listDebtItems({ org: item.org })).find((d) => d.id === item.id);
    if (existing && sameItem(existing, item)) return { item: existing, created: false };
    if (existing) {
      throw new ValidationError(
        ERROR_CODES.DEBT_DUPLICATE_ID,
        `debt item "${item.id}" already exists in ${item.org} ("${existing.title}") with other values; give another id, or resolve the existing one.`,
        { details: { problems: [{ path: 'id', message: 'already exists' }] } },
      );
    }
    const missing = await findMissingDebtLinks(tx, item.org, item);
    if (missing.incidentIds.length > 0 || missing.pullRequestIds.length > 0) {
      const problems: Problem[] = [
        ...missing.incidentIds.map((id) => ({ path: 'incident_ids', message: `incident "${id}" does not exist` })),
        ...missing.pullRequestIds.map((id) => ({ path: 'pull_request_ids', message: `pull request "${id}" does not exist` })),
      ];
      const parts = [
        missing.incidentIds.length > 0 ? `incidents ${missing.incidentIds.join(', ')}` : null,
        missing.pullRequestIds.length > 0 ? `pull requests ${missing.pullRequestIds.join(', ')}` : null,
      ].filter((p) => p !== null);
      throw new ValidationError(
        ERROR_CODES.DEBT_UNKNOWN_LINKS,
        `debt item "${item.id}" links to records ${item.org} does not have: ${parts.join('; ')}. Import or sync them first, or fix the ids.`,
        { details: { problems } },
      );
    }
    await tx.upsertDebtItems([item]);
    return { item, created: true };
  });
}

/**
 * Marks a debt item paid off at `at`; an item already resolved keeps its date.
 * @returns the item, and whether this call resolved it.
 * @throws NotFoundError DEBT_NOT_FOUND
 */
export async function resolveDebtItem(store: Store, org: string, id: string, at: Instant): Promise<{ item: DebtItem; changed: boolean }> {
  return store.transaction(async (tx) => {
    const item = (await tx.listDebtItems({ org })).find((d) => d.id === id);
    if (!item) {
      throw new NotFoundError(ERROR_CODES.DEBT_NOT_FOUND, `no debt item "${id}" in ${org}; panorama debt list shows the ids.`);
    }
    if (item.resolvedAt !== null) return { item, changed: false };
    const resolved = { ...item, resolvedAt: Math.max(at, item.createdAt) };
    await tx.upsertDebtItems([resolved]);
    return { item: resolved, changed: true };
  });
}

/** Open items' monthly interest and principal, in hours. */
export function debtTotals(items: readonly DebtItem[]): { openItems: number; interestHoursPerMonth: number; principalHours: number } {
  const open = items.filter((d) => d.resolvedAt === null);
  return {
    openItems: open.length,
    interestHoursPerMonth: open.reduce((s, d) => s + d.interestHoursPerMonth, 0),
    principalHours: open.reduce((s, d) => s + d.principalHours, 0),
  };
}

/** The snake_case view of an item, as the API and `panorama debt list --format json` show it. */
export interface DebtItemView {
  id: string;
  service: string;
  title: string;
  interest_hours_per_month: number;
  principal_hours: number;
  created_at: string;
  resolved_at: string | null;
  incident_ids: string[];
  pull_request_ids: string[];
  url: string | null;
  source: string;
}

export function debtItemView(d: DebtItem): DebtItemView {
  return {
    id: d.id,
    service: d.service,
    title: d.title,
    interest_hours_per_month: d.interestHoursPerMonth,
    principal_hours: d.principalHours,
    created_at: formatInstant(d.createdAt),
    resolved_at: d.resolvedAt === null ? null : formatInstant(d.resolvedAt),
    incident_ids: d.incidentIds,
    pull_request_ids: d.pullRequestIds,
    url: d.url,
    source: d.origin.source,
  };
}
