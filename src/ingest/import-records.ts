/**
 * Validates and maps records of the import format (METRICS.md section 7) one at a time, each
 * problem with the path a user needs (`deployments[3].finished_at`). Shared by the file import
 * (import-file.ts) and the server's generic webhook, which accepts the same document as a body.
 */
import { z } from 'zod';
import {
  commitInputSchema,
  debtItemInputSchema,
  deploymentInputSchema,
  incidentInputSchema,
  mapCommit,
  mapDebtItem,
  mapDeployment,
  mapIncident,
  mapPullRequest,
  mapRepository,
  mapUptimeSample,
  pullRequestInputSchema,
  repositoryInputSchema,
  uptimeSampleInputSchema,
  type ImportContext,
  type RecordKind,
} from '../domain/index.js';
import type { Problem } from '../shared/errors.js';
import { parseCommitFast } from './commit-fast-path.js';
import { documentItems } from './import-reader.js';
import type { AnyRecord } from './record-batcher.js';

/** `deployments[3]` + ['finished_at'] → `deployments[3].finished_at`; NDJSON: `line 12: deployment.finished_at`. */
export function formatIssuePath(base: string, path: readonly PropertyKey[]): string {
  return base + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** A mapped record, or the issues that stop it (paths relative to the record). */
export type Mapped =
  | { ok: true; record: AnyRecord }
  | { ok: false; issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> };

/** Zod says "expected string, received undefined"; a user understands "is missing". */
const missingAsWords = {
  error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is missing' : undefined),
};

function parseWith<S extends z.ZodType, R extends AnyRecord>(
  schema: S,
  value: unknown,
  build: (data: z.output<S>) => R,
): Mapped {
  const parsed = schema.safeParse(value, missingAsWords);
  return parsed.success
    ? { ok: true, record: build(parsed.data) }
    : { ok: false, issues: parsed.error.issues };
}

/** Validates one raw record of kind `kind` and maps it to its domain record. */
export function mapRecord(
  kind: RecordKind,
  value: Record<string, unknown>,
  ctx: ImportContext,
): Mapped {
  switch (kind) {
    case 'repository':
      return parseWith(repositoryInputSchema, value, (d) => ({
        kind,
        value: mapRepository(d, ctx),
      }));
    case 'commit': {
      const fast = parseCommitFast(value);
      if (fast !== undefined) return { ok: true, record: { kind, value: mapCommit(fast, ctx) } };
      return parseWith(commitInputSchema, value, (d) => ({ kind, value: mapCommit(d, ctx) }));
    }
    case 'pull_request':
      return parseWith(pullRequestInputSchema, value, (d) => ({
        kind,
        value: mapPullRequest(d, ctx),
      }));
    case 'deployment':
      return parseWith(deploymentInputSchema, value, (d) => ({
        kind,
        value: mapDeployment(d, ctx),
      }));
    case 'incident':
      return parseWith(incidentInputSchema, value, (d) => ({ kind, value: mapIncident(d, ctx) }));
    case 'uptime_sample':
      return parseWith(uptimeSampleInputSchema, value, (d) => ({ kind, value: mapUptimeSample(d, ctx) }));
    case 'debt_item':
      return parseWith(debtItemInputSchema, value, (d) => ({ kind, value: mapDebtItem(d, ctx) }));
  }
}

/**
 * Maps a whole parsed JSON document (as a file import would): every record, or every problem.
 * `ctx` gives the organisation and origin; the document's `repository` and `service` set the
 * defaults of the records after them, as in a file.
 */
export function mapImportDocument(
  doc: unknown,
  ctx: ImportContext,
): { records: AnyRecord[]; problems: Problem[] } {
  const context: ImportContext = { ...ctx };
  const records: AnyRecord[] = [];
  const problems: Problem[] = [];
  for (const item of documentItems(doc)) {
    if (item.type === 'problem') problems.push(item.problem);
    else if (item.type === 'document') context.service = item.service ?? context.service;
    else {
      const mapped = mapRecord(item.kind, item.value, context);
      if (!mapped.ok) {
        for (const issue of mapped.issues)
          problems.push({ path: formatIssuePath(item.path, issue.path), message: issue.message });
        continue;
      }
      if (mapped.record.kind === 'repository') context.repository = mapped.record.value.name;
      records.push(mapped.record);
    }
  }
  return { records, problems };
}
