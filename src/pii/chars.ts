/** Code-unit tests shared by the scanners; ASCII only, as the data they find is written in ASCII. */

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

export function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

export function isAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

export function isHex(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/**
 * True when the code unit at `i` (which may be out of range) continues a word: an ASCII letter
 * or digit, `_`, or any non-ASCII letter or digit. A datum glued to such a character is part of
 * something longer (`v1.2.3.4`, `abc123-45-6789`), not a datum.
 */
export function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return isAlnum(c) || c === 0x5f;
  return /[\p{L}\p{N}]/u.test(text[i]);
}

/** True when `text[i]` is `-`, `.` or `/` followed by a digit: the number goes on past `i`. */
export function continuesNumber(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 0x2d || c === 0x2e || c === 0x2f) && isDigit(text.charCodeAt(i + 1));
}

const DIGIT = /[0-9]/g;

/**
 * Index of the first ASCII digit at or after `from`, or -1. The regex engine skips text
 * several times faster than a `charCodeAt` loop, and most text has no digit.
 */
export function nextDigit(text: string, from: number): number {
  DIGIT.lastIndex = from;
  return DIGIT.exec(text)?.index ?? -1;
}
