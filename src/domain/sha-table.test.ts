import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ShaTable } from './sha-table.js';

const sha1 = (n: number | string): string => createHash('sha1').update(String(n)).digest('hex');
const sha256 = (n: number | string): string => createHash('sha256').update(String(n)).digest('hex');

describe('ShaTable', () => {
  it('numbers ids in the order first added, finds each across growth, and gives them back', () => {
    const table = new ShaTable();
    const ids = Array.from({ length: 50_000 }, (_, i) => sha1(i));
    ids.forEach((id, i) => expect(table.intern(id)).toBe(i));
    expect(table.size).toBe(50_000);
    expect(table.intern(ids[123] as string)).toBe(123);
    expect(table.size).toBe(50_000);
    for (let i = 0; i < ids.length; i += 7) {
      expect(table.get(ids[i] as string)).toBe(i);
      expect(table.at(i)).toBe(ids[i]);
    }
    expect(table.get(sha1('absent'))).toBeUndefined();
  });

  it('handles ids that differ only in their last bytes (zero-padded counters)', () => {
    const table = new ShaTable();
    const ids = Array.from({ length: 5000 }, (_, i) => i.toString(16).padStart(40, '0'));
    ids.forEach((id) => table.intern(id));
    ids.forEach((id, i) => expect(table.get(id)).toBe(i));
    expect(table.at(4999)).toBe(ids[4999]);
  });

  it('keeps any other string as it is: abbreviated, uppercase, empty, not hex', () => {
    const table = new ShaTable();
    const first = sha1('x');
    const others = ['c1', '', first.toUpperCase(), 'z'.repeat(40), first.slice(0, 12)];
    table.intern(first);
    others.forEach((id, i) => expect(table.intern(id)).toBe(i + 1));
    others.forEach((id, i) => {
      expect(table.get(id)).toBe(i + 1);
      expect(table.at(i + 1)).toBe(id);
    });
    expect(table.at(0)).toBe(first);
    expect(table.get('c2')).toBeUndefined();
  });

  it('stores SHA-256 ids as 32 bytes when the first id is one, and SHA-1 ids beside them', () => {
    const table = new ShaTable();
    const long = Array.from({ length: 100 }, (_, i) => sha256(i));
    long.forEach((id) => table.intern(id));
    const short = sha1('mixed');
    expect(table.intern(short)).toBe(100);
    long.forEach((id, i) => expect(table.at(i)).toBe(id));
    expect(table.get(short)).toBe(100);
    expect(table.at(100)).toBe(short);
  });

  it('adds binary OIDs without a string and finds them by their hex', () => {
    const table = new ShaTable();
    const ids = [sha1(1), sha1(2), sha1(3)];
    const raw = Buffer.from(ids.join(''), 'hex');
    expect(table.internBytes(raw, 20, 20)).toBe(0);
    expect(table.internBytes(raw, 0, 20)).toBe(1);
    expect(table.intern(ids[1] as string)).toBe(0);
    expect(table.get(ids[0] as string)).toBe(1);
    expect(table.at(0)).toBe(ids[1]);
    expect(table.internBytes(raw, 40, 20)).toBe(2);
    expect(table.get(ids[2] as string)).toBe(2);
    // An OID of another width than the table's is kept as its hex.
    const wide = Buffer.from(sha256('w'), 'hex');
    expect(table.internBytes(wide, 0, 32)).toBe(3);
    expect(table.get(sha256('w'))).toBe(3);
  });

  it('finds the one id a prefix names, and none when several or none do', () => {
    const table = new ShaTable();
    const ids = ['abc1230000000000000000000000000000000001', 'abc1240000000000000000000000000000000002', 'def0000000000000000000000000000000000003'];
    ids.forEach((id) => table.intern(id));
    table.intern('abcdef'); // an abbreviated id kept as a string
    expect(table.uniquePrefix('abc123')).toBe(ids[0]);
    expect(table.uniquePrefix('abc12')).toBeNull();
    expect(table.uniquePrefix('abcd')).toBe('abcdef');
    expect(table.uniquePrefix('abc')).toBeNull();
    expect(table.uniquePrefix('def')).toBe(ids[2]);
    expect(table.uniquePrefix('fff')).toBeNull();
    expect(table.uniquePrefix('XYZ')).toBeNull();
    expect(table.uniquePrefix(ids[1] as string)).toBe(ids[1]);
    // The zero bytes behind a string-kept id never match.
    expect(new ShaTable().uniquePrefix('0')).toBeNull();
    const padded = new ShaTable();
    padded.intern(sha1('p'));
    padded.intern('c1');
    expect(padded.uniquePrefix('00')).toBeNull();
  });

  it('refuses an index it never gave', () => {
    const table = new ShaTable();
    table.intern(sha1(0));
    expect(() => table.at(1)).toThrow(RangeError);
  });
});
