/**
 * Word tokens for the word-based quality rules, by language. datatrove tokenizes with spaCy's
 * English rules, which split on whitespace first: in Chinese, Japanese, Thai and other scripts
 * written without spaces, a whole paragraph is then one "word", and Gopher's word counts, mean
 * word lengths and n-grams say nothing. A deliberate improvement over datatrove: with
 * `segmentation: auto` (the default), a document whose `metadata.lang` (set by the `language`
 * step) is such a language is split by ICU's dictionary-based word breaker (`Intl.Segmenter`);
 * every other document keeps the datatrove-exact English tokens. `whitespace` always uses the
 * latter, as datatrove does.
 *
 * Segmented tokens are the segments that are not whitespace: words, and punctuation as separate
 * tokens, like spaCy's (so "words made only of punctuation" mean the same in both).
 */
import { z } from "zod";
import { cpLength, stripBounds } from "./chars.js";
import { SpanBuilder, type Spans } from "./lines.js";
import { englishWords, sentenceStarts } from "./spacy-en.js";
import { TextCache } from "./text-cache.js";

export type Segmentation = "auto" | "whitespace";

export const segmentationOption = z
  .enum(["auto", "whitespace"])
  .default("auto")
  .describe(
    "auto: split words with a dictionary (Intl.Segmenter) when metadata.lang is a language written without spaces " +
      "(zh, ja, th, km, lo, my, bo…), datatrove's English rules otherwise; whitespace: datatrove's English rules always.",
  );

/** Languages written without spaces between words, as lid.176 (ISO 639-1/3) and GlotLID (639-3_Script) label them. */
const UNSPACED = new Set([
  "zh", "ja", "th", "km", "lo", "my", "bo", "dz", "wuu", "yue", "gan", "hak", "nan", "cdo", "lzh",
  "cmn", "zho", "jpn", "tha", "khm", "lao", "mya", "bod", "dzo", "shn",
]);

/** Whether documents in `lang` get dictionary segmentation under `mode`. */
export function segments(lang: unknown, mode: Segmentation): boolean {
  return mode === "auto" && typeof lang === "string" && UNSPACED.has(lang.split(/[_-]/, 1)[0].toLowerCase());
}

// ICU picks its dictionaries by script, not locale; a fixed locale keeps results independent of the machine's.
const segmenter = new Intl.Segmenter("und", { granularity: "word" });
const recent = new TextCache<Spans & { wordLike: Uint8Array }>();

/** Non-whitespace segments of `text`, and which of them are word-like (not punctuation). */
function segmentWords(text: string): Spans & { wordLike: Uint8Array } {
  const out = new SpanBuilder();
  const flags: number[] = [];
  for (const seg of segmenter.segment(text)) {
    const [s, e] = stripBounds(text, seg.index, seg.index + seg.segment.length);
    if (s === e) continue;
    out.push(s, e);
    flags.push(seg.isWordLike ? 1 : 0);
  }
  return { ...out.done(), wordLike: Uint8Array.from(flags) };
}

/** The word tokens of a document in language `lang` (cached; callers must not modify them). */
export function wordsOf(text: string, lang: unknown, mode: Segmentation): Spans {
  return segments(lang, mode) ? recent.get(text, segmentWords) : englishWords(text);
}

/**
 * C4's per-line measures for unspaced text, where Python's `line.split()` sees one word: the
 * word-like segments, the longest segment (code points), and the sentences spaCy's sentencizer
 * rule finds among the segments (`limit` stops counting early).
 */
export function segmentedLine(line: string, limit = Infinity): { count: number; longest: number; sentences: number } {
  const tokens = segmentWords(line);
  let words = 0;
  let longest = 0;
  for (let k = 0; k < tokens.count; k++) {
    words += tokens.wordLike[k];
    longest = Math.max(longest, cpLength(line, tokens.at[2 * k], tokens.at[2 * k + 1]));
  }
  return { count: words, longest, sentences: 1 + sentenceStarts(line, tokens, limit - 1).length };
}
