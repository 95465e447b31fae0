/**
 * Commit ids of a graph of a million commits and more, each numbered by the order it was first
 * added, stored as bytes rather than as strings.
 *
 * A 40-character sha held as a JavaScript string costs about 56 bytes and is one more object
 * for the garbage collector to trace; a million of them are ~60 MB of heap that every major GC
 * walks. Here an id in canonical form (lowercase hex, 40 characters for SHA-1 or 64 for SHA-256,
 * the width fixed by the first such id) is stored as its 20 or 32 bytes in one growable
 * Uint8Array, found through an open-addressing hash table of integer slots: about 36 bytes an id
 * and no object per id. Any other string (uppercase hex, an abbreviated sha, a test's `c1`) is
 * kept as the string itself beside the bytes, so `at(i)` always returns exactly what was added.
 *
 * Ids are also added straight from bytes (`internBytes`, e.g. a commit-graph file's OID table)
 * without ever becoming strings; `at(i)` builds the string only when asked.
 */

/** Value of a lowercase hex digit by char code, -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX_VALUE[48 + d] = d;
for (let d = 0; d < 6; d++) HEX_VALUE[97 + d] = 10 + d;

/** Char codes of the two hex digits of each byte value. */
const HEX_CODES = new Uint16Array(512);
for (let b = 0; b < 256; b++) {
  HEX_CODES[2 * b] = '0123456789abcdef'.charCodeAt(b >> 4);
  HEX_CODES[2 * b + 1] = '0123456789abcdef'.charCodeAt(b & 15);
}

/** FNV-1a over bytes, finished with a shift so that the low bits (the slot) mix all of them. */
function hashBytes(bytes: Uint8Array, offset: number, width: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < width; k++) h = Math.imul(h ^ (bytes[offset + k] as number), 0x01000193);
  return (h ^ (h >>> 15)) | 0;
}

/** The lookups a graph needs of its ids. */
export interface ShaLookup {
  /** The index of `sha`, or undefined when it was never added. */
  get(sha: string): number | undefined;
}

/** Commit ids numbered 0, 1, 2... in the order first added (see the module comment). */
export class ShaTable implements ShaLookup {
  /** Bytes per id stored as bytes: 20 or 32 once the first canonical id is added, else 0. */
  private width = 0;
  private bytes = new Uint8Array(0);
  /** Hash table over the byte-stored ids: index, or -1 for an empty slot. */
  private slots = new Int32Array(16).fill(-1);
  private mask = 15;
  private stored = 0;
  /** Ids not in canonical form, both ways. */
  private readonly otherIndex = new Map<string, number>();
  private readonly otherAt = new Map<number, string>();
  private count = 0;
  /** Scratch space for a hex id being looked up. */
  private readonly key = new Uint8Array(32);
  private readonly codes: number[] = [];

  /** How many ids were added. */
  get size(): number {
    return this.count;
  }

  /** Makes room for `more` ids beyond those present, so that adding them never grows a table. */
  reserve(more: number, width = this.width || 20): void {
    const want = this.count + more;
    let size = this.slots.length;
    while (want * 2 > size) size *= 2;
    if (size > this.slots.length) this.rehash(size);
    if (this.bytes.length < want * width) this.growBytes(want * width);
  }

  /** The index of `sha`, or undefined. */
  get(sha: string): number | undefined {
    if (this.canonical(sha)) {
      const pos = this.find(this.key, 0);
      return pos < 0 ? undefined : (this.slots[pos] as number);
    }
    return this.otherIndex.get(sha);
  }

  /** The index of `sha`, adding it (as the next index) when new. */
  intern(sha: string): number {
    if (this.width === 0 && (sha.length === 40 || sha.length === 64)) {
      this.width = sha.length / 2;
      this.reserve(0);
    }
    if (this.canonical(sha)) return this.internKey(this.key, 0);
    let i = this.otherIndex.get(sha);
    if (i === undefined) {
      i = this.count++;
      this.otherIndex.set(sha, i);
      this.otherAt.set(i, sha);
    }
    return i;
  }

  /**
   * The index of the id whose `width` bytes start at `source[offset]` (a binary OID), adding it
   * when new. Ids of another width than the table's are added as hex strings.
   */
  internBytes(source: Uint8Array, offset: number, width: number): number {
    if (this.width === 0) {
      this.width = width;
      this.reserve(0);
    }
    if (width !== this.width) return this.intern(hexOf(source, offset, width, this.codes));
    return this.internKey(source, offset);
  }

  /** The id at index `i` (built from its bytes on each call: keep it if you need it often). */
  at(i: number): string {
    if (this.otherAt.size > 0) {
      const other = this.otherAt.get(i);
      if (other !== undefined) return other;
    }
    if (i < 0 || i >= this.count) throw new RangeError(`no commit id at ${i} (size ${this.count})`);
    return hexOf(this.bytes, i * this.width, this.width, this.codes);
  }

  /** The index here of the id at index `j` of `other`, or undefined (no string is made for ids stored as bytes in both). */
  getFrom(other: ShaTable, j: number): number | undefined {
    if (other.width !== this.width || this.width === 0 || other.otherAt.has(j)) return this.get(other.at(j));
    const pos = this.find(other.bytes, j * this.width);
    return pos < 0 ? undefined : (this.slots[pos] as number);
  }

  /** Orders ids `a` and `b` as their strings compare (bytes compare the same as lowercase hex). */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    if (this.otherAt.size > 0 && (this.otherAt.has(a) || this.otherAt.has(b))) {
      const x = this.at(a);
      const y = this.at(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const { bytes, width } = this;
    for (let k = 0; k < width; k++) {
      const d = (bytes[a * width + k] as number) - (bytes[b * width + k] as number);
      if (d !== 0) return d;
    }
    return 0;
  }

  /**
   * The one id that starts with `prefix` (an abbreviated sha), or null when none or several do
   * (git calls that ambiguous too). A scan of every id: for the rare abbreviated reference.
   */
  uniquePrefix(prefix: string): string | null {
    const matches = new Set<string>();
    for (const id of this.otherIndex.keys()) if (id.startsWith(prefix)) matches.add(id);
    const nibbles = prefix.length;
    let hex = this.width > 0 && nibbles <= this.width * 2;
    for (let k = 0; hex && k < nibbles; k++) hex = (HEX_VALUE[prefix.charCodeAt(k)] ?? -1) >= 0;
    const { bytes, width } = this;
    for (let i = 0; hex && i < this.count && matches.size < 2; i++) {
      const base = i * width;
      let k = 0;
      for (; k < nibbles; k++) {
        const b = bytes[base + (k >> 1)] as number;
        if (((k & 1) === 0 ? b >> 4 : b & 15) !== HEX_VALUE[prefix.charCodeAt(k)]) break;
      }
      if (k === nibbles && !this.otherAt.has(i)) matches.add(this.at(i));
    }
    return matches.size === 1 ? ([...matches][0] as string) : null;
  }

  /** Parses `sha` into `this.key` when it is canonical for this table (lowercase hex of its width). */
  private canonical(sha: string): boolean {
    const width = this.width;
    if (width === 0 || sha.length !== width * 2) return false;
    const key = this.key;
    for (let k = 0; k < width; k++) {
      const hi = sha.charCodeAt(2 * k);
      const lo = sha.charCodeAt(2 * k + 1);
      const h = hi < 128 ? (HEX_VALUE[hi] as number) : -1;
      const l = lo < 128 ? (HEX_VALUE[lo] as number) : -1;
      if (h < 0 || l < 0) return false;
      key[k] = (h << 4) | l;
    }
    return true;
  }

  /** The slot holding the id at `source[offset]`, or -1 - the empty slot where it would go. */
  private find(source: Uint8Array, offset: number): number {
    const { slots, mask, bytes, width } = this;
    for (let pos = hashBytes(source, offset, width) & mask; ; pos = (pos + 1) & mask) {
      const i = slots[pos] as number;
      if (i < 0) return -1 - pos;
      const base = i * width;
      let k = 0;
      while (k < width && bytes[base + k] === source[offset + k]) k++;
      if (k === width) return pos;
    }
  }

  private internKey(source: Uint8Array, offset: number): number {
    if ((this.stored + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const pos = this.find(source, offset);
    if (pos >= 0) return this.slots[pos] as number;
    const i = this.count++;
    const width = this.width;
    if (this.bytes.length < (i + 1) * width) this.growBytes(Math.max((i + 1) * width, this.bytes.length * 2));
    // By hand: `set(source.subarray(...))` makes a view object per id.
    const bytes = this.bytes;
    for (let k = 0, at = i * width; k < width; k++) bytes[at + k] = source[offset + k] as number;
    this.slots[-1 - pos] = i;
    this.stored++;
    return i;
  }

  private growBytes(size: number): void {
    const next = new Uint8Array(size);
    next.set(this.bytes);
    this.bytes = next;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    const { bytes, width } = this;
    for (let pos = 0; pos < old.length; pos++) {
      const i = old[pos] as number;
      if (i < 0) continue;
      let at = hashBytes(bytes, i * width, width) & this.mask;
      while ((this.slots[at] as number) >= 0) at = (at + 1) & this.mask;
      this.slots[at] = i;
    }
  }
}

/** Lowercase hex of `width` bytes at `source[offset]`. */
function hexOf(source: Uint8Array, offset: number, width: number, codes: number[]): string {
  codes.length = 2 * width;
  for (let k = 0; k < width; k++) {
    const b = source[offset + k] as number;
    codes[2 * k] = HEX_CODES[2 * b] as number;
    codes[2 * k + 1] = HEX_CODES[2 * b + 1] as number;
  }
  return String.fromCharCode.apply(null, codes);
}
