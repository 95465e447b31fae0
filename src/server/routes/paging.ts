/**
 * Keyset paging for the record lists: a page is `limit` records after a cursor, in the
 * store's order (time, then id). The cursor is opaque to clients: base64url JSON naming the
 * list it belongs to and the last record's key, so a page never skips or repeats a record
 * when new ones arrive.
 */
import { z } from 'zod';
import { parseTimestamp, type Instant } from '../../domain/index.js';
import { ValidationError } from '../../shared/errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** The position after which a page starts: the last record's time and key. */
export interface Cursor {
  at: Instant;
  /** The record's id (for commits, `repository` NUL `sha`). */
  key: string;
}

interface CursorJson {
  l: string;
  a: number;
  k: string;
}

/** Encodes the cursor that follows `last` in list `list`. */
export function encodeCursor(list: string, last: Cursor): string {
  const json: CursorJson = { l: list, a: last.at, k: last.key };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

function badCursor(): ValidationError {
  return new ValidationError(
    'API_BAD_CURSOR',
    'query.cursor: not a cursor of this list; pass next_cursor back unchanged, or start again without cursor.',
  );
}

/** Decodes a cursor of list `list`. @throws ValidationError API_BAD_CURSOR */
export function decodeCursor(list: string, text: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw new ValidationError('API_BAD_CURSOR', badCursor().message, { cause: error });
  }
  const v = value as Partial<CursorJson> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    v.l !== list ||
    typeof v.a !== 'number' ||
    typeof v.k !== 'string'
  )
    throw badCursor();
  return { at: v.a, key: v.k };
}

/** An instant bound: an ISO-8601 timestamp with its offset, or a date (UTC midnight). */
export const instantParam = z.string().transform((text, ctx): Instant => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const t = Date.parse(`${text}T00:00:00Z`);
    if (!Number.isNaN(t)) return t;
  }
  const parsed = parseTimestamp(text);
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      message: `${parsed.reason}; use a date (2026-01-01) or a timestamp with offset (2026-01-01T00:00:00Z)`,
    });
    return z.NEVER;
  }
  return parsed.value;
});

/** The query parameters every record list accepts. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`records per page (1-${MAX_PAGE_SIZE})`),
  cursor: z.string().min(1).optional().describe('next_cursor of the previous page'),
  from: instantParam
    .optional()
    .describe("inclusive lower bound on the list's time (ISO-8601 with offset, or a date)"),
  to: instantParam.optional().describe("exclusive upper bound on the list's time"),
  service: z.string().min(1).optional().describe('one service'),
});

/** One page of a list, as the API sends it. */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/**
 * Builds a page from up to `limit + 1` records fetched after the cursor: the extra record
 * only tells whether another page exists.
 */
export function toPage<R, T>(
  list: string,
  rows: readonly R[],
  limit: number,
  keyOf: (r: R) => Cursor,
  view: (r: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = rows.length > limit && last !== undefined ? encodeCursor(list, keyOf(last)) : null;
  return { items: items.map(view), next_cursor: next };
}

/** The response schema of a page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}
