/**
 * 64-bit hashes of words as two 32-bit lanes over their UTF-16 code units, so that text can be
 * mapped to vocabulary ids without making a string per word. KenLM's vocabulary does the same
 * (lm/vocab.cc: a 64-bit hash of the word's bytes is all it stores); a wrong id needs a 64-bit
 * collision with a vocabulary word.
 */
import { fmix32 } from "../core/fmix32.js";
export const WORD_SEED_A = 0x811c9dc5;
export const WORD_SEED_B = 0x2545f491;

/** One code unit into lane A (FNV-1a step). */
export function wordStepA(h: number, unit: number): number {
  return Math.imul(h ^ unit, 0x01000193);
}

/** One code unit into lane B (a different multiplier and mixing, so the lanes stay independent). */
export function wordStepB(h: number, unit: number): number {
  return Math.imul(h + unit, 0x5bd1e995) ^ (h >>> 13);
}


/**
 * Open-addressing map from a word's two hash lanes to its id. A slot is [lane A, lane B,
 * id + 1] in one Int32Array (4 ints, so a slot never straddles a cache line); id + 1 = 0 is empty.
 */
export class WordIds {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(words: ReadonlyMap<string, number>) {
    let slots = 16;
    while (slots < words.size * 2) slots *= 2;
    this.slots = new Int32Array(slots * 4);
    this.mask = slots - 1;
    for (const [word, id] of words) {
      let a = WORD_SEED_A;
      let b = WORD_SEED_B;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        a = wordStepA(a, c);
        b = wordStepB(b, c);
      }
      this.insert(fmix32(a), fmix32(b), id);
    }
  }

  private insert(a: number, b: number, id: number): void {
    a |= 0;
    b |= 0;
    const t = this.slots;
    let s = (a ^ b) & this.mask;
    while (t[4 * s + 2] !== 0) {
      if (t[4 * s] === a && t[4 * s + 1] === b) return; // a 64-bit collision: keep the first word
      s = (s + 1) & this.mask;
    }
    t[4 * s] = a;
    t[4 * s + 1] = b;
    t[4 * s + 2] = id + 1;
  }

  /** The id of the word with these finished lanes, or −1. */
  find(a: number, b: number): number {
    a |= 0;
    b |= 0;
    const t = this.slots;
    const mask = this.mask;
    for (let s = (a ^ b) & mask; ; s = (s + 1) & mask) {
      const i = s << 2;
      const id = t[i + 2];
      if (id === 0) return -1;
      if (t[i] === a && t[i + 1] === b) return id - 1;
    }
  }
}
