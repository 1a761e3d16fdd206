/**
 * An open-addressing hash table from text pieces to token ids, looked up by a range of a
 * larger string. A `Map` lookup needs the piece sliced out and its hash computed by V8 on a
 * fresh string, which measured as most of the encoding time; hashing char codes in place
 * and comparing against the stored key avoids both.
 */
export class PieceTable {
  private keys: string[] = [];
  private values: (number | number[])[] = [];
  private hashes: number[] = [];
  /** Entry index + 1 per slot; 0 is empty. Twice the capacity keeps probe chains short. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.keys.length;
  }

  /** FNV-1a over UTF-16 code units of `text[start, end)`. */
  static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  /** The ids of `text[start, end)`, or undefined. */
  get(text: string, start: number, end: number, hash: number): number | number[] | undefined {
    const len = end - start;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const e = this.slots[s] - 1;
      if (e < 0) return undefined;
      if (this.hashes[e] !== hash) continue;
      const key = this.keys[e];
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && key.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === len) return this.values[e];
    }
  }

  /** Adds a piece known to be absent; empties the table first when it is full. */
  add(key: string, hash: number, value: number | number[]): void {
    if (this.keys.length >= this.capacity) this.clear();
    let s = hash & this.mask;
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    this.keys.push(key);
    this.values.push(value);
    this.hashes.push(hash);
    this.slots[s] = this.keys.length;
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.hashes = [];
    this.slots.fill(0);
  }
}
