import type { TokenList } from "./token-list.js";

/**
 * An open-addressing hash table from text pieces to token ids, looked up by a range of a
 * larger string. A `Map` lookup needs the piece sliced out and its hash computed by V8 on a
 * fresh string, which measured as most of the encoding time; hashing char codes in place
 * and comparing against the stored key avoids both. Keys (UTF-16 code units) and ids live in
 * pooled typed arrays rather than strings and arrays on the heap: a lookup reads contiguous
 * memory, and a full table holds no garbage-collected objects.
 */
export class PieceTable {
  private keyChars: Uint16Array;
  /** Entry e's key is keyChars[keyStarts[e], keyStarts[e + 1]). */
  private readonly keyStarts: Int32Array;
  private ids: Int32Array;
  /** Entry e's ids are ids[idStarts[e], idStarts[e + 1]). */
  private readonly idStarts: Int32Array;
  private count = 0;
  /**
   * Two int32 per slot: the key's hash, then entry index + 1 (0: empty). The hash beside the
   * index rejects other keys without reading the entry. Twice the capacity keeps probe chains short.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    this.keyChars = new Uint16Array(Math.min(capacity, 1 << 16) * 8);
    this.keyStarts = new Int32Array(capacity + 1);
    this.ids = new Int32Array(Math.min(capacity, 1 << 16) * 2);
    this.idStarts = new Int32Array(capacity + 1);
  }

  get size(): number {
    return this.count;
  }

  /** FNV-1a over UTF-16 code units of `text[start, end)`. */
  static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  /** The entry of `text[start, end)`, or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    const { keyChars, keyStarts, slots, mask } = this;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const e = slots[2 * s + 1] - 1;
      if (e < 0) return -1;
      if (slots[2 * s] !== hash) continue;
      const at = keyStarts[e];
      if (keyStarts[e + 1] - at !== len) continue;
      let i = 0;
      while (i < len && keyChars[at + i] === text.charCodeAt(start + i)) i++;
      if (i === len) return e;
    }
  }

  /** Appends the ids of entry `e` to `out`. */
  pushIds(e: number, out: TokenList): void {
    const { ids } = this;
    for (let i = this.idStarts[e], end = this.idStarts[e + 1]; i < end; i++) out.push(ids[i]);
  }

  /** Adds the piece `text[start, end)` with ids `ids[from, to)`, known to be absent; empties the table first when it is full. */
  add(text: string, start: number, end: number, hash: number, ids: ArrayLike<number>, from = 0, to = ids.length): void {
    if (this.count >= this.capacity) this.clear();
    const e = this.count;
    const keyAt = this.keyStarts[e];
    const idAt = this.idStarts[e];
    const len = end - start;
    if (keyAt + len > this.keyChars.length) this.keyChars = grown(this.keyChars, keyAt + len);
    if (idAt + to - from > this.ids.length) this.ids = grown(this.ids, idAt + to - from);
    for (let i = 0; i < len; i++) this.keyChars[keyAt + i] = text.charCodeAt(start + i);
    for (let i = from; i < to; i++) this.ids[idAt + i - from] = ids[i];
    this.keyStarts[e + 1] = keyAt + len;
    this.idStarts[e + 1] = idAt + to - from;
    let s = hash & this.mask;
    while (this.slots[2 * s + 1] !== 0) s = (s + 1) & this.mask;
    this.slots[2 * s] = hash;
    this.slots[2 * s + 1] = e + 1;
    this.count++;
  }

  clear(): void {
    this.count = 0;
    this.slots.fill(0);
  }
}

function grown<T extends Uint16Array | Int32Array>(a: T, min: number): T {
  let size = a.length * 2;
  while (size < min) size *= 2;
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
