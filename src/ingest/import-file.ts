/**
 * `panorama import FILE`: validates every record of a JSON or NDJSON import file and writes it,
 * all or nothing. Records are validated and written in batches inside one store transaction as
 * the file streams; the first problem stops the writing, reading goes on to list every problem,
 * and the transaction is rolled back. References (a deployment's commit, an incident's
 * deployment) are checked at the end against the database, which by then holds the file's own
 * records too, so a file may reference records of an earlier import.
 */
import { stat } from 'node:fs/promises';
import type { ImportContext } from '../domain/index.js';
import { AppError, ValidationError, type Problem } from '../shared/errors.js';
import type { CommitRef, Store, StoreReader, StoreWriter } from '../storage/store.js';
import { findMissingDebtLinks } from './debt-links.js';
import { detectFormat, readJsonDocument, readNdjson, type ImportFormat, type ReadItem } from './import-reader.js';
import { formatIssuePath, mapRecord } from './import-records.js';
import { RecordBatcher, type RecordCountsByKind } from './record-batcher.js';

export interface ImportOptions {
  /** Organisation id (slug) the records belong to. */
  org: string;
  /** Display name for a new organisation (default: the id). */
  orgName?: string;
  /** Accept deployments whose commit is unknown (deployment-only data; no lead time for them). */
  allowMissingCommits?: boolean;
  /** Called now and then with the records read so far and bytes read (NDJSON). */
  onProgress?: (progress: { records: number; bytes: number; totalBytes: number }) => void;
  /** How many problems to keep for the error (more are only counted). Default 1000. */
  maxProblems?: number;
}

export interface ImportResult {
  file: string;
  format: ImportFormat;
  counts: RecordCountsByKind;
  /** Deployments whose commit is unknown, accepted because of allowMissingCommits. */
  missingCommits: number;
}

async function checkFile(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new ValidationError('IMPORT_FILE_IS_DIRECTORY', `${path} is a directory; give the path of a .json or .ndjson file.`);
    }
    return info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ValidationError('IMPORT_FILE_NOT_FOUND', `${path}: no such file; check the path.`, { cause: error });
    }
    throw new ValidationError('IMPORT_FILE_UNREADABLE', `${path}: cannot read the file (${code ?? String(error)}).`, { cause: error });
  }
}

/** Imports one file into `store`, all or nothing. Throws ValidationError listing every problem. */
export async function importFile(store: Store, path: string, options: ImportOptions): Promise<ImportResult> {
  const totalBytes = await checkFile(path);
  const format = await detectFormat(path).catch((error: unknown) => {
    throw new ValidationError('IMPORT_FILE_UNREADABLE', `${path}: cannot read the file (${(error as Error).message}).`, { cause: error });
  });
  const maxProblems = options.maxProblems ?? 1000;
  const problems: Problem[] = [];
  let problemCount = 0;
  const addProblem = (p: Problem): void => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(p);
  };

  let bytes = 0;
  let records = 0;
  const batches: AsyncGenerator<Iterable<ReadItem>> =
    format === 'json' ? readJsonDocument(path) : readNdjson(path, (b) => (bytes = b));

  let missingCommits = 0;
  const counts = await store.transaction(async (tx) => {
    await tx.upsertOrganization({ id: options.org, name: options.orgName ?? options.org });
    // SQLite writes in process, row by row: small batches let records die young (a third of
    // the GC time). PostgreSQL pays a round trip per statement: batches of its statement size.
    const batcher = new RecordBatcher(tx, store.kind === 'sqlite' ? 500 : 2_000);
    const ctx: ImportContext = { org: options.org, repository: 'default', service: '', origin: { source: 'import', rawId: null } };
    const commitRefs = new Map<string, { ref: CommitRef; path: string }>();
    const deploymentRefs = new Map<string, string>();
    // A debt item's links: the path of the first mention of each incident / pull request id.
    const debtRefs = { incidents: new Map<string, string>(), pullRequests: new Map<string, string>() };

    for await (const batch of batches) {
      for (const item of batch) {
        if (item.type === 'problem') {
          addProblem(item.problem);
          continue;
        }
        if (item.type === 'document') {
          if (item.service) ctx.service = item.service;
          continue;
        }
        records++;
        if (records % 50_000 === 0) options.onProgress?.({ records, bytes, totalBytes });
        const mapped = mapRecord(item.kind, item.value, ctx);
        if (!mapped.ok) {
          for (const issue of mapped.issues) addProblem({ path: formatIssuePath(item.path, issue.path), message: issue.message });
          continue;
        }
        const record = mapped.record;
        if (record.kind === 'repository') {
          ctx.repository = record.value.name;
        } else if (record.kind === 'deployment') {
          const d = record.value;
          const key = `${d.repository}\u0000${d.commitSha}`;
          if (!commitRefs.has(key)) commitRefs.set(key, { ref: { repository: d.repository, sha: d.commitSha }, path: `${item.path}.commit_sha` });
          if (d.remediatesDeploymentId && !deploymentRefs.has(d.remediatesDeploymentId))
            deploymentRefs.set(d.remediatesDeploymentId, `${item.path}.remediates_deployment_id`);
        } else if (record.kind === 'incident') {
          const id = record.value.causedByDeploymentId;
          if (id && !deploymentRefs.has(id)) deploymentRefs.set(id, `${item.path}.caused_by_deployment_id`);
        } else if (record.kind === 'debt_item') {
          record.value.incidentIds.forEach((id, i) => {
            if (!debtRefs.incidents.has(id)) debtRefs.incidents.set(id, `${item.path}.incident_ids[${i}]`);
          });
          record.value.pullRequestIds.forEach((id, i) => {
            if (!debtRefs.pullRequests.has(id)) debtRefs.pullRequests.set(id, `${item.path}.pull_request_ids[${i}]`);
          });
        }
        // After the first problem nothing more is written: the transaction will be rolled back.
        if (problemCount === 0 && batcher.add(record)) await batcher.flush();
      }
    }
    if (problemCount === 0) await batcher.flush();
    options.onProgress?.({ records, bytes: format === 'json' ? totalBytes : bytes, totalBytes });

    if (problemCount === 0) {
      await checkReferences(tx, options, commitRefs, deploymentRefs, addProblem, (n) => (missingCommits = n));
      await checkDebtLinks(tx, options.org, debtRefs, addProblem);
    }
    if (problemCount > 0) {
      const shown = problems.map((p) => `${p.path}: ${p.message}`);
      const more = problemCount > problems.length ? ` (${problemCount - problems.length} more not listed)` : '';
      throw new ValidationError(
        'IMPORT_INVALID_RECORDS',
        `${path}: ${problemCount} invalid record${problemCount === 1 ? '' : 's'}${more}; nothing was written.\n${shown.join('\n')}`,
        { details: { file: path, problems, problemCount } },
      );
    }
    return batcher.counts;
  });
  return { file: path, format, counts, missingCommits };
}

async function checkReferences(
  tx: StoreWriter,
  options: ImportOptions,
  commitRefs: Map<string, { ref: CommitRef; path: string }>,
  deploymentRefs: Map<string, string>,
  addProblem: (p: Problem) => void,
  setMissingCommits: (n: number) => void,
): Promise<void> {
  const refs = [...commitRefs.values()];
  const missing = await tx.findMissingCommits(options.org, refs.map((r) => r.ref));
  if (options.allowMissingCommits) {
    setMissingCommits(missing.length);
  } else {
    for (const ref of missing) {
      const at = commitRefs.get(`${ref.repository}\u0000${ref.sha}`)?.path ?? 'deployments';
      addProblem({
        path: at,
        message: `commit ${ref.sha} is not in repository "${ref.repository}" (import its commits first, in this file or an earlier import, or pass --allow-missing-commits)`,
      });
    }
  }
  const missingDeployments = await tx.findMissingDeployments(options.org, [...deploymentRefs.keys()]);
  for (const id of missingDeployments) {
    addProblem({ path: deploymentRefs.get(id) ?? 'deployments', message: `deployment "${id}" does not exist (in this file or the database)` });
  }
}

/** Every incident and pull request a debt item links to must exist (in this file or the database). */
async function checkDebtLinks(
  tx: StoreReader,
  org: string,
  refs: { incidents: Map<string, string>; pullRequests: Map<string, string> },
  addProblem: (p: Problem) => void,
): Promise<void> {
  if (refs.incidents.size === 0 && refs.pullRequests.size === 0) return;
  const missing = await findMissingDebtLinks(tx, org, { incidentIds: [...refs.incidents.keys()], pullRequestIds: [...refs.pullRequests.keys()] });
  for (const id of missing.incidentIds) {
    addProblem({ path: refs.incidents.get(id) ?? 'debt_items', message: `incident "${id}" does not exist (in this file or the database)` });
  }
  for (const id of missing.pullRequestIds) {
    addProblem({ path: refs.pullRequests.get(id) ?? 'debt_items', message: `pull request "${id}" does not exist (in this file or the database)` });
  }
}
