/**
 * What the server needs from storage beyond the record store: API tokens, webhook deliveries
 * with their raw payloads, keyset pages of records and the data version that invalidates the
 * report cache. The types live in storage/store.ts (both stores implement them); this module is
 * the server's one import of them.
 */
export type {
  ApiToken,
  ApiTokenKind,
  ApiTokenRole,
  ChangePageQuery,
  PageQuery,
  Store,
  SyncStatus,
  WebhookDelivery,
} from '../storage/index.js';
