/**
 * fastText's hashes, bit for bit (src/dictionary.cc, v0.9.2). All values are int32 in JS;
 * `>>> 0` reads them as the uint32 that C++ holds.
 */

export const FNV_OFFSET = 2166136261 | 0;
const FNV_PRIME = 16777619;

/**
 * One FNV-1a step. fastText XORs `uint32_t(int8_t(byte))`: bytes ≥ 0x80 are sign-extended,
 * so non-ASCII text hashes differently from textbook FNV-1a; `(b << 24) >> 24` does the same.
 */
export function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ ((byte << 24) >> 24), FNV_PRIME);
}

/** `Dictionary::hash` over `bytes[start, end)`. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = fnvStep(h, bytes[i]);
  return h;
}

const NGRAM_MULTIPLIER = 116049371;

/**
 * Word n-gram ids, as `Dictionary::addWordNgrams`: the token hashes are kept in an
 * `int32_t` vector and widened to `uint64_t`, so each is sign-extended before
 * `h = h * 116049371 + hash` (mod 2^64); the id is `h % bucket`. The 64-bit value is
 * carried as two uint32 halves to stay exact without BigInt.
 */
export class WordNgramHash {
  private hi = 0;
  private lo = 0;

  start(hash: number): void {
    this.lo = hash >>> 0;
    this.hi = hash < 0 ? 0xffffffff : 0;
  }

  /** h = h * 116049371 + sign-extended hash. */
  extend(hash: number): void {
    const lo = this.lo;
    // lo * M exceeds 2^53, so multiply 16-bit halves: carry = ⌊lo·M / 2^32⌋.
    const carry = Math.floor((((lo >>> 16) * NGRAM_MULTIPLIER) + Math.floor(((lo & 0xffff) * NGRAM_MULTIPLIER) / 65536)) / 65536);
    let hi = Math.imul(this.hi, NGRAM_MULTIPLIER) + carry;
    let low = (Math.imul(lo, NGRAM_MULTIPLIER) >>> 0) + (hash >>> 0);
    if (low > 0xffffffff) {
      low -= 0x100000000;
      hi += 1;
    }
    if (hash < 0) hi += 0xffffffff;
    this.hi = hi >>> 0;
    this.lo = low;
  }

  /** h % bucket for a bucket below 2^31, reduced 16 bits at a time to stay below 2^53. */
  mod(bucket: number): number {
    let r = this.hi % bucket;
    r = (r * 65536 + (this.lo >>> 16)) % bucket;
    return (r * 65536 + (this.lo & 0xffff)) % bucket;
  }
}
