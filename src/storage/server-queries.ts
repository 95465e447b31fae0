/**
 * The team server's queries, written once with kysely for both databases: API tokens, webhook
 * deliveries and their raw payloads, data versions, records by id and keyset pages.
 * @internal
 */
import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Commit, Deployment, Incident, PullRequest } from '../domain/index.js';
import { deploymentFromRow, incidentFromRow, pullRequestFromRow } from './event-rows.js';
import { commitFromRow } from './rows.js';
import type {
  ApiToken,
  ApiTokenKind,
  ApiTokenRole,
  ChangePageQuery,
  PageQuery,
  WebhookDelivery,
} from './store.js';
import type { ApiTokensTable, Database } from './tables.js';

/** Counter rows per organisation in `data_versions` (see the migration). */
export const DATA_VERSION_SHARDS = 8;

/** Bumps one counter row of an organisation (SQLite's native statement: `?` = org, shard). */
export const BUMP_DATA_VERSION_SQL =
  'INSERT INTO "data_versions" ("org", "shard", "version") VALUES (?, ?, 1) ' +
  'ON CONFLICT ("org", "shard") DO UPDATE SET "version" = "data_versions"."version" + 1';

function tokenFromRow(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    kind: row.kind as ApiTokenKind,
    org: row.org,
    role: row.role as ApiTokenRole,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

export async function createApiToken(db: Kysely<Database>, t: ApiToken): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      token_hash: t.tokenHash,
      kind: t.kind,
      org: t.org,
      role: t.role,
      name: t.name,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      used_at: t.usedAt,
      revoked_at: t.revokedAt,
    })
    .execute();
}

export async function findApiToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiToken | null> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row === undefined ? null : tokenFromRow(row);
}

export async function listApiTokens(db: Kysely<Database>, org?: string): Promise<ApiToken[]> {
  let q = db.selectFrom('api_tokens').selectAll();
  if (org !== undefined) q = q.where('org', '=', org);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(tokenFromRow);
}

export async function consumeApiToken(
  db: Kysely<Database>,
  tokenHash: string,
  at: number,
): Promise<ApiToken | null> {
  // One conditional UPDATE: of two concurrent calls, only one matches `used_at IS NULL`.
  const row = await db
    .updateTable('api_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : tokenFromRow(row);
}

export async function revokeApiToken(
  db: Kysely<Database>,
  id: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Records deliveries with their raw payloads; true for each one stored now, false for one
 * already stored (or repeated earlier in the list). Two statements whatever the count.
 */
export async function recordWebhookDeliveries(
  db: Kysely<Database>,
  list: readonly WebhookDelivery[],
): Promise<boolean[]> {
  if (list.length === 0) return [];
  const keyOf = (org: string, source: string, id: string) => `${org}\u0000${source}\u0000${id}`;
  const first = new Map<string, number>();
  list.forEach((d, i) => {
    const key = keyOf(d.org, d.source, d.deliveryId);
    if (!first.has(key)) first.set(key, i);
  });
  const unique = [...first.values()].map((i) => list[i]!);
  const inserted = new Set<string>();
  for (const part of chunk(unique, 1_000)) {
    const rows = await db
      .insertInto('webhook_deliveries')
      .values(
        part.map((d) => ({
          org: d.org,
          source: d.source,
          delivery_id: d.deliveryId,
          event: d.event,
          received_at: d.receivedAt,
          records: d.records,
        })),
      )
      .onConflict((oc) => oc.columns(['org', 'source', 'delivery_id']).doNothing())
      .returning(['org', 'source', 'delivery_id'])
      .execute();
    for (const r of rows) inserted.add(keyOf(r.org, r.source, r.delivery_id));
  }
  const fresh = unique.filter((d) => inserted.has(keyOf(d.org, d.source, d.deliveryId)));
  for (const part of chunk(fresh, 1_000)) {
    await db
      .insertInto('raw_webhook_payloads')
      .values(
        part.map((d) => ({
          org: d.org,
          source: d.source,
          delivery_id: d.deliveryId,
          headers: JSON.stringify(d.headers),
          payload: d.payload,
        })),
      )
      .execute();
  }
  return list.map((d, i) => {
    const key = keyOf(d.org, d.source, d.deliveryId);
    return first.get(key) === i && inserted.has(key);
  });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function countWebhookDeliveries(
  db: Kysely<Database>,
  query: { org?: string; source?: string } = {},
): Promise<number> {
  let q = db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n'));
  if (query.org !== undefined) q = q.where('org', '=', query.org);
  if (query.source !== undefined) q = q.where('source', '=', query.source);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getDataVersion(db: Kysely<Database>, org: string): Promise<number> {
  const row = await db
    .selectFrom('data_versions')
    .select((eb) => eb.fn.sum<number | string | null>('version').as('v'))
    .where('org', '=', org)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** Bumps the data version of each organisation (sorted, so concurrent writers lock in one order). */
export async function bumpDataVersions(
  db: Kysely<Database>,
  orgs: Iterable<string>,
  shard: number,
): Promise<void> {
  for (const org of [...new Set(orgs)].sort()) {
    await db
      .insertInto('data_versions')
      .values({ org, shard, version: 1 })
      .onConflict((oc) =>
        oc
          .columns(['org', 'shard'])
          .doUpdateSet({ version: sql<number>`"data_versions"."version" + 1` }),
      )
      .execute();
  }
}

export async function getPullRequests(
  db: Kysely<Database>,
  org: string,
  ids: readonly string[],
): Promise<PullRequest[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('pull_requests')
    .selectAll()
    .where('org', '=', org)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(pullRequestFromRow);
}

export async function getDeployments(
  db: Kysely<Database>,
  org: string,
  ids: readonly string[],
): Promise<Deployment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('deployments')
    .selectAll()
    .where('org', '=', org)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(deploymentFromRow);
}

export async function getIncidents(
  db: Kysely<Database>,
  org: string,
  ids: readonly string[],
): Promise<Incident[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .where('org', '=', org)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(incidentFromRow);
}

type EventTable = 'deployments' | 'pull_requests' | 'incidents';
const TIME: Record<EventTable, 'finished_at' | 'created_at' | 'started_at'> = {
  deployments: 'finished_at',
  pull_requests: 'created_at',
  incidents: 'started_at',
};

/** One page of a time-listed table: the shared filters, then `extra` for the table's own. */
async function pageOf<T extends EventTable>(
  db: Kysely<Database>,
  table: T,
  q: PageQuery,
): Promise<Database[T][]> {
  // As kysely-queries' selectByTime: one body for three tables, on the columns they share.
  const common = db as unknown as Kysely<Record<string, Record<string, string | number | null>>>;
  const time: string = TIME[table];
  let query = common.selectFrom(table).selectAll().where('org', '=', q.org);
  if (q.service !== undefined) query = query.where('service', '=', q.service);
  if (q.range?.from !== undefined) query = query.where(time, '>=', q.range.from);
  if (q.range?.to !== undefined) query = query.where(time, '<', q.range.to);
  if (q.status !== undefined) {
    if (table === 'deployments') query = query.where('status', '=', q.status);
    else if (table === 'pull_requests') query = query.where('state', '=', q.status);
    else query = query.where('resolved_at', q.status === 'open' ? 'is' : 'is not', null);
  }
  if (q.environment !== undefined && table === 'deployments')
    query = query.where('environment', '=', q.environment);
  const after = q.after;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([eb(time, '>', after.at), eb.and([eb(time, '=', after.at), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query.orderBy(time).orderBy('id').limit(q.limit).execute();
  return rows as unknown as Database[T][];
}

export async function pageDeployments(db: Kysely<Database>, q: PageQuery): Promise<Deployment[]> {
  return (await pageOf(db, 'deployments', q)).map(deploymentFromRow);
}

export async function pagePullRequests(db: Kysely<Database>, q: PageQuery): Promise<PullRequest[]> {
  return (await pageOf(db, 'pull_requests', q)).map(pullRequestFromRow);
}

export async function pageIncidents(db: Kysely<Database>, q: PageQuery): Promise<Incident[]> {
  return (await pageOf(db, 'incidents', q)).map(incidentFromRow);
}

export async function pageChanges(db: Kysely<Database>, q: ChangePageQuery): Promise<Commit[]> {
  if (q.repositories?.length === 0) return [];
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const parentCount: Expression<number> = isPostgres
    ? sql<number>`jsonb_array_length("parents")`
    : sql<number>`json_array_length("parents")`;
  let query = db
    .selectFrom('commits')
    .selectAll()
    .where('org', '=', q.org)
    .where(sql<SqlBool>`${parentCount} < 2`);
  if (q.repositories !== undefined) query = query.where('repository', 'in', [...q.repositories]);
  if (q.range?.from !== undefined) query = query.where('committed_at', '>=', q.range.from);
  if (q.range?.to !== undefined) query = query.where('committed_at', '<', q.range.to);
  const after = q.after;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('committed_at', '>', after.at),
        eb.and([eb('committed_at', '=', after.at), eb('repository', '>', after.repository)]),
        eb.and([
          eb('committed_at', '=', after.at),
          eb('repository', '=', after.repository),
          eb('sha', '>', after.sha),
        ]),
      ]),
    );
  }
  const rows = await query
    .orderBy('committed_at')
    .orderBy('repository')
    .orderBy('sha')
    .limit(q.limit)
    .execute();
  return rows.map((row) => commitFromRow(row, q.org));
}
