/**
 * The green list of winnow's watermark scheme, `lefthash-fmix32` (Kirchenbauer et al. 2023,
 * "A Watermark for Large Language Models", Algorithm 2, with the green list tested per token
 * in O(1) instead of drawn as a permutation of the vocabulary):
 *
 *   context c_t = (x_{t−1} + … + x_{t−h}) mod 2^32      (h = context width; 1: previous token,
 *                                                          "Additive-LeftHash" for h > 1 —
 *                                                          Kirchenbauer et al. 2023b, §4.1)
 *   s      = fmix32((key + c_t · 0x9E3779B1) mod 2^32)
 *   u      = fmix32(s XOR (x_t · 0x85EBCA77 mod 2^32))
 *   x_t is green  ⇔  u < ⌊γ · 2^32⌋
 *
 * fmix32 is murmur3's 32-bit finalizer. For a fixed context, x ↦ u is a bijection mixed by
 * fmix32, so each vocabulary id is green with probability γ and about γ·|V| ids are green: the
 * null hypothesis of the z-test (text written without the key: each scored token green with
 * probability γ, independently) holds as in the paper.
 */

import { fmix32 } from "../dedup/minhash/hash32.js";

/** The reference implementation's default key (`hash_key` of jwkirchenbauer/lm-watermarking). */
export const DEFAULT_WATERMARK_KEY = 15485863;

/** ⌊γ · 2^32⌋: a token is green when its hash is below this. */
export function greenLimit(gamma: number): number {
  return Math.floor(gamma * 2 ** 32);
}

/** The context seed s of a context sum c. */
export function contextSeed(key: number, context: number): number {
  return fmix32((key + Math.imul(context, 0x9e3779b1)) >>> 0);
}

/** Whether `token` is green after the context whose seed is `seed`. */
export function isGreen(seed: number, token: number, limit: number): boolean {
  return fmix32((seed ^ Math.imul(token, 0x85ebca77)) >>> 0) < limit;
}
