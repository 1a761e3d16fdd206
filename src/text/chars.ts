/**
 * Character classes, decided per code point with a lookup table for the BMP. They follow
 * Python 3 `str` semantics (`isspace`, `isalpha`, `splitlines`), because the reference
 * implementations we reproduce (datatrove, spaCy) are Python.
 */

/** Python `str.isspace()`: Unicode White_Space plus the ASCII information separators. */
export const SPACE = 1;
/** Python `str.isalpha()`: general category L*. */
export const LETTER = 2;
/** spaCy `ALPHA`: letters of the scripts spaCy lists (Latin, Cyrillic, Greek, Arabic, Indic, Hangul…); no Han, kana or Thai. */
export const ALPHA = 4;
/** spaCy `ALPHA_LOWER`: lowercase letters, plus letters of scripts without case. */
export const ALPHA_LOWER = 8;
/** spaCy `ALPHA_UPPER`: uppercase letters, plus letters of scripts without case. */
export const ALPHA_UPPER = 16;
/** General category P*: spaCy's `is_punct` is true when every character has it. */
export const PUNCT = 32;
/** General category So: spaCy's `LIST_ICONS` (symbols and emoji), split off everywhere. */
export const ICON = 64;
/** Python `\w` in a `str` pattern: alphanumeric or `_`. */
export const WORD = 128;

const RE_ALPHA = /^(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}])\p{L}$/u;

function classify(ch: string): number {
  let f = 0;
  if (/^[\s\x1c-\x1f\x85]$/u.test(ch) && ch !== "\ufeff") f |= SPACE;
  if (/^\p{L}$/u.test(ch)) f |= LETTER;
  if (RE_ALPHA.test(ch)) {
    f |= ALPHA;
    const lower = /^\p{Ll}$/u.test(ch);
    const upper = /^\p{Lu}$/u.test(ch);
    if (lower || !upper) f |= ALPHA_LOWER;
    if (upper || !lower) f |= ALPHA_UPPER;
    if (/^\p{Lm}$/u.test(ch)) f &= ~(ALPHA_LOWER | ALPHA_UPPER);
  }
  if (/^\p{P}$/u.test(ch)) f |= PUNCT;
  if (/^\p{So}$/u.test(ch)) f |= ICON;
  if (/^[\p{L}\p{N}_]$/u.test(ch)) f |= WORD;
  return f;
}

/**
 * The BMP table, from one regex scan per class over a string of every BMP code point (the
 * surrogates' places hold NUL: they have no class), visiting only the rarer side of each class;
 * `classify` per code point cost 70 ms in every worker at startup. String index = code point.
 * Astral code points are classified on demand.
 */
function bmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  let all = "";
  for (let c = 0; c < 0x10000; c += 0x400) {
    all += c >= 0xd800 && c < 0xe000 ? "\0".repeat(0x400) : String.fromCharCode(...Array.from({ length: 0x400 }, (_, i) => c + i));
  }
  const each = (re: RegExp, apply: (c: number) => void) => {
    for (let m = re.exec(all); m !== null; m = re.exec(all)) apply(m.index);
  };
  table.fill(LETTER | ALPHA | ALPHA_LOWER | ALPHA_UPPER | WORD, 1);
  each(/\P{L}/gu, (c) => (table[c] &= ~(LETTER | ALPHA | ALPHA_LOWER | ALPHA_UPPER)));
  each(/[^\p{L}\p{N}_]/gu, (c) => (table[c] &= ~WORD));
  each(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu, (c) => (table[c] &= ~(ALPHA | ALPHA_LOWER | ALPHA_UPPER)));
  // Letters of cased scripts: lowercase ones are not ALPHA_UPPER, uppercase not ALPHA_LOWER, modifiers neither.
  each(/\p{Ll}/gu, (c) => (table[c] &= ~ALPHA_UPPER));
  each(/\p{Lu}/gu, (c) => (table[c] &= ~ALPHA_LOWER));
  each(/\p{Lm}/gu, (c) => (table[c] &= ~(ALPHA_LOWER | ALPHA_UPPER)));
  each(/[\s\x1c-\x1f\x85]/gu, (c) => (table[c] |= SPACE));
  each(/\p{P}/gu, (c) => (table[c] |= PUNCT));
  each(/\p{So}/gu, (c) => (table[c] |= ICON));
  table[0] = 0;
  for (let c = 0xd800; c < 0xe000; c++) table[c] = 0;
  return table;
}

const BMP = bmpTable();
// Python treats these as whitespace although Unicode's White_Space does not list them all.
for (const c of [0x1c, 0x1d, 0x1e, 0x1f]) BMP[c] |= SPACE;
BMP[0xfeff] &= ~SPACE;

const astral = new Map<number, number>();

/** Class flags of a code point. */
export function flagsOf(cp: number): number {
  if (cp < 0x10000) return BMP[cp];
  let f = astral.get(cp);
  if (f === undefined) {
    f = classify(String.fromCodePoint(cp));
    astral.set(cp, f);
  }
  return f;
}

/** Code point starting at UTF-16 index `i` (a lone surrogate is returned as is). */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Start of the code point that ends just before UTF-16 index `end`. */
export function codePointStartBefore(text: string, end: number): number {
  const d = text.charCodeAt(end - 1);
  if (d >= 0xdc00 && d <= 0xdfff && end >= 2) {
    const c = text.charCodeAt(end - 2);
    if (c >= 0xd800 && c <= 0xdbff) return end - 2;
  }
  return end - 1;
}

export function isSpaceCode(c: number): boolean {
  return c < 0x10000 && (BMP[c] & SPACE) !== 0;
}

/**
 * Length in code points of `text[start, end)`, which is what Python's `len` measures.
 * Ratios computed by the reference implementations use it, so astral characters (emoji)
 * must count once.
 */
export function cpLength(text: string, start = 0, end = text.length): number {
  let n = end - start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > start) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** Whether `text` has any surrogate, i.e. whether code point lengths differ from `.length`. */
export function hasAstral(text: string): boolean {
  return /[\ud800-\udfff]/.test(text);
}

/** Python `str.strip()` bounds of `text[start, end)`. */
export function stripBounds(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/** Python `str.strip()`. */
export function pyStrip(text: string): string {
  const [s, e] = stripBounds(text, 0, text.length);
  return s === 0 && e === text.length ? text : text.slice(s, e);
}

/**
 * datatrove's `TERMINAL_PUNCTUATION` (`utils/text.py`): sentence-final marks of many scripts.
 * It is spaCy's sentencizer list (below) plus marks added in later Unicode versions.
 */
const SENTENCIZER_MARKS =
  "!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？" +
  "𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。";
const LATER_TERMINAL_MARKS =
  "\u1b7d\u1b7e\u061d\u2e53\u2e54\u{11f43}\u{11f44}\u{10f86}\u{10f87}\u{10f88}\u{10f89}𑻷𑻸𐽕𐽖𐽗𐽘𐽙𖺘";

/** spaCy's `Sentencizer.default_punct_chars` (`pipeline/sentencizer.pyx`). */
export const SENTENCE_END_CHARS: ReadonlySet<number> = codePointSet(SENTENCIZER_MARKS);
export const TERMINAL_PUNCTUATION: ReadonlySet<number> = codePointSet(SENTENCIZER_MARKS + LATER_TERMINAL_MARKS);

/**
 * datatrove's `PUNCTUATION_SET` (`utils/text.py`): its ASCII/CJK punctuation string, the
 * C0/C1 control characters except tab and newline, and `TERMINAL_PUNCTUATION`. A "word" made
 * only of these is a symbol for Gopher's word counts.
 */
export const PUNCTUATION_SET: ReadonlySet<number> = (() => {
  const set = new Set(codePointSet("!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"));
  for (const [a, b] of [[0, 9], [11, 13], [13, 32], [127, 160]]) for (let c = a; c < b; c++) set.add(c);
  for (const c of TERMINAL_PUNCTUATION) set.add(c);
  return set;
})();

export function codePointSet(chars: string): Set<number> {
  const set = new Set<number>();
  for (const ch of chars) set.add(ch.codePointAt(0)!);
  return set;
}

/** A fast membership test for a set of code points (a bitmap for the BMP). */
export function codePointTest(set: ReadonlySet<number>): (cp: number) => boolean {
  const bmp = new Uint8Array(0x10000);
  for (const cp of set) if (cp < 0x10000) bmp[cp] = 1;
  return (cp) => (cp < 0x10000 ? bmp[cp] === 1 : set.has(cp));
}
