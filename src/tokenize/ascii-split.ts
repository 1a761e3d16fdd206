/**
 * A fast path in front of the OpenAI pre-tokenization regexes for the pieces that are plain
 * ASCII: words (with the one-character prefix the patterns allow), groups of up to three
 * digits, runs of punctuation and runs of whitespace. It returns where the regex's match
 * starting at `pos` ends, or -1 whenever the answer could depend on anything it does not model
 * (a non-ASCII character next to the piece, an apostrophe at its start or after an o200k_base
 * word); the caller then runs the regex itself at `pos`, so the pieces are the regex's in every
 * case (`test/tokenize-ascii-split.test.ts` compares both on all shared data and generated text).
 *
 * Why each shortcut equals the regex (alternatives are tried in order, the first that matches
 * wins; the classes of ASCII characters are taken from the same regex engine at load):
 * - cl100k_base `'(?:s|d|…)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|…`: a
 *   letter, or a prefix character followed by a letter, matches the second alternative to the end
 *   of the letters; a digit fails it and matches `\p{N}{1,3}`; another character fails both and
 *   matches ` ?[^\s\p{L}\p{N}]+[\r\n]*` to the end of the run (the greedy run never backtracks,
 *   since `[\r\n]*` always matches).
 * - o200k_base `[^\r\n\p{L}\p{N}]?[\p{Lu}…]*[\p{Ll}…]+(?:'s|…)?|[^\r\n\p{L}\p{N}]?[\p{Lu}…]+[\p{Ll}…]*(?:'s|…)?|…`:
 *   in ASCII, upper and lower case are disjoint, so a word is its upper-case run then its
 *   lower-case run (first alternative; the second when there is no lower-case letter), and
 *   digits and punctuation go as above with the run's suffix `[\r\n/]*`.
 * - whitespace: see `spaceEnd`.
 */

const DIGIT = 2;
const SPACE = 3;
const OTHER = 4;
const UPPER = 5;
const LOWER = 6;
/** An ASCII character of none of the classes modelled here (none today): the regex decides. */
const ASK = 7;

/** Class of each ASCII code (upper/lower-case letter, digit, `\s`, other), per the regex engine. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /\p{Lu}/u.test(ch) ? UPPER : /\p{Ll}/u.test(ch) ? LOWER : /[\p{L}\p{M}]/u.test(ch) ? ASK : /\p{N}/u.test(ch) ? DIGIT : /\s/u.test(ch) ? SPACE : OTHER;
}
const isLetter = (k: number) => k === UPPER || k === LOWER;
const APOSTROPHE = 0x27;
const CR = 0x0d;
const LF = 0x0a;
const SLASH = 0x2f;
const BLANK = 0x20;

/** Class of the code unit at `i`: 0 past the end, -1 for non-ASCII (or unmodelled) characters. */
function classAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  const k = c < 128 ? CLASS[c] : ASK;
  return k === ASK ? -1 : k;
}

/**
 * End of the whitespace alternatives' match from `pos` (no alternative before them matched):
 * W is the run of whitespace from `pos`; with a line break in it the match ends after the last
 * one (`\s*[\r\n]`, `\s*[\r\n]+`), else before W's last character if more text follows
 * (`\s+(?!\S)`), else the single character (`\s`). At the end of the text, cl100k_base's
 * `\s+$` (tried first, `endAnchor`) takes all of W, and o200k_base's `\s+(?!\S)` does when
 * W has no line break. -1 when a non-ASCII character (perhaps a space) follows W.
 */
function spaceEnd(text: string, pos: number, endAnchor: boolean): number {
  let e = pos;
  let lastBreak = -1;
  for (; e < text.length; e++) {
    const c = text.charCodeAt(e);
    if (c >= 128) return -1;
    if (CLASS[c] !== SPACE) break;
    if (c === CR || c === LF) lastBreak = e;
  }
  if (e === text.length && (endAnchor || lastBreak < 0)) return e;
  if (lastBreak >= 0) return lastBreak + 1;
  return e - pos >= 2 ? e - 1 : pos + 1;
}

/** End of `\p{N}{1,3}` from a digit at `pos`, or -1. */
function digitsEnd(text: string, pos: number): number {
  let i = pos + 1;
  while (i < pos + 3 && classAt(text, i) === DIGIT) i++;
  if (i < pos + 3 && classAt(text, i) === -1) return -1;
  return i;
}

/**
 * End of a run of other characters from `from` and of the suffix after it (`[\r\n]*`, or
 * `[\r\n/]*` with `slash`); -1 if a non-ASCII character (perhaps a symbol) continues the run.
 * After the suffix the match has ended, whatever follows.
 */
function runEnd(text: string, from: number, slash: boolean): number {
  let i = from;
  let k: number;
  while ((k = classAt(text, i)) === OTHER) i++;
  if (k === -1) return -1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF && !(slash && c === SLASH)) break;
  }
  return i;
}

/** cl100k_base: end of the piece at `pos`, or -1 to ask the regex. */
export function cl100kPieceEnd(text: string, pos: number): number {
  const k = classAt(text, pos);
  if (k === -1 || k === 0) return -1;
  if (isLetter(k)) return lettersEnd(text, pos);
  if (k === DIGIT) return digitsEnd(text, pos);
  const c = text.charCodeAt(pos);
  if (c === APOSTROPHE) return -1;
  if (c !== CR && c !== LF) {
    const next = classAt(text, pos + 1);
    if (next === -1) return -1;
    if (isLetter(next)) return lettersEnd(text, pos + 1);
    if (k === OTHER) return runEnd(text, pos, false);
    if (c === BLANK && next === OTHER) return runEnd(text, pos + 1, false);
  }
  return spaceEnd(text, pos, true);
}

/** End of the ASCII letters from `from`; -1 if a non-ASCII character (perhaps a letter) follows. */
function lettersEnd(text: string, from: number): number {
  let i = from;
  let k: number;
  while (isLetter((k = classAt(text, i)))) i++;
  return k === -1 ? -1 : i;
}

/** o200k_base: end of the piece at `pos`, or -1 to ask the regex. */
export function o200kPieceEnd(text: string, pos: number): number {
  const k = classAt(text, pos);
  if (k === -1 || k === 0) return -1;
  if (isLetter(k)) return casedWordEnd(text, pos);
  if (k === DIGIT) return digitsEnd(text, pos);
  const c = text.charCodeAt(pos);
  if (c === APOSTROPHE) return -1;
  if (c !== CR && c !== LF) {
    const next = classAt(text, pos + 1);
    if (next === -1) return -1;
    if (isLetter(next)) return casedWordEnd(text, pos + 1);
    if (k === OTHER) return runEnd(text, pos, true);
    if (c === BLANK && next === OTHER) return runEnd(text, pos + 1, true);
  }
  return spaceEnd(text, pos, false);
}

/** End of an upper-case run then a lower-case run from `from`; -1 before a non-ASCII character or an apostrophe (a contraction). */
function casedWordEnd(text: string, from: number): number {
  let i = from;
  let k: number;
  while ((k = classAt(text, i)) === UPPER) i++;
  while ((k = classAt(text, i)) === LOWER) i++;
  if (k === -1 || (k === OTHER && text.charCodeAt(i) === APOSTROPHE)) return -1;
  return i;
}
