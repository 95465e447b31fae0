/**
 * The shapes of the PagerDuty REST API v2 that the connector reads, as PagerDuty documents them
 * (https://developer.pagerduty.com/api-reference, schema at github.com/PagerDuty/api-schema).
 * Only the fields Panorama uses are typed; everything else is kept in the raw payload as sent.
 *
 * Lists use classic offset pagination: `limit`, `offset`, `more` (and `total` only when asked
 * with `total=true`). Times are ISO-8601 strings with an offset.
 */

/** A reference to another object (`service_reference`, `user_reference`, `priority_reference`, ...). */
export interface PdReference {
  id: string;
  type: string;
  /** The object's display name (a service's or user's name). */
  summary?: string | null;
  self?: string | null;
  html_url?: string | null;
}

/** An incident's priority: its `name` is what people say (`P1`); null when priorities are off. */
export interface PdPriority extends PdReference {
  name?: string | null;
}

export type PdIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type PdUrgency = 'high' | 'low';

/** `GET /incidents` items and `GET /incidents/{id}`'s `incident`. */
export interface PdIncident {
  id: string;
  type: 'incident';
  /** Unique across the account; what people call the incident (`#1234`). */
  incident_number: number;
  title: string;
  description?: string | null;
  /** When the incident was first triggered. */
  created_at: string;
  updated_at?: string | null;
  /** When the status last changed (the resolution, for a resolved incident). */
  last_status_change_at?: string | null;
  status: PdIncidentStatus;
  /** Set once resolved (newer API responses); the resolve log entry says the same. */
  resolved_at?: string | null;
  urgency: PdUrgency;
  priority?: PdPriority | null;
  service: PdReference;
  acknowledgements?: Array<{ at: string; acknowledger: PdReference }>;
  assignments?: Array<{ at: string; assignee: PdReference }>;
  /** Only with `include[]=body` on the single-incident read; free text the reporter wrote. */
  body?: { type?: string; details?: string | null } | null;
  html_url?: string | null;
}

/** The log entry types the mapper reads; any other type is kept in the raw payload only. */
export type PdLogEntryType =
  | 'trigger_log_entry'
  | 'acknowledge_log_entry'
  | 'assign_log_entry'
  | 'escalate_log_entry'
  | 'responder_request_log_entry'
  | 'resolve_log_entry'
  | 'annotate_log_entry'
  | (string & {});

/** `GET /incidents/{id}/log_entries` items (newest first unless `is_overview`). */
export interface PdLogEntry {
  id: string;
  type: PdLogEntryType;
  created_at: string;
  /** Who (or what) acted: a user for acknowledgements, a service for automatic resolves. */
  agent?: PdReference | null;
  /** Users the incident went to (assign, escalate, trigger entries). */
  assignees?: PdReference[] | null;
  /** Who a responder request asked for (responder_request_log_entry). */
  responder_request_targets?: Array<{ responder_request_target?: PdReference | null }> | null;
  /** How the action came (`note` for annotations, with the text in `summary`). */
  channel?: { type?: string; summary?: string | null; details?: unknown } | null;
  summary?: string | null;
}

/** `GET /incidents/{id}/notes` items. */
export interface PdNote {
  id: string;
  content: string;
  created_at: string;
  user?: PdReference | null;
}

/** Fields every offset-paginated list answers with. */
export interface PdPage {
  limit: number;
  offset: number;
  more: boolean;
  total?: number | null;
}

export interface PdIncidentsPage extends PdPage {
  incidents: PdIncident[];
}

export interface PdLogEntriesPage extends PdPage {
  log_entries: PdLogEntry[];
}

/** Error bodies: `{ error: { code, message, errors? } }`. */
export interface PdErrorBody {
  error?: { code?: number; message?: string; errors?: string[] };
}
