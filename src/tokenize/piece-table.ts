import type { TokenList } from "./token-list.js";
import { grown } from "../core/grown.js";

/** Int32s per slot: key hash, key start in `keyChars`, key length (0: empty slot), value. */
const SLOT = 4;

/**
 * An open-addressing hash table from text pieces to token ids, looked up by a range of a
 * larger string. A `Map` lookup needs the piece sliced out and its hash computed by V8 on a
 * fresh string, which measured as most of the encoding time; hashing char codes in place
 * and comparing against the stored key avoids both. Keys (UTF-16 code units) and ids live in
 * pooled typed arrays, not in strings and arrays on the heap: a full table holds no
 * garbage-collected objects. A slot holds the key's hash, where its characters are and, for
 * the usual piece of one token, the id itself, so that a hit reads two places in memory: the
 * slot and the key's characters.
 */
export class PieceTable {
  private keyChars: Uint16Array;
  private keysUsed = 0;
  /** Ids of pieces of several tokens: entry e's are ids[idStarts[e], idStarts[e + 1]). */
  private ids: Int32Array;
  private idStarts: Int32Array;
  private multi = 0;
  private count = 0;
  /**
   * SLOT int32s per slot; the value is the id of a one-token piece, or −1 − e for entry e of
   * `ids`. Twice the capacity keeps probe chains short.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size * SLOT);
    this.mask = size - 1;
    const initial = Math.min(capacity, 1 << 16);
    this.keyChars = new Uint16Array(initial * 8);
    this.ids = new Int32Array(initial);
    this.idStarts = new Int32Array(initial + 1);
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

  /** The slot of `text[start, end)` (an index for `pushIds`), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    const { keyChars, slots, mask } = this;
    for (let s = (hash & mask) * SLOT; ; s = (s + SLOT) & (mask * SLOT + SLOT - 1)) {
      const keyLen = slots[s + 2];
      if (keyLen === 0) return -1;
      if (slots[s] !== hash || keyLen !== len) continue;
      const at = slots[s + 1];
      let i = 0;
      while (i < len && keyChars[at + i] === text.charCodeAt(start + i)) i++;
      if (i === len) return s;
    }
  }

  /** Appends the ids of the piece in slot `s` (from `find`) to `out`. */
  pushIds(s: number, out: TokenList): void {
    const v = this.slots[s + 3];
    if (v >= 0) {
      out.push(v);
      return;
    }
    const { ids } = this;
    for (let i = this.idStarts[-1 - v], end = this.idStarts[-v]; i < end; i++) out.push(ids[i]);
  }

  /** Adds the non-empty piece `text[start, end)` with ids `ids[from, to)`, known to be absent; empties the table first when it is full. */
  add(text: string, start: number, end: number, hash: number, ids: ArrayLike<number>, from = 0, to = ids.length): void {
    if (this.count >= this.capacity) this.clear();
    const len = end - start;
    const keyAt = this.keysUsed;
    if (keyAt + len > this.keyChars.length) this.keyChars = grown(this.keyChars, keyAt + len);
    for (let i = 0; i < len; i++) this.keyChars[keyAt + i] = text.charCodeAt(start + i);
    this.keysUsed += len;
    let value: number;
    if (to - from === 1) value = ids[from];
    else {
      const e = this.multi++;
      if (e + 1 >= this.idStarts.length) this.idStarts = grown(this.idStarts, e + 2);
      const idAt = this.idStarts[e];
      if (idAt + to - from > this.ids.length) this.ids = grown(this.ids, idAt + to - from);
      for (let i = from; i < to; i++) this.ids[idAt + i - from] = ids[i];
      this.idStarts[e + 1] = idAt + to - from;
      value = -1 - e;
    }
    const { slots } = this;
    let s = (hash & this.mask) * SLOT;
    while (slots[s + 2] !== 0) s = (s + SLOT) & (this.mask * SLOT + SLOT - 1);
    slots[s] = hash;
    slots[s + 1] = keyAt;
    slots[s + 2] = len;
    slots[s + 3] = value;
    this.count++;
  }

  clear(): void {
    this.count = 0;
    this.keysUsed = 0;
    this.multi = 0;
    this.slots.fill(0);
  }
}

