/**
 * Text → token hashes for shingling, in one pass over UTF-16 code units without building
 * a string per word. Normalization follows datatrove's `simplify_text` (`utils/text.py`, the defaults
 * FineWeb ran with): lowercase; punctuation and symbols deleted (not split on: "don't" →
 * "dont", "1,000" → "1000"); diacritics removed (NFD, then nonspacing marks dropped); every
 * run of digits → "0"; words are what whitespace separates. These raise recall on web text,
 * where copies differ by quotes, accents, prices and dates; the price is that texts that
 * differ only in numbers ("Patch 7.3.825" vs "Patch 7.4.1721" pages) become equal. `chars` mode makes every normalized non-space character a token, for
 * languages written without spaces (Chinese, Japanese, Thai).
 */
import { fmix32 } from "./hash32.js";
import { grown } from "../../core/grown.js";

const WORD = 0;
const SPACE = 1;
const DROP = 2;
const DIGIT = 3;

let table: Uint8Array | undefined;

/** Class of every BMP code unit, built once: Unicode properties per code unit, not per character read. */
function classes(): Uint8Array {
  if (table) return table;
  table = new Uint8Array(65536);
  const space = /\s/;
  const digit = /\p{Nd}/u;
  const drop = /[\p{P}\p{S}\p{Mn}\p{Cc}\p{Cf}]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogate halves: astral characters count as letters
    const s = String.fromCharCode(c);
    table[c] = space.test(s) ? SPACE : digit.test(s) ? DIGIT : drop.test(s) ? DROP : WORD;
  }
  return table;
}

export type ShingleUnit = "words" | "chars";

/** Token hashes of one document as two 32-bit lanes, reused from document to document. */
export class TokenHashes {
  lo = new Uint32Array(4096);
  hi = new Uint32Array(4096);
  /**
   * The same tokens with numbers kept as written, for verification: equal to lo/hi for a token
   * without digits, else those mixed with a hash of its digit runs (which, with the folded
   * token, determines the written one).
   */
  keptLo = new Uint32Array(4096);
  keptHi = new Uint32Array(4096);
  count = 0;
  /** Tokens with digits in the last `tokenize`: none means the kept lanes equal lo/hi. */
  numbered = 0;

  push(a: number, b: number): void {
    if (this.count === this.lo.length) this.grow();
    this.lo[this.count] = this.keptLo[this.count] = a;
    this.hi[this.count] = this.keptHi[this.count] = b;
    this.count++;
  }

  /** Gives the last token's kept lanes the digit-run hashes (da, db) of its numbers. */
  keepDigits(da: number, db: number): void {
    const k = this.count - 1;
    this.numbered++;
    this.keptLo[k] = fmix32(this.lo[k] ^ da) >>> 0;
    this.keptHi[k] = fmix32(this.hi[k] ^ db) >>> 0;
  }

  private keptView?: TokenHashes;

  /** The tokens with numbers kept, as token hashes (lo/hi are the kept lanes; one view, shares the arrays). */
  kept(): TokenHashes {
    const view = (this.keptView ??= new TokenHashes());
    view.lo = view.keptLo = this.keptLo;
    view.hi = view.keptHi = this.keptHi;
    view.count = this.count;
    return view;
  }

  private grow(): void {
    this.lo = grown(this.lo);
    this.hi = grown(this.hi);
    this.keptLo = grown(this.keptLo);
    this.keptHi = grown(this.keptHi);
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Fills `out` with the tokens of `text`, and their numbers-kept twins (`TokenHashes.kept`) in
 * the same pass. Each token is hashed by two independent multiplicative lanes (FNV-1a with its
 * prime, and a rotate-multiply lane), each finished by fmix32, so that two distinct words share
 * both 32-bit lanes with probability ≈ 2^-64. Digits feed two more lanes (da, db), only for the
 * tokens that have them: a separator starts each run, so "a1b22" and "a12b2" differ.
 */
export function tokenize(text: string, unit: ShingleUnit, seedA: number, seedB: number, out: TokenHashes): void {
  const cls = classes();
  // ASCII text (most of the web) is lowercased in the loop below, saving a copy of the text.
  const t = NON_ASCII.test(text) ? text.toLowerCase().normalize("NFD") : text;
  out.count = 0;
  out.numbered = 0;
  let a = seedA;
  let b = seedB;
  let len = 0;
  let lastDigit = false;
  let da = 0;
  let db = 0;
  for (let i = 0; i < t.length; i++) {
    let c = t.charCodeAt(i);
    const k = cls[c];
    if (k === DROP) continue;
    if (k === SPACE) {
      if (len > 0) {
        out.push(finish(a, len), finish(b, len ^ 0x5bd1e995));
        a = seedA;
        b = seedB;
        len = 0;
      }
      if (da !== 0 || db !== 0) {
        out.keepDigits(da, db);
        da = db = 0;
      }
      lastDigit = false;
      continue;
    }
    if (k === DIGIT) {
      if (!lastDigit) {
        da = Math.imul(da ^ 0x2c, 0x01000193);
        db = Math.imul(((db << 7) | (db >>> 25)) ^ 0x2c, 0x27d4eb2f);
      }
      da = Math.imul(da ^ c, 0x01000193);
      db = Math.imul(((db << 7) | (db >>> 25)) ^ c, 0x27d4eb2f);
      if (lastDigit) continue;
      lastDigit = true;
      c = 48; // "0"
    } else {
      if (unit === "chars" && (da !== 0 || db !== 0)) {
        out.keepDigits(da, db); // the run's single "0" token was pushed at its first digit
        da = db = 0;
      }
      lastDigit = false;
      if (c <= 90 && c >= 65) c += 32;
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(((b << 5) | (b >>> 27)) ^ c, 0x27d4eb2f);
    len++;
    if (unit === "chars") {
      out.push(finish(a, 1), finish(b, 0x5bd1e994));
      a = seedA;
      b = seedB;
      len = 0;
    }
  }
  if (len > 0) out.push(finish(a, len), finish(b, len ^ 0x5bd1e995));
  if (da !== 0 || db !== 0) out.keepDigits(da, db);
}

function finish(h: number, salt: number): number {
  return fmix32(h ^ Math.imul(salt, 0x9e3779b1));
}
