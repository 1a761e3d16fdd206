import { fmix32 } from "./hash32.js";

/**
 * The 64-bit bucket key of one band: the band number and its `rows` minima (hi and lo
 * halves) folded into two independent 32-bit lanes. Two documents share a key when the
 * band's minima all agree (or, with probability ≈ 2^-64 per pair, by collision).
 */
export function bandKey(sig: Int32Array, band: number, rows: number, out: Uint32Array): void {
  let h1 = Math.imul(band + 1, 0x9e3779b1);
  let h2 = Math.imul(band + 1, 0x85ebca77) ^ 0x5bd1e995;
  for (let i = 2 * band * rows, end = i + 2 * rows; i < end; i += 2) {
    h1 = Math.imul(h1 ^ sig[i], 0xcc9e2d51);
    h1 = Math.imul((h1 << 13) | (h1 >>> 19), 0x1b873593) ^ sig[i + 1];
    h2 = Math.imul(h2 ^ sig[i + 1], 0x27d4eb2f);
    h2 = Math.imul((h2 << 17) | (h2 >>> 15), 0x165667b1) ^ sig[i];
  }
  out[0] = fmix32(h1);
  out[1] = fmix32(h2);
}
