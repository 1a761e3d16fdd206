import { fmix32 } from "../core/fmix32.js";
import type { NgramModel } from "./ngram-model.js";
import { WORD_SEED_A, WORD_SEED_B, WordIds, wordStepA, wordStepB } from "./word-hash.js";

/** Character classes of `lmWords`: whitespace separates, word characters join, the rest stand alone. */
const SPACE = 0;
const WORD = 1;
const OTHER = 2;
const SURROGATE = 3;

const isSpace = /^\s$/u;
const isWord = /^[\p{L}\p{M}\p{N}]$/u;

function classify(ch: string): number {
  return isSpace.test(ch) ? SPACE : isWord.test(ch) ? WORD : OTHER;
}

/** Class of every BMP code unit, computed once from the same regular expressions as `lmWords`. */
const BMP_CLASS = (() => {
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = c >= 0xd800 && c <= 0xdfff ? SURROGATE : classify(String.fromCharCode(c));
  return t;
})();
const astralClass = new Map<number, number>();

function classOfAstral(cp: number): number {
  let k = astralClass.get(cp);
  if (k === undefined) astralClass.set(cp, (k = classify(String.fromCodePoint(cp))));
  return k;
}

export interface TextScore {
  log10Prob: number;
  /** Words scored, each line's `</s>` included. */
  tokens: number;
  oov: number;
}

/**
 * Scores text as the perplexity step defines it, each non-empty line a sentence of `lmWords`,
 * without making a string per word: the text is lowercased once, scanned code unit by code
 * unit with a class table, and each word's hash is looked up in the vocabulary (`WordIds`).
 * Gives exactly `lmWords` + `NgramModel.score` (test/lm-speed.test.ts checks it on Unicode text).
 */
export class TextScorer {
  private readonly vocab: WordIds;
  readonly result: TextScore = { log10Prob: 0, tokens: 0, oov: 0 };

  constructor(private readonly model: NgramModel) {
    this.vocab = new WordIds(model.ids);
  }

  /**
   * Scores every line of `text`. `perLine`, when given, receives each line's log10 P and
   * token count (0 tokens for a line without words). The returned object is reused.
   */
  score(text: string, perLine?: (log10Prob: number, tokens: number) => void): TextScore {
    const model = this.model;
    const unk = model.unkId;
    const eos = model.eosId;
    const vocab = this.vocab;
    const lower = text.toLowerCase();
    const n = lower.length;
    let total = 0;
    let tokens = 0;
    let oov = 0;
    let state = model.begin();
    let lineWords = 0;
    let lineProb = 0;
    let i = 0;
    for (;;) {
      // End of line (or text): close the sentence if it had words.
      const c = i < n ? lower.charCodeAt(i) : 10;
      if (c === 10) {
        if (lineWords > 0) {
          lineProb += model.next(state, eos);
          total += lineProb;
          tokens += lineWords + 1;
          perLine?.(lineProb, lineWords + 1);
          state = model.begin();
        } else perLine?.(0, 0);
        lineWords = 0;
        lineProb = 0;
        if (++i > n) break;
        continue;
      }
      let k = BMP_CLASS[c];
      let width = 1;
      if (k === SURROGATE) [k, width] = this.surrogate(lower, i);
      if (k === SPACE) {
        i += width;
        continue;
      }
      let a = WORD_SEED_A;
      let b = WORD_SEED_B;
      for (let j = 0; j < width; j++) {
        const u = lower.charCodeAt(i + j);
        a = wordStepA(a, u);
        b = wordStepB(b, u);
      }
      i += width;
      if (k === WORD) {
        // Extend over the run of word characters.
        while (i < n) {
          const u = lower.charCodeAt(i);
          let ku = BMP_CLASS[u];
          let w = 1;
          if (ku === SURROGATE) [ku, w] = this.surrogate(lower, i);
          if (ku !== WORD) break;
          for (let j = 0; j < w; j++) {
            const v = lower.charCodeAt(i + j);
            a = wordStepA(a, v);
            b = wordStepB(b, v);
          }
          i += w;
        }
      }
      let id = vocab.find(fmix32(a), fmix32(b));
      if (id < 0) id = unk;
      if (id === unk) oov++;
      lineProb += model.next(state, id);
      lineWords++;
    }
    const r = this.result;
    r.log10Prob = total;
    r.tokens = tokens;
    r.oov = oov;
    return r;
  }

  /** Class and width (code units) of the code point starting with a surrogate at `i`; a lone one is a symbol on its own, as in a /u regex. */
  private surrogate(s: string, i: number): [number, number] {
    const cp = s.codePointAt(i)!;
    return cp > 0xffff ? [classOfAstral(cp), 2] : [OTHER, 1];
  }
}
