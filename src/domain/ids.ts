/**
 * Deterministic ids: `<source>:<kind>:<native key...>`, never random, so that collecting the same
 * thing twice yields the same id and upserts stay idempotent.
 */

/** `makeId('github', 'pull_request', 'acme/api', 123)` → `github:pull_request:acme/api:123`. */
export function makeId(source: string, kind: string, ...key: Array<string | number>): string {
  if (key.length === 0) throw new Error('makeId needs at least one key part');
  // Concatenation, not an array joined: ids are made per record, hundreds of thousands a run.
  let id = `${source}:${kind}`;
  for (const part of key) id += `:${part}`;
  return id;
}

/** Turns an organisation name into its id: lower-case, `[a-z0-9-]`, e.g. `Acme Corp` → `acme-corp`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'default';
}
