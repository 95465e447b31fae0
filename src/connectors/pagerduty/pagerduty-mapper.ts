/**
 * PagerDuty incident → `Incident`. Pure: the raw incident, its log entries and its notes in, one
 * domain record out, so a stored raw payload can be re-mapped without refetching.
 *
 * - id `pagerduty:incident:<PagerDuty id>`; service: the configured name for the PagerDuty
 *   service (`sources.pagerduty.services: { PXXXXXX: api }`), else the service's PagerDuty name.
 * - startedAt = detectedAt = `created_at` (when PagerDuty triggered it: the alert is the
 *   detection); acknowledgedAt = the first `acknowledge_log_entry`; resolvedAt = the resolve time
 *   (`resolved_at`, else the last `resolve_log_entry`), null while not resolved.
 * - severity = the priority's name (`P1`) when priorities are on, else the urgency (`high`).
 * - causedByDeploymentId: only from a `Caused-by: <deployment id>` line the responders wrote in
 *   the title, description, body or a note (the latest such line wins), recorded as an inference
 *   with rule `caused-by-line`; never from time proximity (METRICS.md section 6). A line naming a
 *   commit SHA (7 to 40 hex digits) cannot be turned into a deployment id without the store, so
 *   the SHA is kept as `extra.caused_by_commit_sha` and no link is made.
 *
 * `extra` carries what the business metrics read:
 * ```
 * { incident_number: 1234, urgency: 'high' | 'low', priority: 'P1' | null, status,
 *   responders: [{ id: 'PUSER1', name: 'Ana Lima', from: ISO-8601 UTC, to: ISO-8601 UTC | null }] }
 * ```
 * A responder is a user the incident was assigned to (`assign_log_entry`, and the assignees of
 * `trigger_log_entry` / `escalate_log_entry`), who acknowledged it (`acknowledge_log_entry`) or
 * who was asked to help (`responder_request_log_entry`). `from` is the earliest of those times
 * for that user, `to` the incident's resolution (null while it is open): responder hours are
 * the sum of (to − from). Responders are sorted by `from`, then name; each user appears once.
 */
import { formatInstant, makeId, parseTimestamp, type Incident, type Inference, type Instant } from '../../domain/index.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { PdIncident, PdLogEntry, PdNote, PdReference } from './pagerduty-api-types.js';

/** One incident as fetched: the incident, every log entry and every note. */
export interface PagerdutyIncidentPayload {
  incident: PdIncident;
  logEntries: readonly PdLogEntry[];
  notes: readonly PdNote[];
}

export interface PagerdutyMapContext {
  org: string;
  /** The Panorama service name for this incident's PagerDuty service, when configured. */
  serviceName?: string | undefined;
  /** The raw payload id stamped on the record's origin. */
  rawId: string | null;
}

/** A person who worked on an incident, from when they were pulled in to its resolution. */
export interface PagerdutyResponder {
  id: string;
  name: string;
  /** ISO-8601 UTC. */
  from: string;
  /** ISO-8601 UTC; null while the incident is open. */
  to: string | null;
}

/** `pagerduty:incident:<id>`. */
export function pagerdutyIncidentId(pagerdutyId: string): string {
  return makeId('pagerduty', 'incident', pagerdutyId);
}

function instant(text: string | null | undefined, what: string, incidentId: string): Instant {
  const parsed = parseTimestamp(text ?? '');
  if (!parsed.ok) {
    throw new ConnectorError(
      ERROR_CODES.CONNECTOR_BAD_RESPONSE,
      `PagerDuty incident ${incidentId}: ${what} "${text ?? ''}" is not a timestamp (${parsed.reason})`,
      { details: { source: 'pagerduty', incident: incidentId } },
    );
  }
  return parsed.value;
}

function byTime(entries: readonly PdLogEntry[], type: string, incidentId: string): Array<{ at: Instant; entry: PdLogEntry }> {
  return entries
    .filter((e) => e.type === type)
    .map((entry) => ({ at: instant(entry.created_at, `${type} ${entry.id} created_at`, incidentId), entry }))
    .sort((a, b) => a.at - b.at);
}

const CAUSED_BY = /^[ \t>*-]*caused[ -]by:[ \t]*([^\s,;]+)/gim;
const SHA = /^[0-9a-f]{7,40}$/i;

/** The last `Caused-by:` value in `texts` (in order), with where it was found. */
export function findCausedBy(texts: ReadonlyArray<{ text: string | null | undefined; where: string }>): { value: string; where: string } | null {
  let found: { value: string; where: string } | null = null;
  for (const { text, where } of texts) {
    if (!text) continue;
    for (const match of text.matchAll(CAUSED_BY)) {
      const value = match[1]?.replace(/[.)\]]+$/, '');
      if (value) found = { value, where };
    }
  }
  return found;
}

function respondersOf(entries: readonly PdLogEntry[], resolvedAt: Instant | null, incidentId: string): PagerdutyResponder[] {
  const first = new Map<string, { name: string; from: Instant }>();
  const pull = (user: PdReference | null | undefined, at: Instant): void => {
    if (!user || (user.type !== 'user' && user.type !== 'user_reference')) return;
    const seen = first.get(user.id);
    if (!seen || at < seen.from) first.set(user.id, { name: user.summary ?? user.id, from: at });
  };
  for (const entry of entries) {
    const kind = entry.type;
    if (
      kind !== 'assign_log_entry' &&
      kind !== 'trigger_log_entry' &&
      kind !== 'escalate_log_entry' &&
      kind !== 'acknowledge_log_entry' &&
      kind !== 'responder_request_log_entry'
    ) {
      continue;
    }
    const at = instant(entry.created_at, `${kind} ${entry.id} created_at`, incidentId);
    if (kind === 'acknowledge_log_entry') pull(entry.agent, at);
    for (const user of entry.assignees ?? []) pull(user, at);
    for (const target of entry.responder_request_targets ?? []) pull(target.responder_request_target, at);
  }
  const to = resolvedAt === null ? null : formatInstant(resolvedAt);
  return [...first.entries()]
    .map(([id, r]) => ({ id, name: r.name, fromAt: r.from }))
    .sort((a, b) => a.fromAt - b.fromAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((r) => ({ id: r.id, name: r.name, from: formatInstant(r.fromAt), to }));
}

/** Maps one fetched PagerDuty incident to a domain incident (see the file header for the rules). */
export function mapPagerdutyIncident(payload: PagerdutyIncidentPayload, ctx: PagerdutyMapContext): Incident {
  const { incident, logEntries, notes } = payload;
  const pdId = incident.id;
  const startedAt = instant(incident.created_at, 'created_at', pdId);

  const acks = byTime(logEntries, 'acknowledge_log_entry', pdId);
  let acknowledgedAt: Instant | null = acks[0]?.at ?? null;
  if (acknowledgedAt === null && incident.acknowledgements && incident.acknowledgements.length > 0) {
    acknowledgedAt = Math.min(...incident.acknowledgements.map((a) => instant(a.at, 'acknowledgements.at', pdId)));
  }

  let resolvedAt: Instant | null = null;
  if (incident.status === 'resolved') {
    const resolves = byTime(logEntries, 'resolve_log_entry', pdId);
    const last = resolves[resolves.length - 1];
    if (incident.resolved_at) resolvedAt = instant(incident.resolved_at, 'resolved_at', pdId);
    else if (last) resolvedAt = last.at;
    else resolvedAt = instant(incident.last_status_change_at ?? incident.updated_at, 'last_status_change_at of a resolved incident', pdId);
  }

  const sortedNotes = [...notes].sort((a, b) => instant(a.created_at, 'note created_at', pdId) - instant(b.created_at, 'note created_at', pdId));
  const cause = findCausedBy([
    { text: incident.title, where: 'title' },
    { text: incident.description, where: 'description' },
    { text: incident.body?.details, where: 'body' },
    ...sortedNotes.map((n) => ({ text: n.content, where: `note of ${n.created_at}` })),
  ]);
  const inferences: Inference[] = [];
  let causedByDeploymentId: string | null = null;
  let causedByCommitSha: string | null = null;
  if (cause && SHA.test(cause.value)) {
    causedByCommitSha = cause.value.toLowerCase();
  } else if (cause) {
    causedByDeploymentId = cause.value;
    inferences.push({
      field: 'caused_by_deployment_id',
      value: cause.value,
      rule: 'caused-by-line',
      detail: `PagerDuty incident #${incident.incident_number}'s ${cause.where} says "Caused-by: ${cause.value}"`,
    });
  }

  const priority = incident.priority?.name ?? incident.priority?.summary ?? null;
  const extra: Record<string, unknown> = {
    incident_number: incident.incident_number,
    urgency: incident.urgency,
    priority,
    status: incident.status,
    pagerduty_service_id: incident.service.id,
    responders: respondersOf(logEntries, resolvedAt, pdId),
  };
  if (causedByCommitSha !== null) extra.caused_by_commit_sha = causedByCommitSha;

  return {
    org: ctx.org,
    id: pagerdutyIncidentId(pdId),
    service: ctx.serviceName ?? incident.service.summary ?? incident.service.id,
    title: incident.title,
    startedAt,
    detectedAt: startedAt,
    acknowledgedAt,
    resolvedAt,
    causedByDeploymentId,
    severity: priority ?? incident.urgency,
    inferences,
    url: incident.html_url ?? null,
    origin: { source: 'pagerduty', rawId: ctx.rawId },
    extra,
  };
}
