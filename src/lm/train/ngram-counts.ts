/**
 * Counts of distinct k-grams (k fixed) of word ids, in typed arrays: each distinct k-gram is
 * one row of k ids in `rows` plus a count, found through an open-addressing index of row
 * numbers. Memory is 4k + 4 bytes per distinct k-gram plus 4–8 bytes of index (load ≤ ½):
 * no JS object per n-gram, so a corpus costs what its distinct n-grams cost in flat memory.
 * Rows keep first-insertion order, so iterating 0…size−1 is deterministic.
 */
import { fmix32 } from "../../core/fmix32.js";

export class NgramCounts {
  rows: Uint32Array;
  counts: Uint32Array;
  size = 0;
  /** Row number + 1 per slot; 0 = empty. */
  private index: Uint32Array;
  private mask: number;

  constructor(readonly k: number, capacity = 1024) {
    this.rows = new Uint32Array(capacity * k);
    this.counts = new Uint32Array(capacity);
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.index = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  /** Adds `n` to the k-gram `ids[off … off+k−1]`; returns its row. */
  add(ids: ArrayLike<number>, off: number, n = 1): number {
    let row = this.find(ids, off);
    if (row < 0) {
      if (this.size === this.counts.length) this.grow();
      row = this.size++;
      for (let i = 0; i < this.k; i++) this.rows[row * this.k + i] = ids[off + i];
      this.insert(row, this.hashAt(ids, off));
    }
    this.counts[row] += n;
    return row;
  }

  /** The row of the k-gram `ids[off … off+k−1]`, or −1. */
  find(ids: ArrayLike<number>, off: number): number {
    const k = this.k;
    const rows = this.rows;
    const index = this.index;
    for (let s = this.hashAt(ids, off) & this.mask; ; s = (s + 1) & this.mask) {
      const r = index[s];
      if (r === 0) return -1;
      const base = (r - 1) * k;
      let i = 0;
      while (i < k && rows[base + i] === ids[off + i]) i++;
      if (i === k) return r - 1;
    }
  }

  private hashAt(ids: ArrayLike<number>, off: number): number {
    let h = 0x811c9dc5 ^ this.k;
    for (let i = 0; i < this.k; i++) h = Math.imul((h ^ ids[off + i]) >>> 0, 0x01000193) ^ (h >>> 15);
    return fmix32(h); // linear probing needs well-spread low bits
  }

  private insert(row: number, hash: number): void {
    const index = this.index;
    let s = hash & this.mask;
    while (index[s] !== 0) s = (s + 1) & this.mask;
    index[s] = row + 1;
  }

  private grow(): void {
    const capacity = this.counts.length * 2;
    const rows = new Uint32Array(capacity * this.k);
    rows.set(this.rows);
    this.rows = rows;
    const counts = new Uint32Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
    this.index = new Uint32Array(this.index.length * 2);
    this.mask = this.index.length - 1;
    for (let r = 0; r < this.size; r++) this.insert(r, this.hashAt(this.rows, r * this.k));
  }
}
