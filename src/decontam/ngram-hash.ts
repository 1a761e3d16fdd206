import type { WordScan } from "./words.js";

/** Odd bases, so the polynomial hashes are invertible mod 2^32; one per hash lane. */
const B1 = 0x2545f491;
const B2 = 0x6c8e9cf5;

/**
 * 64-bit hashes of word windows, as two independent 32-bit polynomial hashes of the words'
 * hashes. Prefix hashes make any window's hash O(1) — P[i+L] − P[i]·B^L — so one pass gives
 * every n-gram of a document, and windows of other lengths (short items) cost no rescan.
 */
export class NgramHasher {
  private p1 = new Int32Array(1025);
  private p2 = new Int32Array(1025);
  private readonly pow1: Int32Array;
  private readonly pow2: Int32Array;
  /** The last window's hash halves. */
  lo = 0;
  hi = 0;

  constructor(maxLength: number) {
    this.pow1 = new Int32Array(maxLength + 1);
    this.pow2 = new Int32Array(maxLength + 1);
    this.pow1[0] = 1;
    this.pow2[0] = 1;
    for (let k = 1; k <= maxLength; k++) {
      this.pow1[k] = Math.imul(this.pow1[k - 1], B1);
      this.pow2[k] = Math.imul(this.pow2[k - 1], B2);
    }
  }

  /** Prefix hashes of the scanned words. */
  prepare(words: WordScan): void {
    const n = words.count;
    if (this.p1.length < n + 1) {
      let size = this.p1.length;
      while (size < n + 1) size *= 2;
      this.p1 = new Int32Array(size);
      this.p2 = new Int32Array(size);
    }
    const { h1, h2 } = words;
    const p1 = this.p1;
    const p2 = this.p2;
    let a = 0;
    let b = 0;
    for (let k = 0; k < n; k++) {
      a = (Math.imul(a, B1) + h1[k]) | 0;
      b = (Math.imul(b, B2) + h2[k]) | 0;
      p1[k + 1] = a;
      p2[k + 1] = b;
    }
  }

  /** Hashes of every window of `length` words, window i into `lo[i]`/`hi[i]` (arrays long enough); returns their number. */
  windows(words: number, length: number, lo: Int32Array, hi: Int32Array): number {
    const p1 = this.p1;
    const p2 = this.p2;
    const m1 = this.pow1[length];
    const m2 = this.pow2[length];
    const count = words - length + 1;
    for (let i = 0; i < count; i++) {
      lo[i] = (p1[i + length] - Math.imul(p1[i], m1)) | 0;
      hi[i] = (p2[i + length] - Math.imul(p2[i], m2)) | 0;
    }
    return Math.max(count, 0);
  }

  /** Hash of the `length` words from word `first` into `lo`/`hi`; `length` ≤ the constructor's maximum. */
  window(first: number, length: number): void {
    const e = first + length;
    this.lo = (this.p1[e] - Math.imul(this.p1[first], this.pow1[length])) | 0;
    this.hi = (this.p2[e] - Math.imul(this.p2[first], this.pow2[length])) | 0;
  }
}
