/**
 * 64-bit hashes of word-id sequences as two independent 32-bit lanes, so that n-gram tables
 * can key on plain Uint32Array pairs (no BigInt). Like KenLM's probing structure (Heafield
 * 2011, "KenLM: Faster and Smaller Language Model Queries", §3.1) only the hash is stored:
 * a false match needs a 64-bit collision.
 *
 * Hashes extend leftwards (`extend(h(b c), a) = h(a b c)`): scoring word i looks up the
 * n-grams ending at i from short to long, and the chain computed at i is the chain of
 * contexts (backoff weights) needed at i + 1.
 */
import { fmix32 } from "../core/fmix32.js";


export function laneA(prev: number, id: number): number {
  return fmix32(Math.imul(prev ^ 0x9e3779b9, 0x01000193) + id);
}

export function laneB(prev: number, id: number): number {
  return fmix32(Math.imul(prev + 0x7f4a7c15, 0x2c1b3c6d) ^ Math.imul(id + 1, 0x297a2d39));
}

/** Lane seeds of the empty sequence. */
export const SEED_A = 0x1b873593;
export const SEED_B = 0xcc9e2d51;
