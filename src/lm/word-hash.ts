/**
 * 64-bit hashes of words as two 32-bit lanes over their UTF-16 code units, so that text can be
 * mapped to vocabulary ids without making a string per word. KenLM's vocabulary does the same
 * (lm/vocab.cc: a 64-bit hash of the word's bytes is all it stores); a wrong id needs a 64-bit
 * collision with a vocabulary word.
 */
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

/** murmur3's finalizer, applied to each lane when the word ends. */
export function wordFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Open-addressing map from a word's two hash lanes to its id, on typed arrays. */
export class WordIds {
  private readonly keys: Uint32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(words: ReadonlyMap<string, number>) {
    let slots = 16;
    while (slots < words.size * 2) slots *= 2;
    this.keys = new Uint32Array(slots * 2);
    this.values = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
    for (const [word, id] of words) {
      let a = WORD_SEED_A;
      let b = WORD_SEED_B;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        a = wordStepA(a, c);
        b = wordStepB(b, c);
      }
      this.insert(wordFinish(a), wordFinish(b), id);
    }
  }

  private insert(a: number, b: number, id: number): void {
    let s = (a ^ b) & this.mask;
    while (this.values[s] >= 0) {
      if (this.keys[2 * s] === a && this.keys[2 * s + 1] === b) return; // a 64-bit collision: keep the first word
      s = (s + 1) & this.mask;
    }
    this.keys[2 * s] = a;
    this.keys[2 * s + 1] = b;
    this.values[s] = id;
  }

  /** The id of the word with these finished lanes, or −1. */
  find(a: number, b: number): number {
    const keys = this.keys;
    for (let s = (a ^ b) & this.mask; ; s = (s + 1) & this.mask) {
      const id = this.values[s];
      if (id < 0) return -1;
      if (keys[2 * s] === a && keys[2 * s + 1] === b) return id;
    }
  }
}
