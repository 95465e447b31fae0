/**
 * Reads an import file (METRICS.md section 7) as a stream of raw records, each with the path a
 * user would need to find it: `deployments[3]` in a JSON document, `line 12` in NDJSON. NDJSON is
 * read line by line, so files of several GB stay in bounded memory; a JSON document is one value
 * and is parsed whole.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DOCUMENT_KEYS, RECORD_KINDS, type RecordKind } from '../domain/index.js';
import { ValidationError, type Problem } from '../shared/errors.js';
import { parseJson } from './json-errors.js';

export type ImportFormat = 'json' | 'ndjson';

/** One raw record, or one problem found while reading (reading goes on after a problem). */
export type ReadItem =
  | { type: 'record'; kind: RecordKind; value: Record<string, unknown>; path: string }
  | { type: 'document'; service: string | null }
  | { type: 'problem'; problem: Problem };

const KIND_NAMES = Object.keys(RECORD_KINDS).join(', ');

/** NDJSON by extension (.ndjson, .jsonl); otherwise a first line that is a whole object with `type`. */
export async function detectFormat(path: string): Promise<ImportFormat> {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.json$/i.test(path)) return 'json';
  const stream = createReadStream(path, { encoding: 'utf8', start: 0, end: 65_535 });
  let head = '';
  for await (const chunk of stream) head += chunk as string;
  const firstLine = head.split('\n', 1)[0] ?? '';
  const parsed = parseJson(firstLine);
  const isTyped =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && 'type' in parsed.value;
  return isTyped ? 'ndjson' : 'json';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a JSON document `{repository?, commits[], pull_requests[], deployments[], incidents[]}`. */
export async function* readJsonDocument(path: string): AsyncGenerator<ReadItem> {
  const text = await readFile(path, 'utf8');
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    throw new ValidationError(
      'IMPORT_INVALID_JSON',
      `${path}:${line}:${column}: invalid JSON: ${message}. Fix the file and import it again (nothing was written).`,
      { details: { file: path, line, column } },
    );
  }
  yield* documentItems(parsed.value);
}

/**
 * The items of a parsed JSON document, each record with its path (`deployments[3]`); shared by
 * the file import and the generic webhook, which receives the same document as a body.
 */
export function* documentItems(doc: unknown): Generator<ReadItem> {
  if (!isObject(doc)) {
    yield { type: 'problem', problem: { path: '(document)', message: 'must be a JSON object with commits, pull_requests, deployments and incidents arrays' } };
    return;
  }
  for (const key of Object.keys(doc)) {
    if (!(DOCUMENT_KEYS as readonly string[]).includes(key)) {
      yield { type: 'problem', problem: { path: key, message: `unknown key (expected ${DOCUMENT_KEYS.filter((k) => !k.startsWith('$')).join(', ')})` } };
    }
  }
  const service = doc['service'];
  if (service !== undefined && (typeof service !== 'string' || service === '')) {
    yield { type: 'problem', problem: { path: 'service', message: 'must be a non-empty string' } };
  }
  yield { type: 'document', service: typeof service === 'string' && service !== '' ? service : null };
  if (doc['repository'] !== undefined && doc['repository'] !== null) {
    const repo = doc['repository'];
    if (isObject(repo)) yield { type: 'record', kind: 'repository', value: repo, path: 'repository' };
    else yield { type: 'problem', problem: { path: 'repository', message: 'must be an object' } };
  }
  for (const kind of ['commit', 'pull_request', 'deployment', 'incident'] as const) {
    const key = RECORD_KINDS[kind].key;
    const list = doc[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      yield { type: 'problem', problem: { path: key, message: 'must be an array' } };
      continue;
    }
    for (let i = 0; i < list.length; i++) {
      const value: unknown = list[i];
      const at = `${key}[${i}]`;
      if (isObject(value)) yield { type: 'record', kind, value, path: at };
      else yield { type: 'problem', problem: { path: at, message: 'must be an object' } };
    }
  }
}

/** Reads NDJSON: one JSON object per line, each with `"type"` naming its record kind. */
export async function* readNdjson(
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<ReadItem> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let bytes = 0;
  for await (const line of lines) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    if (lineNo % 10_000 === 0) onBytes?.(bytes);
    if (line.trim() === '') continue;
    const parsed = parseJson(line);
    if (!parsed.ok) {
      yield { type: 'problem', problem: { path: `line ${lineNo}, column ${parsed.error.column}`, message: `invalid JSON: ${parsed.error.message}` } };
      continue;
    }
    const value = parsed.value;
    if (!isObject(value)) {
      yield { type: 'problem', problem: { path: `line ${lineNo}`, message: 'must be a JSON object' } };
      continue;
    }
    const type = value['type'];
    if (typeof type !== 'string' || !(type in RECORD_KINDS)) {
      const what = typeof type === 'string' ? `unknown record type "${type}"` : 'missing "type"';
      yield { type: 'problem', problem: { path: `line ${lineNo}: type`, message: `${what} (expected one of ${KIND_NAMES})` } };
      continue;
    }
    yield { type: 'record', kind: type as RecordKind, value, path: `line ${lineNo}: ${type}` };
  }
  onBytes?.(bytes);
}
