import { z } from "zod";
import type { Doc } from "../core/doc.js";
import { defineFilter } from "../core/filter.js";
import { cpLength, isSpaceCode, pyStrip } from "../text/chars.js";
import { splitLines } from "../text/lines.js";
import { segmentationOption, segmentedLine, segments } from "../text/segment.js";
import { countEnglishSentences, englishSentenceStarts } from "../text/spacy-en.js";
import { Checks } from "./checks.js";

// datatrove CITATION_REGEX; Python's \d in a str pattern is any decimal digit.
const CITATION = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu;
const END_PUNCTUATION = new Set([0x2e, 0x3f, 0x21, 0x22, 0x27]); // . ? ! " '
const POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];
const REASONS = ["lorem_ipsum", "curly_bracket", "too_few_sentences"] as const;

/**
 * C4's cleaning rules (Raffel et al. 2020, "Exploring the Limits of Transfer Learning with a
 * Unified Text-to-Text Transformer", §2.2; TFDS `c4_utils.py`), as datatrove's `C4QualityFilter`
 * applies them (`pipeline/filters/c4_filters.py`). Line by line (`str.splitlines`, each stripped):
 * drop lines with a word over `max_word_length` characters, strip Wikipedia citations, drop lines
 * without terminal punctuation (or ending in "..."), with fewer than `min_words_per_line`
 * whitespace-separated words, mentioning "javascript", or with a cookie/terms phrase. The whole
 * document goes on "lorem ipsum" or a "{" in a kept line, or with fewer than `min_num_sentences`
 * sentences (spaCy's English sentencizer) in the kept lines. A kept document's text becomes the
 * kept lines joined by "\n". FineWeb ran it with `filter_no_terminal_punct: false`. For languages
 * written without spaces (`text/segment.ts`), line words and sentences come from dictionary
 * segments, since `split()` sees one word per line there.
 * In annotate mode the text is left unchanged.
 */
export const c4Quality = defineFilter({
  name: "c4_quality",
  summary: "C4 line cleaning (punctuation, short lines, javascript, policy, citations) and page rules (lorem ipsum, '{', sentences).",
  schema: z
    .object({
      split_paragraph: z.boolean().default(true).describe("Apply the line rules to lines; false applies them to sentences."),
      remove_citations: z.boolean().default(true).describe("Remove [1], [edit] and [citation needed]."),
      filter_no_terminal_punct: z.boolean().default(true).describe("Drop lines not ending in . ? ! \" ' (or ending in ...)."),
      min_num_sentences: z.number().int().min(-1).default(5).describe("Fewest sentences left; -1 disables."),
      min_words_per_line: z.number().int().min(-1).default(3).describe("Fewest words in a kept line; -1 disables."),
      max_word_length: z.number().int().min(-1).default(1000).describe("Drop lines with a longer word; -1 disables."),
      filter_lorem_ipsum: z.boolean().default(true).describe("Drop documents containing 'lorem ipsum'."),
      filter_javascript: z.boolean().default(true).describe("Drop lines mentioning 'javascript'."),
      filter_curly_bracket: z.boolean().default(true).describe("Drop documents with '{' in a kept line."),
      filter_policy: z.boolean().default(true).describe("Drop lines with terms-of-use or cookie phrases."),
      segmentation: segmentationOption,
    })
    .strict(),
  reasons: REASONS,
  create(cfg, env) {
    const test = function c4QualityTest(doc: Doc, signals: Record<string, unknown> | undefined, keptUnits: number[]) {
      const text = doc.text;
      const c = new Checks<(typeof REASONS)[number]>(signals);
      const kept: string[] = [];
      let sentences = 0;
      // Only "fewer than min_num_sentences" matters, so counting can stop there unless annotating.
      const enough = signals ? Infinity : cfg.min_num_sentences;
      const segmented = segments(doc.metadata.lang, cfg.segmentation);

      let unit = -1;
      for (let line of units(text, cfg.split_paragraph)) {
        unit++;
        line = pyStrip(line);
        const words = segmented ? segmentedLine(line) : wordStats(line);
        if (cfg.max_word_length !== -1 && words.longest > cfg.max_word_length) continue;
        if (cfg.remove_citations && line.includes("[")) line = line.replace(CITATION, "");
        if (cfg.filter_no_terminal_punct && (!END_PUNCTUATION.has(line.charCodeAt(line.length - 1)) || line.endsWith("..."))) continue;
        if (words.count < cfg.min_words_per_line) continue;
        const lower = line.toLowerCase();
        if (cfg.filter_lorem_ipsum && lower.includes("lorem ipsum")) {
          if (c.check("lorem_ipsum", 1, true, "lorem_ipsum")) return c.verdict;
        }
        if (cfg.filter_javascript && lower.includes("javascript")) continue;
        if (cfg.filter_curly_bracket && line.includes("{")) {
          if (c.check("curly_bracket", 1, true, "curly_bracket")) return c.verdict;
        }
        if (cfg.filter_policy && POLICY.some((p) => lower.includes(p))) continue;
        if (cfg.min_num_sentences !== -1 && sentences < enough) {
          const limit = enough - sentences;
          if (!cfg.split_paragraph) sentences++;
          else sentences += segmented ? segmentedLine(line, limit).sentences : countEnglishSentences(line, limit);
        }
        kept.push(line);
        keptUnits.push(unit);
      }
      if (c.check("sentences", sentences, sentences < cfg.min_num_sentences, "too_few_sentences")) return c.verdict;
      c.note("kept_lines", kept.length);
      if (c.verdict === undefined && !signals) doc.text = pyStrip(kept.join(cfg.split_paragraph ? "\n" : " "));
      return c.verdict;
    };
    return function c4Quality(doc, signals) {
      const keptUnits: number[] = [];
      const verdict = test(doc, signals, keptUnits);
      // A removed record carries the lines the line rules kept (numbers of `c4UnitSpans`), so that `winnow serve` can strike out the others.
      if (verdict !== undefined && !signals) doc.metadata[env.step] = { kept_units: keptUnits };
      return verdict;
    };
  },
});

/** Where each unit of `units(text, lines)` starts and ends in the text. */
export function c4UnitSpans(text: string, lines: boolean): [number, number][] {
  const out: [number, number][] = [];
  if (lines) {
    const spans = splitLines(text);
    for (let k = 0; k < spans.count; k++) out.push([spans.at[2 * k], spans.at[2 * k + 1]]);
    return out;
  }
  let start = 0;
  for (const next of englishSentenceStarts(text)) {
    out.push([start, next]);
    start = next;
  }
  out.push([start, text.length]);
  return out;
}

/** The units the line rules apply to: `str.splitlines()`, or datatrove's sentence pieces. */
function* units(text: string, lines: boolean): Generator<string> {
  if (lines) {
    const spans = splitLines(text);
    for (let k = 0; k < spans.count; k++) yield text.slice(spans.at[2 * k], spans.at[2 * k + 1]);
    return;
  }
  let start = 0;
  for (const next of englishSentenceStarts(text)) {
    yield text.slice(start, next);
    start = next;
  }
  yield text.slice(start);
}

/** Python `len(line.split())` and the longest of those words, in code points. */
function wordStats(line: string): { count: number; longest: number } {
  let count = 0;
  let longest = 0;
  let i = 0;
  while (i < line.length) {
    if (isSpaceCode(line.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < line.length && !isSpaceCode(line.charCodeAt(j))) j++;
    count++;
    if (j - i > longest) longest = Math.max(longest, cpLength(line, i, j));
    i = j;
  }
  return { count, longest };
}
