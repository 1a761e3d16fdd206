/**
 * 32-bit integer mixing on JS numbers (Math.imul), the building block of every MinHash hash:
 * 64-bit values are carried as two 32-bit halves because BigInt arithmetic is ~100× slower.
 */

/** MurmurHash3's finalizer fmix32 (Appleby 2011): a bijection of 32 bits with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A stream of 32-bit parameters drawn from the pipeline seed (a Weyl sequence through fmix32,
 * as SplitMix does), so that every hash of a run is a function of the seed alone.
 */
export function parameterStream(seed: number, stream: number): () => number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x100000000) >>> 0;
  let state = fmix32(lo ^ fmix32(hi ^ fmix32(stream + 0x6d2b79f5)));
  return () => fmix32((state = (state + 0x9e3779b9) | 0));
}
