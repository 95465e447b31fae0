/**
 * A fast path for the commonest import record, a plain valid commit: it is checked field by
 * field and mapped without zod, which costs several microseconds a record through its pipes
 * and transforms (a million-commit import spent a fifth of its time there). Anything unusual,
 * invalid or merely unexpected returns undefined and goes through `commitInputSchema`, the
 * format's single definition, which then gives the record or its problems. A property test
 * (commit-fast-path.test.ts) checks both paths agree.
 */
import type { CommitInput } from '../domain/index.js';
import { commitInputSchema, parseTimestamp } from '../domain/index.js';

const SHA = /^[0-9a-fA-F]{4,64}$/;
const KNOWN = commitInputSchema.shape;

function sha(value: unknown): string | undefined {
  return typeof value === 'string' && SHA.test(value) ? value.toLowerCase() : undefined;
}

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseTimestamp(value);
  return parsed.ok ? parsed.value : undefined;
}

/** A count (`additions`): absent or null is null; undefined when not a plain non-negative integer. */
function count(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * What `commitInputSchema.safeParse(value)` would output for a valid plain commit (known fields
 * first, then the unknown ones in input order), or undefined to let zod decide.
 */
export function parseCommitFast(value: Record<string, unknown>): CommitInput | undefined {
  const s = sha(value['sha']);
  const rawParents = value['parents'];
  const authored = instant(value['authored_at']);
  const committed = instant(value['committed_at']);
  const author = value['author'];
  const message = value['message'] ?? null;
  const additions = count(value['additions']);
  const deletions = count(value['deletions']);
  if (s === undefined || authored === undefined || committed === undefined) return undefined;
  if (!Array.isArray(rawParents) || typeof author !== 'string') return undefined;
  if (additions === undefined || deletions === undefined) return undefined;
  if (message !== null && typeof message !== 'string') return undefined;
  const parents: string[] = [];
  for (const p of rawParents as unknown[]) {
    const parent = sha(p);
    if (parent === undefined) return undefined;
    parents.push(parent);
  }
  const out: Record<string, unknown> = {
    sha: s,
    parents,
    author,
    authored_at: authored,
    committed_at: committed,
    message,
    additions,
    deletions,
  };
  const repository = value['repository'];
  if (repository !== undefined) {
    if (typeof repository !== 'string' || repository === '') return undefined;
    out['repository'] = repository;
  }
  const services = value['services'];
  if (services !== undefined) {
    if (!Array.isArray(services)) return undefined;
    if (!(services as unknown[]).every((x) => typeof x === 'string' && x !== '')) return undefined;
    out['services'] = [...(services as string[])];
  }
  for (const key of Object.keys(value)) {
    if (key in KNOWN) continue;
    if (key === '__proto__') return undefined;
    out[key] = value[key];
  }
  return out as CommitInput;
}
