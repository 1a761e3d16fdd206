/**
 * MurmurHash3's 32-bit finalizer fmix32 (Appleby 2011): a bijection of 32 bits with full
 * avalanche. Hash tables and lane hashes throughout winnow finish with it, so that
 * low-entropy inputs spread over every bit of a table index.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
