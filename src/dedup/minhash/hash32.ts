/**
 * 32-bit integer mixing on JS numbers (Math.imul), the building block of every MinHash hash:
 * 64-bit values are carried as two 32-bit halves because BigInt arithmetic is ~100× slower.
 */

import { fmix32 } from "../../core/fmix32.js";

export { fmix32 };

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
