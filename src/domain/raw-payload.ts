/**
 * A source's payload exactly as fetched, kept so mapping can be re-run without refetching
 * (ARCHITECTURE.md: raw store → map → domain records). Keyed by (org, source, entity, key): a
 * later fetch of the same object replaces the earlier one.
 */
import type { Instant } from './time.js';

export interface RawPayload {
  org: string;
  /** `github`, `gitlab`, `pagerduty`. */
  source: string;
  /** The source's object type, snake_case plural (`pull_requests`, `deployment_statuses`). */
  entity: string;
  /** The object's native key within source and entity (`acme/api#123`). */
  key: string;
  /** The JSON as the API sent it. */
  payload: unknown;
  fetchedAt: Instant;
}
