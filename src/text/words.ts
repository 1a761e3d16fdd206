/**
 * Counts words as runs of non-whitespace characters: a single pass over char codes, no
 * allocation. Language-aware segmentation (CJK, Thai…) belongs to the quality filters.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x85 || c === 0x1680 || c === 0x202f || c === 0x205f;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}
