/**
 * Raw payload <-> row mapping, shared by both stores (see rows.ts for the machinery).
 * @internal
 */
import type { RawPayload } from '../domain/index.js';
import { tableSpec } from './rows.js';
import type { RawPayloadsTable } from './tables.js';

/** How raw payloads are written: key (org, source, entity, key); a refetch replaces the payload. */
export const rawPayloadSpec = tableSpec<RawPayload, 'raw_payloads'>(
  'raw_payloads',
  {
    org: 'text',
    source: 'text',
    entity: 'text',
    key: 'text',
    payload: 'json',
    fetched_at: 'bigint',
  },
  ['org', 'source', 'entity', 'key'],
  (r) => ({
    org: r.org,
    source: r.source,
    entity: r.entity,
    key: r.key,
    payload: JSON.stringify(r.payload),
    fetched_at: r.fetchedAt,
  }),
);

export function rawPayloadFromRow(row: RawPayloadsTable): RawPayload {
  return {
    org: row.org,
    source: row.source,
    entity: row.entity,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    fetchedAt: Number(row.fetched_at),
  };
}
