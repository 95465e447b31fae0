/**
 * The PagerDuty sync connector: incidents of one PagerDuty service (scope `PXXXXXX`) or of every
 * service (scope `*`), each with its log entries (acknowledgements, assignments, responder
 * requests, resolution) and notes, mapped to `Incident`s (pagerduty-mapper.ts).
 *
 * Incremental. PagerDuty's `GET /incidents` filters `since`/`until` on the creation time, so an
 * incident created before the last sync and resolved after it would never be listed again. The
 * cursor therefore keeps two things: `since`, the creation time of the newest incident stored
 * (the high-water mark; inclusive, so the boundary incident is read again and upserted
 * idempotently), and `open`, the ids of incidents stored while not yet resolved, which are read
 * again one by one (`GET /incidents/{id}`) at the start of the next sync until they resolve.
 *
 * Each page of incidents (up to 100) is one batch handed to the ingest with the cursor that is
 * true once it is stored, so a killed sync resumes from the last stored page. Lists are sorted
 * by creation time; a date range is read in windows of at most 179 days (PagerDuty refuses
 * wider ones), and a window past PagerDuty's 10,000-item offset limit restarts from the last
 * creation time read.
 */
import { formatInstant, parseTimestamp, type Incident, type RawPayload } from '../../domain/index.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { RecordSink } from '../connector.js';
import type { SyncBatch, SyncCollectResult, SyncConnector, SyncOptions, SyncScope } from '../sync-connector.js';
import type { PdIncident } from './pagerduty-api-types.js';
import { PagerdutyClient, type PagerdutyClientOptions } from './pagerduty-client.js';
import { mapPagerdutyIncident, type PagerdutyIncidentPayload } from './pagerduty-mapper.js';

/** What a PagerDuty scope's sync state holds (see the file header). */
export interface PagerdutyCursor {
  v: 1;
  /** ISO-8601 UTC creation time of the newest incident stored. */
  since: string;
  /** Ids of stored incidents that were not resolved yet. */
  open: string[];
}

export interface PagerdutyConnectorOptions {
  /** Panorama service names by PagerDuty service id (`sources.pagerduty.services`). */
  services?: Readonly<Record<string, string>>;
  /** How far back the first sync reads, in days (default 365). */
  firstSyncDays?: number;
  /** Incidents per page and per batch (PagerDuty's maximum is 100). */
  pageSize?: number;
  /** The clock (tests). */
  now?: () => number;
  /** Client tuning (tests shorten the waits). */
  client?: Pick<PagerdutyClientOptions, 'rateLimitFallbackMs' | 'maxRateLimitWaits' | 'maxRetries' | 'retryBaseMs'>;
}

const DAY_MS = 86_400_000;
const WINDOW_MS = 179 * DAY_MS;
const OFFSET_LIMIT = 10_000;

/** A timestamp already checked (cursor) or to be checked by the mapper (an incident's created_at). */
function instantOf(text: string): number {
  const parsed = parseTimestamp(text);
  return parsed.ok ? parsed.value : Number.NaN;
}

function createdAt(incident: PdIncident): number {
  const at = instantOf(incident.created_at);
  if (Number.isNaN(at)) {
    throw new ConnectorError(ERROR_CODES.CONNECTOR_BAD_RESPONSE, `PagerDuty incident ${incident.id}: created_at "${incident.created_at}" is not a timestamp`, {
      details: { source: 'pagerduty', incident: incident.id },
    });
  }
  return at;
}

function readCursor(cursor: unknown): PagerdutyCursor | null {
  const c = cursor as Partial<PagerdutyCursor> | null | undefined;
  if (!c || c.v !== 1 || typeof c.since !== 'string' || !Array.isArray(c.open)) return null;
  if (!parseTimestamp(c.since).ok || !c.open.every((id) => typeof id === 'string')) return null;
  return { v: 1, since: c.since, open: [...c.open] };
}

/** Creates the connector; `options` come from the config (the registry passes none). */
export function createPagerdutyConnector(options: PagerdutyConnectorOptions = {}): SyncConnector {
  const now = options.now ?? Date.now;
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));

  return {
    source: 'pagerduty',
    description: 'PagerDuty incidents with acknowledgement, resolution, urgency, priority and responders',
    scopeKey(scope) {
      return Promise.resolve(`pagerduty:${scope.name}`);
    },
    async collect(scope: SyncScope, sync: SyncOptions, rawCursor: unknown, sink: RecordSink<SyncBatch>): Promise<SyncCollectResult> {
      const all = scope.name === '*';
      if (!all && !/^[A-Z0-9]+$/.test(scope.name)) {
        throw new ConnectorError(
          ERROR_CODES.CONNECTOR_NOT_FOUND,
          `"${scope.name}" is not a PagerDuty service id (like PX1Y2Z3) nor "*" for every service`,
          { details: { source: 'pagerduty', scope: scope.name, status: null, retryable: false } },
        );
      }
      const client = new PagerdutyClient({
        ...options.client,
        token: sync.token,
        apiUrl: scope.apiUrl,
        scope: scope.name,
        signal: sync.signal,
        onRateLimitWait: sync.onRateLimitWait,
        now,
      });
      const startedAt = now();
      const previous = readCursor(rawCursor);
      let sinceAt = previous ? instantOf(previous.since) : startedAt - (options.firstSyncDays ?? 365) * DAY_MS;
      let since = formatInstant(sinceAt);
      const open = new Set<string>();
      const seen = new Set<string>();
      let done = 0;

      const serviceName = (incident: PdIncident): string | undefined =>
        (!all ? scope.service : undefined) ?? options.services?.[incident.service.id];

      const fetchOne = async (incident: PdIncident): Promise<{ record: Incident; raw: RawPayload[] }> => {
        const logEntries = await client.listLogEntries(incident.id);
        const notes = await client.listNotes(incident.id);
        const payload: PagerdutyIncidentPayload = { incident, logEntries, notes };
        const fetchedAt = now();
        const raw: RawPayload[] = [
          { org: sync.org, source: 'pagerduty', entity: 'incidents', key: incident.id, payload: incident, fetchedAt },
          { org: sync.org, source: 'pagerduty', entity: 'incident_log_entries', key: incident.id, payload: logEntries, fetchedAt },
          { org: sync.org, source: 'pagerduty', entity: 'incident_notes', key: incident.id, payload: notes, fetchedAt },
        ];
        const record = mapPagerdutyIncident(payload, { org: sync.org, serviceName: serviceName(incident), rawId: `incidents:${incident.id}` });
        if (incident.status === 'resolved') open.delete(incident.id);
        else open.add(incident.id);
        seen.add(incident.id);
        return { record, raw };
      };

      const emit = async (items: Array<{ record: Incident; raw: RawPayload[] }>, pending: readonly string[]): Promise<void> => {
        done += items.length;
        sync.onProgress?.({ scope: scope.name, phase: 'incidents', done, requests: client.requests });
        const cursor: PagerdutyCursor = { v: 1, since, open: [...new Set([...pending, ...open])].sort() };
        await sink.onRecords({ records: { incidents: items.map((i) => i.record) }, raw: items.flatMap((i) => i.raw), cursor });
      };

      // 1. Incidents still open at the last sync: read each again until it resolves.
      const toRefresh = previous?.open ?? [];
      for (let i = 0; i < toRefresh.length; i += pageSize) {
        const items: Array<{ record: Incident; raw: RawPayload[] }> = [];
        for (const id of toRefresh.slice(i, i + pageSize)) {
          const incident = await client.getIncident(id);
          // Deleted, or moved to a service outside this scope: nothing more to follow.
          if (incident === null || (!all && incident.service.id !== scope.name)) continue;
          items.push(await fetchOne(incident));
        }
        await emit(items, toRefresh.slice(i + pageSize));
      }

      // 2. Incidents created since the high-water mark, oldest first, a page per batch.
      const until = startedAt;
      let windowStart = sinceAt;
      while (windowStart < until) {
        const windowEnd = Math.min(until, windowStart + WINDOW_MS);
        let restartAt: number | null = null;
        for (let offset = 0; ; ) {
          const query: Record<string, string | string[]> = {
            since: formatInstant(windowStart),
            until: formatInstant(windowEnd),
            sort_by: 'created_at:asc',
            time_zone: 'UTC',
            limit: String(pageSize),
            offset: String(offset),
          };
          if (!all) query['service_ids[]'] = [scope.name];
          const page = await client.listIncidents(query);
          const items: Array<{ record: Incident; raw: RawPayload[] }> = [];
          for (const incident of page.incidents) {
            if (seen.has(incident.id)) continue;
            items.push(await fetchOne(incident));
          }
          const last = page.incidents[page.incidents.length - 1];
          const lastAt = last ? createdAt(last) : null;
          if (lastAt !== null && lastAt > sinceAt) {
            sinceAt = lastAt;
            since = formatInstant(lastAt);
          }
          if (items.length > 0 || page.incidents.length > 0) await emit(items, []);
          if (!page.more || page.incidents.length === 0) break;
          offset = page.offset + page.incidents.length;
          if (offset + pageSize > OFFSET_LIMIT) {
            if (lastAt === null || lastAt <= windowStart) {
              throw new ConnectorError(
                ERROR_CODES.CONNECTOR_REQUEST_FAILED,
                `PagerDuty has more than ${OFFSET_LIMIT} incidents created at ${formatInstant(windowStart)} for ${scope.name}; Panorama cannot page past PagerDuty's offset limit`,
                { details: { source: 'pagerduty', scope: scope.name, status: null, retryable: false } },
              );
            }
            restartAt = lastAt;
            break;
          }
        }
        windowStart = restartAt ?? windowEnd;
      }

      const cursor: PagerdutyCursor = { v: 1, since, open: [...open].sort() };
      return { cursor, requests: client.requests };
    },
  };
}
