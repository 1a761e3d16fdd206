/**
 * Counts words as runs of non-whitespace characters: a single pass over char codes, no
 * allocation. Language-aware segmentation (CJK, Thai…) belongs to the quality filters.
 * `end`: count in `text.slice(0, end)` only, without making that slice.
 */
export function countWords(text: string, end = text.length): number {
  const n = Math.min(end, text.length);
  let words = 0;
  let inWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Printable ASCII, nearly every character, is decided in two comparisons.
    const space = c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 0x85 && isWideSpace(c);
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

/** Whitespace above U+0084: JavaScript's `\s` without U+FEFF (it does not separate words), and NEL (U+0085). */
function isWideSpace(c: number): boolean {
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
