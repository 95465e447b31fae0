/**
 * Uptime sample and debt item <-> row mapping, and their list queries, shared by both stores
 * (see rows.ts for the machinery). A debt item's linked ids are JSON arrays; its hours are
 * doubles. An uptime sample keeps only its origin's source (samples are imported, not fetched).
 * @internal
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { DebtItem, UptimeSample } from '../domain/index.js';
import { fromJsonArray, fromJsonObject, tableSpec, toJson, toJsonOrNull } from './rows.js';
import type { DebtListQuery, UptimeListQuery } from './store.js';
import type { Database, DebtItemsTable, UptimeSamplesTable } from './tables.js';

/** How uptime samples are written: key (org, service, at); a later sample replaces it. */
export const uptimeSampleSpec = tableSpec<UptimeSample, 'uptime_samples'>(
  'uptime_samples',
  { org: 'text', service: 'text', at: 'bigint', good: 'bigint', total: 'bigint', source: 'text' },
  ['org', 'service', 'at'],
  (s) => ({ org: s.org, service: s.service, at: s.at, good: s.good, total: s.total, source: s.origin.source }),
);

export function uptimeSampleFromRow(row: UptimeSamplesTable): UptimeSample {
  return {
    org: row.org,
    service: row.service,
    at: Number(row.at),
    good: Number(row.good),
    total: Number(row.total),
    origin: { source: row.source, rawId: null },
  };
}

/** How debt items are written: key (org, id). */
export const debtItemSpec = tableSpec<DebtItem, 'debt_items'>(
  'debt_items',
  {
    org: 'text',
    id: 'text',
    service: 'text',
    title: 'text',
    interest_hours_per_month: 'double',
    principal_hours: 'double',
    created_at: 'bigint',
    resolved_at: 'bigint',
    incident_ids: 'json',
    pull_request_ids: 'json',
    url: 'text',
    source: 'text',
    extra: 'json',
  },
  ['org', 'id'],
  (d) => ({
    org: d.org,
    id: d.id,
    service: d.service,
    title: d.title,
    interest_hours_per_month: d.interestHoursPerMonth,
    principal_hours: d.principalHours,
    created_at: d.createdAt,
    resolved_at: d.resolvedAt ?? null,
    incident_ids: toJson(d.incidentIds),
    pull_request_ids: toJson(d.pullRequestIds),
    url: d.url ?? null,
    source: d.origin.source,
    extra: toJsonOrNull(d.extra),
  }),
);

export function debtItemFromRow(row: DebtItemsTable): DebtItem {
  return {
    org: row.org,
    id: row.id,
    service: row.service,
    title: row.title,
    interestHoursPerMonth: Number(row.interest_hours_per_month),
    principalHours: Number(row.principal_hours),
    createdAt: Number(row.created_at),
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
    incidentIds: fromJsonArray<string>(row.incident_ids),
    pullRequestIds: fromJsonArray<string>(row.pull_request_ids),
    url: row.url,
    origin: { source: row.source, rawId: null },
    extra: fromJsonObject(row.extra),
  };
}

/** Uptime samples by time, then service; `range` filters on `at` (from inclusive, to exclusive). */
export function selectUptimeSamples(db: Kysely<Database>, query: UptimeListQuery): CompiledQuery<UptimeSamplesTable> {
  let q = db.selectFrom('uptime_samples').selectAll().where('org', '=', query.org);
  if (query.service !== undefined) q = q.where('service', '=', query.service);
  if (query.range?.from !== undefined) q = q.where('at', '>=', query.range.from);
  if (query.range?.to !== undefined) q = q.where('at', '<', query.range.to);
  return q.orderBy('at').orderBy('service').compile();
}

/** Debt items by creation time, then id. */
export function selectDebtItems(db: Kysely<Database>, query: DebtListQuery): CompiledQuery<DebtItemsTable> {
  let q = db.selectFrom('debt_items').selectAll().where('org', '=', query.org);
  if (query.service !== undefined) q = q.where('service', '=', query.service);
  return q.orderBy('created_at').orderBy('id').compile();
}
