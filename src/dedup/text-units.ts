/**
 * The removable pieces of a text for span dedup: lines, paragraphs or sentences, with the
 * separators between them, so that removing some pieces leaves the rest of the text as it was.
 */
export type TextUnit = "line" | "paragraph" | "sentence";

// Paragraphs split on \n{2,} as Gopher repetition does (datatrove `filters/gopher_repetition_filter.py`, research/anchors.md §2).
// Sentences end at . ! ? (with closing quotes or brackets) before whitespace, or at a line break:
// a plain rule rather than a trained splitter (datatrove uses NLTK's Punkt), stable across Node versions.
const SPLIT: Record<TextUnit, RegExp> = {
  line: /(\n)/,
  paragraph: /(\n{2,})/,
  sentence: /((?<=[.!?]['"’”)\]]*)[^\S\n]+|\s*\n\s*)/,
};

/** The units of a text and the separators between them: `seps[i]` precedes `units[i + 1]`. */
export function splitUnits(text: string, unit: TextUnit): { units: string[]; seps: string[] } {
  const parts = text.split(SPLIT[unit]);
  const units: string[] = [];
  const seps: string[] = [];
  for (let i = 0; i < parts.length; i++) (i % 2 === 0 ? units : seps).push(parts[i]);
  return { units, seps };
}

/**
 * The text without the units in `remove`: a removed unit takes the separator before it along
 * (the separator before the first kept unit goes instead when the text starts with removed units).
 */
export function removeUnits(units: readonly string[], seps: readonly string[], remove: ReadonlySet<number>): { text: string; removedChars: number } {
  let out = "";
  let removedChars = 0;
  let first = true;
  for (let i = 0; i < units.length; i++) {
    if (remove.has(i)) {
      removedChars += units[i].length;
      continue;
    }
    out += (first ? "" : seps[i - 1]) + units[i];
    first = false;
  }
  return { text: out, removedChars };
}
