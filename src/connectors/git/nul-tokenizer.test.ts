import { describe, expect, it } from 'vitest';
import { NulTokenizer } from './nul-tokenizer.js';

describe('NulTokenizer', () => {
  it('joins tokens split across chunks, even inside a multi-byte character', () => {
    const bytes = Buffer.from('héllo\0wörld\0tail', 'utf8');
    const t = new NulTokenizer();
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...t.push(bytes.subarray(i, i + 3)));
    expect(out).toEqual(['héllo', 'wörld']);
    expect(t.end()).toBe('tail');
    expect(t.end()).toBeNull();
  });

  it('splits on another separator when asked', () => {
    const t = new NulTokenizer(10);
    expect(t.push(Buffer.from('a\nb\n'))).toEqual(['a', 'b']);
    expect(t.end()).toBeNull();
  });

  it('gives the tokens of a plain split for any chunking: empty tokens, tokens spanning chunks', () => {
    const text = ['', 'a', 'ü'.repeat(9), '', 'x'.repeat(40), 'end'].join('\0') + '\0' + 'tail';
    const bytes = Buffer.from(text, 'utf8');
    const expected = text.split('\0');
    const tail = expected.pop();
    for (const size of [1, 2, 3, 5, 7, 16, 64, bytes.length]) {
      const t = new NulTokenizer();
      const out: string[] = [];
      for (let i = 0; i < bytes.length; i += size) out.push(...t.push(bytes.subarray(i, i + size)));
      expect(out).toEqual(expected);
      expect(t.end()).toBe(tail);
    }
  });
});
