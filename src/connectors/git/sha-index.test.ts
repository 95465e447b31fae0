import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ShaIndex } from './sha-index.js';

describe('ShaIndex', () => {
  it('finds every id it was given, across growth, and nothing else', () => {
    const shas: string[] = [];
    const index = new ShaIndex(shas);
    for (let i = 0; i < 50_000; i++) {
      shas.push(createHash('sha1').update(String(i)).digest('hex'));
      index.add(i);
    }
    for (let i = 0; i < 50_000; i += 7) expect(index.get(shas[i] as string)).toBe(i);
    expect(index.get(createHash('sha1').update('absent').digest('hex'))).toBeUndefined();
  });

  it('works for any string, including ones sharing their first 16 characters', () => {
    const shas = ['a', '', 'x'.repeat(16) + '1', 'x'.repeat(16) + '2', 'b'];
    const index = new ShaIndex(shas);
    shas.forEach((_, i) => index.add(i));
    shas.forEach((sha, i) => expect(index.get(sha)).toBe(i));
    expect(index.get('x'.repeat(16))).toBeUndefined();
  });
});
