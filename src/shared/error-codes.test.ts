import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.js';

describe('error code catalogue', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

  it('has keys equal to their values, upper snake case with an area prefix', () => {
    for (const [key, value] of Object.entries(ERROR_CODES)) {
      expect(value).toBe(key);
      expect(key).toMatch(/^[A-Z]+(_[A-Z0-9]+)*$/);
    }
  });

  it('documents every code in docs/errors.md', () => {
    const missing = Object.keys(ERROR_CODES).filter((code) => !doc.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_0-9]+)` \|/gm)].map((m) => m[1]);
    const unknown = documented.filter((code) => !(code! in ERROR_CODES));
    expect(unknown).toEqual([]);
  });

  it('throws only catalogued codes anywhere in src/', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/new [A-Za-z]*Error\(\s*'([A-Z][A-Z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(3);
    expect([...used].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });
});
