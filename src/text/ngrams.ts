/**
 * Repetition measures over spans of a text (lines, paragraphs, word n-grams), as Gopher defines
 * them (Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training
 * Gopher", Table A1) and datatrove computes them (`pipeline/filters/gopher_repetition_filter.py`).
 *
 * No piece of text is ever copied: each word is hashed once, an n-gram's hash comes in O(1)
 * from prefix sums of the word hashes, and equal hashes are confirmed by comparing characters,
 * so the counts are exact whatever the hash does. Tables and buffers are reused across documents.
 */
import { cpLength } from "./chars.js";
import type { Spans } from "./lines.js";
import { SpanTable } from "./span-table.js";

/** Odd multipliers (so invertible mod 2^32) for the character and word-sequence hashes. */
const B = 0x01000193;
const W = 0x2545f491;

/** Multiplicative inverse of an odd number mod 2^32 (Newton's iteration). */
function inverse(a: number): number {
  let x = a;
  for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}
const B_INV = inverse(B);

function power(base: number, e: number): number {
  let r = 1;
  for (let k = 0; k < e; k++) r = Math.imul(r, base);
  return r;
}

/** B^k and B^-k for every word length k seen so far. */
let powers = new Int32Array([1]);
let inversePowers = new Int32Array([1]);
function growPowers(k: number): void {
  const size = Math.max(k + 1, powers.length * 2);
  const p = new Int32Array(size);
  const q = new Int32Array(size);
  p[0] = q[0] = 1;
  for (let i = 1; i < size; i++) {
    p[i] = Math.imul(p[i - 1], B);
    q[i] = Math.imul(q[i - 1], B_INV);
  }
  powers = p;
  inversePowers = q;
}

/** Polynomial hash of `text[s, e)`, first character weighted highest. */
function spanHash(text: string, s: number, e: number): number {
  let h = 0;
  for (let i = s; i < e; i++) h = (Math.imul(h, B) + text.charCodeAt(i)) | 0;
  return h;
}

function sameSpan(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  while (a < aEnd) if (text.charCodeAt(a++) !== text.charCodeAt(b++)) return false;
  return true;
}

const lineTable = new SpanTable();

/** Python `find_duplicates`: how many elements repeat an earlier one, and their total length in code points. */
export function duplicateSpans(text: string, spans: Spans, astral: boolean): { elements: number; chars: number } {
  const at = spans.at;
  lineTable.reset(spans.count);
  const slots = lineTable.slots;
  const live = lineTable.generation;
  let elements = 0;
  let chars = 0;
  for (let k = 0; k < spans.count; k++) {
    const s = at[2 * k];
    const e = at[2 * k + 1];
    const h = spanHash(text, s, e);
    for (let o = lineTable.home(h); ; o = lineTable.next(o)) {
      if (slots[o] !== live) {
        lineTable.claim(o, h, k);
        break;
      }
      const f = slots[o + 2];
      if (slots[o + 1] === h && sameSpan(text, at[2 * f], at[2 * f + 1], s, e)) {
        elements++;
        chars += astral ? cpLength(text, s, e) : e - s;
        break;
      }
    }
  }
  return { elements, chars };
}

/** An Int32Array of at least `n` elements: `current` when big enough. */
function atLeast(current: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  return current.length >= n ? current : new Int32Array(Math.max(n, current.length * 2));
}

/**
 * The word n-grams of one document at a time (`load` replaces the previous one). datatrove
 * compares n-grams as strings: words joined with " " for the most frequent n-gram (so: equal
 * word sequences) and joined with "" for duplicated n-grams (so: equal character sequences,
 * even across different word boundaries).
 */
export class WordNgrams {
  words = 0;
  private text = "";
  private at: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** Characters between words of a " "-joined n-gram: 1, or 0 for words that were never spaced. */
  private separator = 1;
  /** Per word: hash of its characters. */
  private wordHash = new Int32Array(0);
  /** Cumulative code point lengths of the words. */
  private cps = new Int32Array(1);
  /** Cumulative UTF-16 lengths of the words. */
  private units = new Int32Array(1);
  /**
   * `norm[k] · pow[k]` is the hash of the first k words concatenated, pow[k] = B^units[k]; so
   * the hash of words [i, j) concatenated is `(norm[j] − norm[i]) · pow[j]`.
   */
  private norm = new Int32Array(1);
  private pow = new Int32Array(1);
  /** Prefix hashes of the sequence of word hashes. */
  private seq = new Int32Array(1);
  private readonly table = new SpanTable();

  load(text: string, words: Spans, astral: boolean, separator = 1): this {
    const n = words.count;
    const at = words.at;
    this.words = n;
    this.text = text;
    this.at = at;
    this.separator = separator;
    const wordHash = (this.wordHash = atLeast(this.wordHash, n));
    const cps = (this.cps = atLeast(this.cps, n + 1));
    const units = (this.units = atLeast(this.units, n + 1));
    const norm = (this.norm = atLeast(this.norm, n + 1));
    const pow = (this.pow = atLeast(this.pow, n + 1));
    const seq = (this.seq = atLeast(this.seq, n + 1));
    pow[0] = 1;
    let inv = 1;
    for (let k = 0; k < n; k++) {
      const start = at[2 * k];
      const end = at[2 * k + 1];
      const len = end - start;
      if (len >= powers.length) growPowers(len);
      const w = spanHash(text, start, end);
      wordHash[k] = w;
      pow[k + 1] = Math.imul(pow[k], powers[len]);
      inv = Math.imul(inv, inversePowers[len]);
      norm[k + 1] = (norm[k] + Math.imul(w, inv)) | 0;
      seq[k + 1] = (Math.imul(seq[k], W) + (w ^ Math.imul(len, 0x85ebca6b))) | 0;
      units[k + 1] = units[k] + len;
      cps[k + 1] = cps[k] + (astral ? cpLength(text, start, end) : len);
    }
    return this;
  }

  /**
   * datatrove `find_top_duplicate(get_n_grams(words, n))`: length of the most frequent
   * " "-joined n-gram times its count; ties go to the n-gram seen first (`Counter.most_common`).
   * 0 when there are fewer than n words.
   */
  topNgramChars(n: number): number {
    const total = this.words - n + 1;
    if (total <= 0) return 0;
    const table = this.table;
    table.reset(total);
    const slots = table.slots;
    const live = table.generation;
    const seq = this.seq;
    const wn = power(W, n);
    let bestCount = 1;
    let bestFirst = 0;
    for (let i = 0; i < total; i++) {
      const h = (seq[i + n] - Math.imul(seq[i], wn)) | 0;
      for (let o = table.home(h); ; o = table.next(o)) {
        if (slots[o] !== live) {
          table.claim(o, h, i);
          break;
        }
        const first = slots[o + 2];
        if (slots[o + 1] === h && this.sameWords(first, i, n)) {
          const count = ++slots[o + 3];
          if (count > bestCount || (count === bestCount && first < bestFirst)) {
            bestCount = count;
            bestFirst = first;
          }
          break;
        }
      }
    }
    return (this.cps[bestFirst + n] - this.cps[bestFirst] + this.separator * (n - 1)) * bestCount;
  }

  /**
   * datatrove `find_all_duplicate(words, n)`: scanning left to right, an n-gram (words joined
   * with "") already seen adds its length and the scan jumps past it.
   */
  duplicateNgramChars(n: number): number {
    const total = this.words - n + 1;
    if (total <= 0) return 0;
    const table = this.table;
    table.reset(total);
    const slots = table.slots;
    const live = table.generation;
    const norm = this.norm;
    const pow = this.pow;
    let repeated = 0;
    let i = 0;
    while (i < total) {
      const h = Math.imul(norm[i + n] - norm[i], pow[i + n]);
      let seen = false;
      for (let o = table.home(h); ; o = table.next(o)) {
        if (slots[o] !== live) {
          table.claim(o, h, i);
          break;
        }
        if (slots[o + 1] === h && this.sameChars(slots[o + 2], i, n)) {
          seen = true;
          break;
        }
      }
      if (seen) {
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
    for (let k = 0; k < n; k++) {
      if (this.wordHash[a + k] !== this.wordHash[b + k]) return false;
      if (!sameSpan(this.text, at[2 * (a + k)], at[2 * (a + k) + 1], at[2 * (b + k)], at[2 * (b + k) + 1])) return false;
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
