/**
 * 64-bit keys of text spans for the bloom filters, as two 32-bit lanes (the lanes of the
 * MinHash tokenizer, `minhash/tokens.ts`). Seeds are fixed, not the pipeline seed, so that
 * filters of different runs agree.
 */
import { fmix32 } from "../minhash/hash32.js";
import type { TokenHashes } from "../minhash/tokens.js";

export const SEED_A = 0x811c9dc5;
export const SEED_B = 0x2545f491;

/** A key pair, reused by the callers: one allocation per step, not per span. */
export interface Key {
  a: number;
  b: number;
}

/** The key of a (normalized) string, over its UTF-16 code units. */
export function textKey(s: string, out: Key): Key {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(((b << 5) | (b >>> 27)) ^ c, 0x27d4eb2f);
  }
  out.a = fmix32(a ^ s.length);
  out.b = fmix32(b ^ Math.imul(s.length, 0x9e3779b1));
  return out;
}

/**
 * The key of tokens [from, from + n) of `t`: both lanes of every token folded in order
 * (a multiply-rotate chain, then fmix32), so that the n-gram key depends on order and content.
 */
export function ngramKey(t: TokenHashes, from: number, n: number, out: Key): Key {
  let a = SEED_A ^ n;
  let b = SEED_B;
  for (let i = from; i < from + n; i++) {
    a = Math.imul((a << 13) | (a >>> 19), 0x85ebca6b) ^ t.lo[i];
    b = Math.imul((b << 15) | (b >>> 17), 0xcc9e2d51) ^ t.hi[i];
  }
  out.a = fmix32(a ^ b);
  out.b = fmix32(b ^ Math.imul(a, 0x9e3779b1));
  return out;
}
