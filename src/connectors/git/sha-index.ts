/**
 * Commit id → graph index, for a million commits and more: an open-addressing hash table in
 * one Int32Array, probing linearly, keyed by the strings of a shared `shas` array. A Map of a
 * million strings costs about 40 bytes an entry, rehashes as it doubles and gives the
 * garbage collector a million entries to trace; this table costs 16 bytes or less per commit
 * and holds no pointers. Ids are usually hex shas (their leading characters are uniformly
 * random), but any string works: the hash mixes up to 16 characters.
 */

/** FNV-1a over the first 16 characters: a sha's leading hex digits are random enough. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  const n = Math.min(text.length, 16);
  for (let k = 0; k < n; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return (h ^ (h >>> 15)) | 0;
}

/** The table (see the module comment); `shas[i]` is the id of index `i`. */
export class ShaIndex {
  private slots = new Int32Array(1024).fill(-1);
  /** The full hash of the id in each slot: most mismatches are rejected without reading it. */
  private hashes = new Int32Array(1024);
  private mask = 1023;
  private count = 0;

  constructor(private readonly shas: readonly string[]) {}

  /** The index of `sha`, or undefined. */
  get(sha: string): number | undefined {
    const { slots, hashes, mask } = this;
    const h = hashOf(sha);
    for (let pos = h & mask; ; pos = (pos + 1) & mask) {
      const i = slots[pos] as number;
      if (i < 0) return undefined;
      if (hashes[pos] === h && this.shas[i] === sha) return i;
    }
  }

  /** Makes room for `more` ids beyond those present, so that adding them never rehashes. */
  reserve(more: number): void {
    let size = this.slots.length;
    while ((this.count + more) * 2 > size) size *= 2;
    if (size > this.slots.length) this.grow(size);
  }

  /** Records that `shas[index]` is at `index` (it must not be present yet). */
  add(index: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    this.place(index, hashOf(this.shas[index] as string));
    this.count++;
  }

  private place(index: number, h: number): void {
    const { slots, mask } = this;
    let pos = h & mask;
    while ((slots[pos] as number) >= 0) pos = (pos + 1) & mask;
    slots[pos] = index;
    this.hashes[pos] = h;
  }

  private grow(size = this.slots.length * 2): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    this.mask = this.slots.length - 1;
    for (let pos = 0; pos < oldSlots.length; pos++) {
      const i = oldSlots[pos] as number;
      if (i >= 0) this.place(i, oldHashes[pos] as number);
    }
  }
}
