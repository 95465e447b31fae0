/**
 * sha -> commit index for one repository's graph: an open-addressing hash table of integer
 * slots over the list of shas (the commits' own strings, not copies). For a million commits it
 * builds and answers about twice as fast as a `Map<string, number>`, with less memory.
 */

/** FNV-1a over the UTF-16 code units: cheap, and spreads hex SHAs evenly. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A read-only lookup from sha to commit index. */
export interface ShaLookup {
  /** The index of the commit with this sha, or undefined. */
  get(sha: string): number | undefined;
}

/** The index of a list of distinct shas (or of the first of equal ones), by position. */
export class ShaIndex implements ShaLookup {
  private slots: Int32Array;
  private mask: number;
  private readonly keys: string[] = [];

  /** Room for `capacity` shas before the table grows (it doubles when half full). */
  constructor(capacity = 0) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The sha at a position (the string indexed, shared). */
  keyAt(position: number): string {
    return this.keys[position] as string;
  }

  /** Doubles the table and re-slots every sha (positions stay). */
  private grow(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let at = 0; at < this.keys.length; at++) {
      let slot = hashOf(this.keys[at] as string) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = at;
    }
  }

  /** How many shas are indexed. */
  get size(): number {
    return this.keys.length;
  }

  /**
   * Indexes `sha` at the next position and returns that position, or returns the position it
   * already has (then nothing is added).
   */
  add(sha: string): number {
    if (this.keys.length * 2 >= this.slots.length) this.grow();
    let slot = hashOf(sha) & this.mask;
    for (;;) {
      const at = this.slots[slot] as number;
      if (at === -1) {
        this.slots[slot] = this.keys.length;
        this.keys.push(sha);
        return this.keys.length - 1;
      }
      if (this.keys[at] === sha) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  get(sha: string): number | undefined {
    let slot = hashOf(sha) & this.mask;
    for (;;) {
      const at = this.slots[slot] as number;
      if (at === -1) return undefined;
      if (this.keys[at] === sha) return at;
      slot = (slot + 1) & this.mask;
    }
  }
}
