import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNdjson, type ReadItem } from './import-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'panorama-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(text: string): Promise<{ items: ReadItem[]; bytes: number }> {
  const file = join(dir, `f${Math.random().toString(16).slice(2)}.ndjson`);
  writeFileSync(file, text);
  const items: ReadItem[] = [];
  let bytes = 0;
  for await (const batch of readNdjson(file, (b) => (bytes = b))) items.push(...batch);
  return { items, bytes };
}

/** Each item as `path` (records) or `path: message` (problems). */
const summary = (items: readonly ReadItem[]) =>
  items.map((i) =>
    i.type === 'record' ? i.path : i.type === 'problem' ? `${i.problem.path}: ${i.problem.message}` : i.type,
  );

const repo = (name: string) => JSON.stringify({ type: 'repository', name });

describe('readNdjson', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, counting them as readline does', async () => {
    const { items } = await read(`${repo('a')}\r\n\n${repo('b')}\r${repo('c')}\n  \n${repo('d')}`);
    expect(summary(items)).toEqual([
      'line 1: repository',
      'line 3: repository',
      'line 4: repository',
      'line 6: repository',
    ]);
    expect(items.map((i) => (i.type === 'record' ? i.value['name'] : null))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lists a problem per bad line with its number and goes on', async () => {
    const { items } = await read(`${repo('a')}\n{"type":\n[1]\n{"type":"nope"}\n${repo('b')}\r`);
    expect(summary(items)).toEqual([
      'line 1: repository',
      'line 2, column 9: invalid JSON: expected a value',
      'line 3: must be a JSON object',
      expect.stringContaining('line 4: type: unknown record type "nope"'),
      'line 5: repository',
    ]);
  });

  it('reads lines across chunks, multi-byte characters included, and counts every byte', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => repo(`ünïcödé ✓ ${i}`));
    const text = `${lines.join('\n')}\n`;
    const { items, bytes } = await read(text);
    expect(items).toHaveLength(30_000);
    expect(items.every((i, n) => i.type === 'record' && i.value['name'] === `ünïcödé ✓ ${n}`)).toBe(true);
    expect(bytes).toBe(Buffer.byteLength(text));
  });
});
