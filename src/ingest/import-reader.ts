/**
 * Reads an import file (METRICS.md section 7) as a stream of raw records, each with the path a
 * user would need to find it: `deployments[3]` in a JSON document, `line 12` in NDJSON. NDJSON is
 * read line by line, so files of several GB stay in bounded memory; a JSON document is one value
 * and is parsed whole.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
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

/**
 * Reads a JSON document `{repository?, commits[], pull_requests[], deployments[], incidents[]}`:
 * its items, as one batch (the document is parsed whole anyway).
 */
export async function* readJsonDocument(path: string): AsyncGenerator<Iterable<ReadItem>> {
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
  yield documentItems(parsed.value);
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
  for (const kind of ['commit', 'pull_request', 'deployment', 'incident', 'uptime_sample', 'debt_item'] as const) {
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

/** The item of one NDJSON line (`lineNo` counts from 1), or null for a blank line. */
function ndjsonItem(line: string, lineNo: number): ReadItem | null {
  if (line.trim() === '') return null;
  const parsed = parseJson(line);
  if (!parsed.ok) {
    return { type: 'problem', problem: { path: `line ${lineNo}, column ${parsed.error.column}`, message: `invalid JSON: ${parsed.error.message}` } };
  }
  const value = parsed.value;
  if (!isObject(value)) {
    return { type: 'problem', problem: { path: `line ${lineNo}`, message: 'must be a JSON object' } };
  }
  const type = value['type'];
  if (typeof type !== 'string' || !(type in RECORD_KINDS)) {
    const what = typeof type === 'string' ? `unknown record type "${type}"` : 'missing "type"';
    return { type: 'problem', problem: { path: `line ${lineNo}: type`, message: `${what} (expected one of ${KIND_NAMES})` } };
  }
  return { type: 'record', kind: type as RecordKind, value, path: `line ${lineNo}: ${type}` };
}

/**
 * The items of the complete lines of `text` (each ending at `\n`), parsed as they are
 * consumed, so that a chunk's raw records die young. `line` counts the lines read so far.
 */
function* lineItems(text: string, line: { n: number }): Generator<ReadItem> {
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    // A \r before the \n is part of the break; any other \r is a break of its own.
    const segment = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    for (const part of segment.includes('\r') ? segment.split('\r') : [segment]) {
      const item = ndjsonItem(part, ++line.n);
      if (item !== null) yield item;
    }
  }
}

/**
 * Reads NDJSON: one JSON object per line, each with `"type"` naming its record kind. Yields the
 * lines of each chunk read (64 KiB) as one iterable: one await per chunk, not per
 * line. Lines end at `\n`, `\r\n` or a lone `\r`, as readline counts them. `onBytes` gets the
 * bytes read so far, once per chunk.
 */
export async function* readNdjson(
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<Iterable<ReadItem>> {
  // 64 KiB chunks: their strings die young; megabyte ones land in the old heap until a full GC.
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  const decoder = new StringDecoder('utf8');
  const line = { n: 0 };
  let bytes = 0;
  let rest = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const text = rest + decoder.write(chunk);
    const last = text.lastIndexOf('\n');
    onBytes?.(bytes);
    if (last === -1) {
      rest = text;
      continue;
    }
    rest = text.slice(last + 1);
    // Consumed before the next chunk is read: the async generator waits for the next call.
    yield lineItems(text.slice(0, last + 1), line);
  }
  rest += decoder.end();
  if (rest !== '') yield lineItems(`${rest}\n`, line);
}
