/**
 * A deployments file, for teams whose deployments are neither tags nor merges: CSV with a
 * header row, or JSON (an array, or `{deployments: [...]}`), one deployment per row with
 * `finished_at` (ISO-8601 with an offset) and `commit_sha` or `ref`, and optionally `id`,
 * `service`, `environment` (default production), `status` (default success) and `started_at`.
 * Every problem is listed with its row before anything is used.
 */
import { readFile } from 'node:fs/promises';
import { makeId } from '../../domain/ids.js';
import type { DeploymentStatus } from '../../domain/records.js';
import { formatInstant, parseTimestamp, type Instant } from '../../domain/time.js';
import { ConnectorError } from '../../shared/errors.js';
import { ERROR_CODES } from '../../shared/error-codes.js';
import type { DeploymentCandidate } from './deployment-detection.js';
import { parseVersion } from './deployment-detection.js';
import { globMatcher } from './glob.js';

/** One valid row, before its ref is resolved to a commit. */
export interface DeploymentRow {
  row: number;
  id: string | null;
  service: string | null;
  environment: string;
  status: DeploymentStatus;
  originalStatus: string;
  startedAt: Instant | null;
  finishedAt: Instant;
  /** A commit sha (possibly abbreviated) or a ref, as written. */
  revision: string;
  isRef: boolean;
}

const STATUS: Record<string, DeploymentStatus> = {
  success: 'success', succeeded: 'success', successful: 'success', ok: 'success', done: 'success',
  failure: 'failure', failed: 'failure', error: 'failure',
  cancelled: 'cancelled', canceled: 'cancelled', aborted: 'cancelled',
};

/** Splits CSV text (RFC 4180: quotes, doubled quotes, newlines inside quotes) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function recordsOf(text: string, path: string): Array<Record<string, unknown>> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new ConnectorError(ERROR_CODES.GIT_DEPLOYMENTS_FILE_INVALID, `${path}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const list = Array.isArray(doc) ? doc : (doc as { deployments?: unknown }).deployments;
    if (!Array.isArray(list)) {
      throw new ConnectorError(ERROR_CODES.GIT_DEPLOYMENTS_FILE_INVALID, `${path}: expected a JSON array of deployments or {"deployments": [...]}`);
    }
    return list.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {}));
  }
  const [header, ...rows] = parseCsv(text);
  const keys = (header ?? []).map((h) => h.trim().toLowerCase());
  return rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, (r[i] ?? '').trim()])));
}

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

/**
 * Validates the rows of a deployments file. Throws GIT_DEPLOYMENTS_FILE_INVALID listing every
 * problem (the first 20 in the message, all in `details.problems`).
 */
export function parseDeploymentRows(content: string, path: string): DeploymentRow[] {
  const problems: string[] = [];
  const badRows = new Set<number>();
  const rows: DeploymentRow[] = [];
  recordsOf(content, path).forEach((r, index) => {
    const row = index + 1;
    const fail = (m: string): void => {
      problems.push(`row ${row}: ${m}`);
      badRows.add(row);
    };
    const finishedText = text(r['finished_at']);
    const finished = finishedText === null ? null : parseTimestamp(finishedText);
    if (finished === null) fail('finished_at is missing');
    else if (!finished.ok) fail(`finished_at: ${finished.reason}`);
    const startedText = text(r['started_at']);
    const started = startedText === null ? null : parseTimestamp(startedText);
    if (started && !started.ok) fail(`started_at: ${started.reason}`);
    const sha = text(r['commit_sha']);
    const ref = text(r['ref']);
    if (sha !== null && !/^[0-9a-fA-F]{4,64}$/.test(sha)) fail(`commit_sha "${sha}" is not a hexadecimal sha`);
    if (sha === null && ref === null) fail('commit_sha or ref is required');
    const statusText = (text(r['status']) ?? 'success').toLowerCase();
    const status = STATUS[statusText];
    if (!status) fail(`status "${statusText}" is not one of success, failure, cancelled`);
    if (!finished?.ok || (started && !started.ok) || !status || (sha === null && ref === null)) return;
    rows.push({
      row,
      id: text(r['id']),
      service: text(r['service']),
      environment: text(r['environment']) ?? 'production',
      status,
      originalStatus: statusText,
      startedAt: started?.ok ? started.value : null,
      finishedAt: finished.value,
      revision: (sha ?? ref) as string,
      isRef: sha === null,
    });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('; ');
    const more = problems.length > 20 ? `; and ${problems.length - 20} more` : '';
    throw new ConnectorError(ERROR_CODES.GIT_DEPLOYMENTS_FILE_INVALID, `${path}: ${badRows.size} invalid row(s): ${shown}${more}`, { details: { problems } });
  }
  return rows;
}

/** Reads a deployments file's text; a missing or unreadable file is GIT_DEPLOYMENTS_FILE_UNREADABLE. */
export async function readDeploymentsFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConnectorError(
      ERROR_CODES.GIT_DEPLOYMENTS_FILE_UNREADABLE,
      `${path}: cannot read the deployments file (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}); check --deployments`,
      { cause: error },
    );
  }
}

/** Turns rows into deployment candidates; `commitOf` gives each row's resolved commit sha. */
export function fileDeployments(
  rows: readonly DeploymentRow[],
  commitOf: ReadonlyMap<string, string>,
  ctx: { repository: string; defaultService: string; productionEnvironments: readonly string[] },
): DeploymentCandidate[] {
  const isProduction = globMatcher(ctx.productionEnvironments);
  return rows.map((r) => {
    const service = r.service ?? ctx.defaultService;
    const environment = isProduction(r.environment) ? 'production' : r.environment;
    const commitSha = commitOf.get(r.revision) as string;
    return {
      id: r.id ?? makeId('git', 'deployment', ctx.repository, 'file', service, environment, formatInstant(r.finishedAt)),
      service,
      commitSha,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      environment,
      originalEnvironment: r.environment,
      status: r.status,
      originalStatus: r.originalStatus,
      label: r.id ?? `row ${r.row}`,
      ref: r.isRef ? r.revision : null,
      version: r.isRef ? parseVersion(r.revision) : null,
      extra: { detected_by: 'file', row: r.row },
      emit: true,
    };
  });
}
