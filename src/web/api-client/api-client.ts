/**
 * The dashboard's only door to the server: same-origin fetches under /api/v1, authenticated by
 * the session cookie that /login sets. Errors keep the API's stable code.
 */
import type { DeploymentRecord, IncidentRecord, Organization, Page, PullRequestRecord, Report, ReportWindow, Repository, Service } from './types.js';
import type { BusinessAnswer } from './business-types.js';

/** An error answer of the API (`{ error: { code, message } }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiError(response.status, body.error.code, body.error.message);
    throw new ApiError(response.status, 'HTTP_ERROR', `${path} answered ${response.status}`);
  }
  return body as T;
}

/** The organisations the session may see. */
export async function fetchOrgs(signal?: AbortSignal): Promise<Organization[]> {
  return (await getJson<{ items: Organization[] }>('/api/v1/orgs', signal)).items;
}

/** An organisation's services. */
export async function fetchServices(org: string, signal?: AbortSignal): Promise<Service[]> {
  return (await getJson<{ items: Service[] }>(`/api/v1/orgs/${encodeURIComponent(org)}/services`, signal)).items;
}

/** An organisation's repositories (their URLs make commit links). */
export async function fetchRepositories(org: string, signal?: AbortSignal): Promise<Repository[]> {
  return (await getJson<{ items: Repository[] }>(`/api/v1/orgs/${encodeURIComponent(org)}/repositories`, signal)).items;
}

/** The record lists the dashboard reads, and their item shapes. */
export interface RecordLists {
  deployments: DeploymentRecord;
  incidents: IncidentRecord;
  'pull-requests': PullRequestRecord;
}

/** Most records one list shows: past it the dashboard says the list is cut. */
export const MAX_RECORDS = 20_000;

/**
 * Every record of a list matching `params` (the API's filters: from, to, service, ...), page by
 * page (1,000 a page) up to MAX_RECORDS; `truncated` says when more exist.
 */
export async function fetchAllRecords<K extends keyof RecordLists>(
  org: string,
  list: K,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ items: RecordLists[K][]; truncated: boolean }> {
  const items: RecordLists[K][] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ ...params, limit: '1000' });
    if (cursor !== null) q.set('cursor', cursor);
    const page: Page<RecordLists[K]> = await getJson(`/api/v1/orgs/${encodeURIComponent(org)}/${list}?${q.toString()}`, signal);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null && items.length < MAX_RECORDS);
  return { items, truncated: cursor !== null };
}

/** The report URL for a window, optionally one service, with or without its evidence lists. */
export function reportPath(org: string, window: ReportWindow, service: string | null, evidence: boolean): string {
  const q = new URLSearchParams({ since: window.since, until: window.until });
  if (window.timezone !== null) q.set('timezone', window.timezone);
  if (service !== null) q.set('service', service);
  q.set('evidence', evidence ? 'true' : 'false');
  return `/api/v1/orgs/${encodeURIComponent(org)}/metrics?${q.toString()}`;
}

/** One page of GET /metrics/evidence. */
interface EvidencePage<T> {
  total: number;
  items: T[];
}

/**
 * A whole evidence list of the report (`time_to_restore_service.per_incident`, ...) from
 * /metrics/evidence, 1,000 items a page, up to MAX_RECORDS: a short list without downloading
 * the report with every evidence list.
 */
export async function fetchEvidenceList<T>(
  org: string,
  window: ReportWindow,
  service: string | null,
  list: string,
  signal?: AbortSignal,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let total = Infinity;
  while (items.length < total && items.length < MAX_RECORDS) {
    const q = new URLSearchParams(reportPath(org, window, service, false).split('?')[1]);
    q.delete('evidence');
    q.set('list', list);
    q.set('offset', String(items.length));
    q.set('limit', '1000');
    const page: EvidencePage<T> = await getJson(`/api/v1/orgs/${encodeURIComponent(org)}/metrics/evidence?${q.toString()}`, signal);
    total = page.total;
    if (page.items.length === 0) break;
    items.push(...page.items);
  }
  return { items, truncated: items.length < total };
}

/** The report of one organisation (or one of its services) for a window. */
export async function fetchReport(
  org: string,
  window: ReportWindow,
  service: string | null,
  evidence: boolean,
  signal?: AbortSignal,
): Promise<Report> {
  return getJson<Report>(reportPath(org, window, service, evidence), signal);
}

/** The board page of an organisation for a window (GET /business): KPIs, money, SLOs, narrative. */
export async function fetchBusiness(org: string, window: ReportWindow, signal?: AbortSignal): Promise<BusinessAnswer> {
  const q = new URLSearchParams({ since: window.since, until: window.until });
  if (window.timezone !== null) q.set('timezone', window.timezone);
  return getJson<BusinessAnswer>(`/api/v1/orgs/${encodeURIComponent(org)}/business?${q.toString()}`, signal);
}
