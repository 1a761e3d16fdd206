/**
 * Repetition measures over spans of a text (lines, paragraphs, word n-grams), as Gopher defines
 * them (Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training
 * Gopher", Table A1) and datatrove computes them (`pipeline/filters/gopher_repetition_filter.py`).
 *
 * No n-gram string is ever built: an n-gram is located by a 32-bit polynomial hash computed in
 * O(1) from prefix hashes, and a hash hit is confirmed by comparing the characters, so the
 * counts are exact whatever the hash does.
 */
import { cpLength } from "./chars.js";
import type { Spans } from "./lines.js";

/** Odd multipliers (so invertible mod 2^32) for the character and word-sequence hashes. */
const B = 0x01000193;
const W = 0x2545f491;

/** Python `find_duplicates`: how many elements repeat an earlier one, and their total length in code points. */
export function duplicateSpans(text: string, spans: Spans, astral: boolean): { elements: number; chars: number } {
  const seen = new Set<string>();
  let elements = 0;
  let chars = 0;
  for (let k = 0; k < spans.count; k++) {
    const s = spans.at[2 * k];
    const e = spans.at[2 * k + 1];
    const piece = text.slice(s, e);
    if (seen.has(piece)) {
      elements++;
      chars += astral ? cpLength(text, s, e) : e - s;
    } else {
      seen.add(piece);
    }
  }
  return { elements, chars };
}

/** Multiplicative inverse of an odd number mod 2^32 (Newton's iteration). */
function inverse(a: number): number {
  let x = a;
  for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}
const B_INV = inverse(B);

/**
 * Open-addressing table of n-grams, keyed by hash, holding for each distinct n-gram the index of
 * its first occurrence and its count. Equality is decided by the caller's `same` test. A slot's
 * fields sit together (stamp, hash, first, count) so a probe touches one cache line.
 */
class NgramTable {
  private shift = 32;
  private mask = 0;
  private slots = new Int32Array(0);
  private generation = 0;
  /** Occupied slots in insertion order; `size` of them are valid. */
  used = new Int32Array(0);
  size = 0;

  reset(expected: number): void {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    if (capacity * 4 > this.slots.length) {
      this.slots = new Int32Array(capacity * 4);
      this.used = new Int32Array(capacity);
      this.generation = 0;
    }
    this.mask = this.slots.length / 4 - 1;
    this.shift = 32 - Math.log2(this.slots.length / 4);
    this.generation = (this.generation + 1) | 0;
    if (this.generation === 0) {
      this.slots.fill(0);
      this.generation = 1;
    }
    this.size = 0;
  }

  /** Slot of the n-gram at `index`, inserted with count 0 when new. */
  slot(h: number, index: number, same: (a: number, b: number) => boolean): number {
    const slots = this.slots;
    let i = Math.imul(h, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const o = i * 4;
      if (slots[o] !== this.generation) {
        slots[o] = this.generation;
        slots[o + 1] = h;
        slots[o + 2] = index;
        slots[o + 3] = 0;
        this.used[this.size++] = o;
        return o;
      }
      if (slots[o + 1] === h && same(slots[o + 2], index)) return o;
      i = (i + 1) & this.mask;
    }
  }

  first(slot: number): number {
    return this.slots[slot + 2];
  }

  count(slot: number): number {
    return this.slots[slot + 3];
  }

  increment(slot: number): void {
    this.slots[slot + 3]++;
  }
}

const table = new NgramTable();

/**
 * The word n-grams of one document. datatrove compares n-grams as strings: words joined with
 * " " for the most frequent n-gram (so: equal word sequences) and joined with "" for duplicated
 * n-grams (so: equal character sequences, even across different word boundaries).
 */
export class WordNgrams {
  readonly words: number;
  private readonly text: string;
  private readonly at: Int32Array;
  /** Cumulative code point lengths of the words. */
  private readonly cps: Float64Array;
  /** Cumulative UTF-16 lengths of the words. */
  private readonly units: Int32Array;
  /** Prefix hashes of the concatenated words: chars[i] = P · B^-C, so a span is a difference. */
  private readonly chars: Int32Array;
  private readonly powers: Int32Array;
  /** Prefix hashes of the sequence of word hashes. */
  private readonly seq: Int32Array;

  constructor(text: string, words: Spans, astral: boolean) {
    const n = words.count;
    this.words = n;
    this.text = text;
    this.at = words.at;
    this.cps = new Float64Array(n + 1);
    this.units = new Int32Array(n + 1);
    this.chars = new Int32Array(n + 1);
    this.powers = new Int32Array(n + 1);
    this.seq = new Int32Array(n + 1);
    let p = 0;
    let q = 1;
    let qInv = 1;
    let s = 0;
    this.powers[0] = 1;
    for (let k = 0; k < n; k++) {
      const start = words.at[2 * k];
      const end = words.at[2 * k + 1];
      let w = end - start;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        p = (Math.imul(p, B) + c) | 0;
        q = Math.imul(q, B);
        qInv = Math.imul(qInv, B_INV);
        w = (Math.imul(w, 0x01000193) ^ c) | 0;
      }
      s = (Math.imul(s, W) + w) | 0;
      this.chars[k + 1] = Math.imul(p, qInv);
      this.powers[k + 1] = q;
      this.seq[k + 1] = s;
      this.units[k + 1] = this.units[k] + (end - start);
      this.cps[k + 1] = this.cps[k] + (astral ? cpLength(text, start, end) : end - start);
    }
  }

  /**
   * datatrove `find_top_duplicate(get_n_grams(words, n))`: length of the most frequent
   * " "-joined n-gram times its count; ties go to the n-gram seen first (`Counter.most_common`).
   * 0 when there are fewer than n words.
   */
  topNgramChars(n: number): number {
    const total = this.words - n + 1;
    if (total <= 0) return 0;
    table.reset(total);
    const wn = power(W, n);
    const same = (a: number, b: number): boolean => this.sameWords(a, b, n);
    for (let i = 0; i < total; i++) {
      const h = (this.seq[i + n] - Math.imul(this.seq[i], wn)) | 0;
      table.increment(table.slot(h, i, same));
    }
    let bestCount = 0;
    let bestFirst = 0;
    for (let u = 0; u < table.size; u++) {
      const slot = table.used[u];
      const c = table.count(slot);
      if (c > bestCount || (c === bestCount && table.first(slot) < bestFirst)) {
        bestCount = c;
        bestFirst = table.first(slot);
      }
    }
    return (this.cps[bestFirst + n] - this.cps[bestFirst] + n - 1) * bestCount;
  }

  /**
   * datatrove `find_all_duplicate(words, n)`: scanning left to right, an n-gram (words joined
   * with "") already seen adds its length and the scan jumps past it.
   */
  duplicateNgramChars(n: number): number {
    const total = this.words - n + 1;
    if (total <= 0) return 0;
    table.reset(total);
    const same = (a: number, b: number): boolean => this.sameChars(a, b, n);
    let repeated = 0;
    let i = 0;
    while (i < total) {
      const h = Math.imul(this.chars[i + n] - this.chars[i], this.powers[i + n]);
      const before = table.size;
      table.slot(h, i, same);
      if (table.size === before) {
        repeated += this.cps[i + n] - this.cps[i];
        i += n;
      } else {
        i++;
      }
    }
    return repeated;
  }

  /** Whether the n words from `a` equal the n words from `b`. */
  private sameWords(a: number, b: number, n: number): boolean {
    const at = this.at;
    const text = this.text;
    for (let k = 0; k < n; k++) {
      const sa = at[2 * (a + k)];
      const sb = at[2 * (b + k)];
      const len = at[2 * (a + k) + 1] - sa;
      if (len !== at[2 * (b + k) + 1] - sb) return false;
      for (let t = 0; t < len; t++) if (text.charCodeAt(sa + t) !== text.charCodeAt(sb + t)) return false;
    }
    return true;
  }

  /** Whether the n words from `a`, concatenated, equal the n words from `b` concatenated. */
  private sameChars(a: number, b: number, n: number): boolean {
    if (this.units[a + n] - this.units[a] !== this.units[b + n] - this.units[b]) return false;
    const at = this.at;
    const text = this.text;
    // Two cursors walk the words' characters; equal total lengths make them end together.
    let wa = a;
    let wb = b;
    let ia = at[2 * a];
    let ib = at[2 * b];
    for (;;) {
      while (ia === at[2 * wa + 1]) {
        if (++wa === a + n) return true;
        ia = at[2 * wa];
      }
      while (ib === at[2 * wb + 1]) ib = at[2 * ++wb];
      if (text.charCodeAt(ia++) !== text.charCodeAt(ib++)) return false;
    }
  }
}

function power(base: number, e: number): number {
  let r = 1;
  for (let k = 0; k < e; k++) r = Math.imul(r, base);
  return r;
}
