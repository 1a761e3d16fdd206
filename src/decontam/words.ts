import { grown } from "../core/grown.js";

/**
 * The normalized words that benchmark items and documents are compared by. Contamination is
 * often lightly edited — recased, re-spaced, punctuation changed, options relabelled — and
 * must still be found, so (as datatrove's `simplify_text` does for its decontamination, minus
 * its digit folding: GSM8K items differ by their numbers):
 * - a word is a maximal run of letters and digits (Unicode `\p{L}\p{N}`); everything else —
 *   whitespace, punctuation, symbols — only separates words, so spacing and punctuation edits
 *   do not matter;
 * - characters are folded: NFKD, combining marks dropped, lowercased (`É`→`e`, `Ａ`→`a`);
 * - a Han, Hiragana or Katakana character is a word by itself: those scripts put no spaces
 *   between words, and a whole clause as one "word" would make n-grams far too long;
 * - one-letter Latin words are skipped: multiple-choice labels (`A.`, `(b)`, `C)`) differ from
 *   copy to copy and are absent from MMLU's CSV; skipping them on both sides also skips the
 *   article "a", which costs nothing.
 *
 * Each word is reduced to two independent 32-bit hashes, which `ngram-hash.ts` combines into a
 * 64-bit n-gram key. Folding is a table lookup per UTF-16 unit, so tokenizing is one pass.
 */

const SEPARATOR = 0;
const WORD = 1;
/** A combining mark: dropped, without ending the word (a decomposed diacritic). */
const MARK = 2;
/** A character that is a word by itself (CJK). */
const SINGLE = 3;

let classOf: Uint8Array | undefined;
let foldOf: Uint16Array;

/** Built on first use (about 65k regex tests): importing the step costs nothing. */
function tables(): Uint8Array {
  if (classOf) return classOf;
  const cls = new Uint8Array(65536);
  const fold = new Uint16Array(65536);
  const mark = /\p{M}/u;
  const wordChar = /[\p{L}\p{N}]/u;
  const single = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  for (let c = 0; c < 65536; c++) {
    fold[c] = c;
    // Astral characters (surrogate pairs) are rare in text worth matching: kept as word characters, unfolded.
    if (c >= 0xd800 && c <= 0xdfff) {
      cls[c] = WORD;
      continue;
    }
    const s = String.fromCharCode(c);
    if (mark.test(s)) cls[c] = MARK;
    else if (single.test(s)) cls[c] = SINGLE;
    else if (wordChar.test(s)) cls[c] = WORD;
    else continue;
    const folded = s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    if (folded.length === 1) fold[c] = folded.charCodeAt(0);
    else if (s.toLowerCase().length === 1) fold[c] = s.toLowerCase().charCodeAt(0);
  }
  foldOf = fold;
  classOf = cls;
  return cls;
}

/** Words of one text: their UTF-16 offsets and hashes, in growable scratch arrays reused between calls. */
export class WordScan {
  count = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  h1 = new Int32Array(1024);
  h2 = new Int32Array(1024);

  /** Tokenizes `text`, replacing the previous contents; returns the number of words. */
  scan(text: string): number {
    const cls = tables();
    const fold = foldOf;
    const len = text.length;
    let n = 0;
    let i = 0;
    while (i < len) {
      const k = cls[text.charCodeAt(i)];
      if (k === SEPARATOR || k === MARK) {
        i++;
        continue;
      }
      const s = i;
      let a = 0x811c9dc5 | 0;
      let b = 0x9747b28c | 0;
      let units = 0;
      let last = 0;
      if (k === SINGLE) {
        last = fold[text.charCodeAt(i)];
        a = Math.imul(a ^ last, 0x01000193);
        b = Math.imul(b + last, 0x5bd1e995);
        units = 1;
        i++;
      } else {
        for (; i < len; i++) {
          const c = text.charCodeAt(i);
          const kc = cls[c];
          if (kc === MARK) continue;
          if (kc !== WORD) break;
          last = fold[c];
          a = Math.imul(a ^ last, 0x01000193);
          b = Math.imul((b ^ (b >>> 15)) + last, 0x5bd1e995);
          units++;
        }
        // One-letter Latin words (option labels, "a") are skipped; see the module comment.
        if (units === 1 && last >= 97 && last <= 122) continue;
      }
      if (n === this.start.length) this.grow();
      this.start[n] = s;
      this.end[n] = i;
      this.h1[n] = fmix(a ^ units);
      this.h2[n] = fmix(b + Math.imul(0x27d4eb2f, units));
      n++;
    }
    this.count = n;
    return n;
  }

  private grow(): void {
    this.start = grown(this.start);
    this.end = grown(this.end);
    this.h1 = grown(this.h1);
    this.h2 = grown(this.h2);
  }
}

/** MurmurHash3's finalizer: every output bit depends on every input bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
