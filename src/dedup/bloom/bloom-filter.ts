import { UserError } from "../../core/errors.js";

/** The largest filter: 2^32 bits (512 MiB), so that bit positions stay exact in 32-bit arithmetic. */
const MAX_BITS = 2 ** 32;

/**
 * Bloom filter sizing (Bloom 1970; the formulas Dolma's `src/bloom_filter.rs` and BFF use):
 * for `n` expected keys and false-positive rate `p`, m = −n ln p / (ln 2)² bits and
 * k = (m/n) ln 2 hash functions, so that the filter is half full after n insertions.
 */
export function bloomSize(n: number, p: number): { bits: number; hashes: number } {
  const bits = Math.max(64, Math.ceil((-Math.max(1, n) * Math.log(p)) / (Math.LN2 * Math.LN2)));
  if (bits > MAX_BITS) {
    throw new UserError(`a bloom filter for ${n} spans at false-positive rate ${p} needs ${Math.round(bits / 8e6)} MB, above the 512 MiB limit: raise false_positive_rate or split the corpus`);
  }
  const words = Math.ceil(bits / 32);
  return { bits: words * 32, hashes: Math.max(1, Math.round((words * 32 * Math.LN2) / Math.max(1, n))) };
}

/**
 * A bloom filter of 64-bit keys given as two 32-bit lanes. The k bit positions come from the
 * two lanes by double hashing (Kirsch & Mitzenmacher 2006, "Less hashing, same performance"):
 * g_i = a + i·b mod m, with b forced odd so that the positions differ. Filters of the same
 * size are merged by OR, which gives the filter of the union of their keys.
 */
export class BloomFilter {
  readonly words: Uint32Array;

  constructor(
    readonly bits: number,
    readonly hashes: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array(bits / 32);
    if (this.words.length * 32 !== bits) throw new Error(`bloom filter: ${this.words.length} words for ${bits} bits`);
  }

  /** Adds the key; returns whether it was (probably) present before. */
  add(a: number, b: number): boolean {
    const m = this.bits;
    let pos = (a >>> 0) % m;
    const step = ((b | 1) >>> 0) % m;
    let present = true;
    for (let i = 0; i < this.hashes; i++) {
      const w = pos >>> 5;
      const bit = 1 << (pos & 31);
      if ((this.words[w] & bit) === 0) {
        present = false;
        this.words[w] |= bit;
      }
      pos += step;
      if (pos >= m) pos -= m;
    }
    return present;
  }

  has(a: number, b: number): boolean {
    const m = this.bits;
    let pos = (a >>> 0) % m;
    const step = ((b | 1) >>> 0) % m;
    for (let i = 0; i < this.hashes; i++) {
      if ((this.words[pos >>> 5] & (1 << (pos & 31))) === 0) return false;
      pos += step;
      if (pos >= m) pos -= m;
    }
    return true;
  }

  /** This filter becomes the filter of the union of both key sets. */
  or(other: BloomFilter): void {
    if (other.bits !== this.bits || other.hashes !== this.hashes) throw new Error("bloom filter: OR of filters of different sizes");
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i] |= o[i];
  }

  /** The fraction of bits set: the false-positive rate is about this to the power k. */
  fill(): number {
    let set = 0;
    for (let i = 0; i < this.words.length; i++) {
      let v = this.words[i];
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      set += (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    return set / this.bits;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.words.buffer, this.words.byteOffset, this.words.byteLength);
  }

  static fromBuffer(buf: Buffer, bits: number, hashes: number): BloomFilter {
    // A copy into an aligned buffer: a file read may start at any byte offset.
    const words = new Uint32Array(bits / 32);
    new Uint8Array(words.buffer).set(buf.subarray(0, words.byteLength));
    if (buf.length !== words.byteLength) throw new Error(`bloom filter file: ${buf.length} bytes, expected ${words.byteLength}`);
    return new BloomFilter(bits, hashes, words);
  }
}
