/**
 * Byte string → rank, looked up by a range of a byte buffer: the vocabulary of a byte-level BPE
 * in one pool of bytes and an open-addressing table of int32 slots. A lookup hashes the bytes in
 * place and compares them with the pool, so the merge of an unseen piece creates no strings and
 * no garbage (a string-keyed `Map` needed a key string per candidate pair).
 */
export class ByteRankTable {
  private readonly pool: Uint8Array;
  /** Entry i's bytes are pool[starts[i], starts[i + 1]). */
  private readonly starts: Int32Array;
  private readonly ranks: Int32Array;
  private readonly hashes: Int32Array;
  /** Entry index + 1 per slot; 0 is empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `vocab[rank]`: the entry's text, or its bytes when not valid UTF-8 (gpt-tokenizer's rank lists). */
  constructor(vocab: readonly (string | readonly number[])[]) {
    const n = vocab.length;
    let bytes = 0;
    for (const v of vocab) bytes += typeof v === "string" ? v.length * 3 : v.length;
    const pool = new Uint8Array(bytes);
    const starts = new Int32Array(n + 1);
    const utf8 = new TextEncoder();
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = vocab[i];
      if (typeof v === "string") at += utf8.encodeInto(v, pool.subarray(at)).written;
      else for (const b of v) pool[at++] = b;
      starts[i + 1] = at;
    }
    this.pool = pool.slice(0, at);
    this.starts = starts;
    this.ranks = new Int32Array(n);
    this.hashes = new Int32Array(n);
    let size = 2;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < n; i++) {
      const h = ByteRankTable.hash(this.pool, starts[i], starts[i + 1]);
      this.hashes[i] = h;
      this.ranks[i] = i;
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = i + 1;
    }
  }

  /** FNV-1a over `b[from, to)`. */
  static hash(b: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h;
  }

  /** Rank of the bytes `b[from, to)`, or -1 when they are not a vocabulary entry. */
  get(b: Uint8Array, from: number, to: number): number {
    const h = ByteRankTable.hash(b, from, to);
    const len = to - from;
    const { pool, starts, hashes } = this;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const e = this.slots[s] - 1;
      if (e < 0) return -1;
      if (hashes[e] !== h) continue;
      const at = starts[e];
      if (starts[e + 1] - at !== len) continue;
      let i = 0;
      while (i < len && pool[at + i] === b[from + i]) i++;
      if (i === len) return this.ranks[e];
    }
  }
}
