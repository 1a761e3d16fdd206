/**
 * A fast path in front of the OpenAI pre-tokenization regexes for the pieces that are plain
 * ASCII: words (with the one-character prefix the patterns allow), groups of up to three
 * digits, and runs of punctuation. It returns where the regex's match starting at `pos` ends,
 * or -1 whenever the answer could depend on anything it does not model (a non-ASCII character
 * next to the piece, an apostrophe, whitespace other than a single prefix); the caller then
 * runs the regex itself at `pos`, so the pieces are the regex's in every case.
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
 */

const LETTER = 1;
const DIGIT = 2;
const SPACE = 3;
const OTHER = 4;
const UPPER = 5;
const LOWER = 6;

/** Class of each ASCII code: letter (upper/lower), digit, `\s`, or other, per the regex engine. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /\p{Lu}/u.test(ch) ? UPPER : /\p{Ll}/u.test(ch) ? LOWER : /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? DIGIT : /\s/u.test(ch) ? SPACE : OTHER;
}
const isLetter = (k: number) => k === UPPER || k === LOWER || k === LETTER;
const APOSTROPHE = 0x27;
const CR = 0x0d;
const LF = 0x0a;
const SLASH = 0x2f;
const BLANK = 0x20;

/** Class of the code unit at `i`: 0 past the end, -1 for non-ASCII. */
function classAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c] : -1;
}

/** A character allowed before a word (`[^\r\n\p{L}\p{N}]`), the apostrophe left to the regex. */
function isPrefix(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const k = CLASS[c];
  return c !== CR && c !== LF && c !== APOSTROPHE && (k === OTHER || k === SPACE);
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
  if (!isPrefix(text, pos)) return -1;
  const next = classAt(text, pos + 1);
  if (next === -1) return -1;
  if (isLetter(next)) return lettersEnd(text, pos + 1);
  const c = text.charCodeAt(pos);
  if (k === OTHER) return runEnd(text, pos, false);
  if (c === BLANK && next === OTHER) return runEnd(text, pos + 1, false);
  return -1;
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
  if (!isPrefix(text, pos)) return -1;
  const next = classAt(text, pos + 1);
  if (next === -1) return -1;
  if (isLetter(next)) return casedWordEnd(text, pos + 1);
  const c = text.charCodeAt(pos);
  if (k === OTHER) return runEnd(text, pos, true);
  if (c === BLANK && next === OTHER) return runEnd(text, pos + 1, true);
  return -1;
}

/** End of an upper-case run then a lower-case run from `from`; -1 before a non-ASCII character or an apostrophe (a contraction). */
function casedWordEnd(text: string, from: number): number {
  let i = from;
  let k: number;
  while ((k = classAt(text, i)) === UPPER) i++;
  while ((k = classAt(text, i)) === LOWER) i++;
  if (k === LETTER) return -1; // no such ASCII letter today; the regex decides if one appears
  if (k === -1 || (k === OTHER && text.charCodeAt(i) === APOSTROPHE)) return -1;
  return i;
}
