import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { perLanguage } from "./per-language.js";
import { cpLength, hasAstral, stripBounds } from "../text/chars.js";
import { splitOnRuns } from "../text/lines.js";
import { WordNgrams, duplicateSpans } from "../text/ngrams.js";
import { segmentationOption, segments, wordsOf } from "../text/segment.js";
import { Checks } from "./checks.js";

const fraction = z.number().min(0).max(1);
const ngramRule = z.tuple([z.number().int().min(1).max(10), fraction]);

// Reasons are declared up front, so n-gram sizes are bounded; Gopher uses 2–4 and 5–10.
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const REASONS = [
  "dup_para_frac",
  "dup_para_char_frac",
  "dup_line_frac",
  "dup_line_char_frac",
  ...SIZES.map((n) => `top_${n}_gram` as const),
  ...SIZES.map((n) => `duplicated_${n}_n_grams` as const),
] as const;
type Reason = (typeof REASONS)[number];

/**
 * Gopher's repetition rules (Rae et al. 2021, "Scaling Language Models: Methods, Analysis &
 * Insights from Training Gopher", Appendix A, thresholds of Table A1), computed as datatrove's
 * `GopherRepetitionFilter` does (`pipeline/filters/gopher_repetition_filter.py`): paragraphs
 * split on `\n{2,}` of the stripped text, lines on `\n+`, fractions of the whole text's
 * characters; n-grams of English words from spaCy's rules (`text/spacy-en.ts`), or of dictionary
 * segments for languages written without spaces (`text/segment.ts`). `null` disables a rule;
 * n-gram rules may list other sizes than the defaults, each with its own reason.
 */
export const gopherRepetition = defineFilter(
  perLanguage(
    {
      name: "gopher_repetition",
      summary: "Gopher repetition rules: duplicate lines and paragraphs, top n-grams, duplicated n-grams.",
      schema: z
        .object({
          dup_line_frac: fraction.nullable().default(0.3).describe("Largest share of lines that repeat an earlier line."),
          dup_para_frac: fraction.nullable().default(0.3).describe("Largest share of paragraphs that repeat an earlier one."),
          dup_line_char_frac: fraction.nullable().default(0.2).describe("Largest share of characters in repeated lines."),
          dup_para_char_frac: fraction.nullable().default(0.2).describe("Largest share of characters in repeated paragraphs."),
          top_n_grams: z
            .array(ngramRule)
            .default([[2, 0.2], [3, 0.18], [4, 0.16]])
            .describe("[n, max share of characters in the most frequent n-gram] pairs."),
          dup_n_grams: z
            .array(ngramRule)
            .default([[5, 0.15], [6, 0.14], [7, 0.13], [8, 0.12], [9, 0.11], [10, 0.1]])
            .describe("[n, max share of characters in repeated n-grams] pairs."),
          segmentation: segmentationOption,
        })
        .strict(),
      reasons: REASONS,
      create(cfg) {
        const ngrams = new WordNgrams();
        return function gopherRepetitionTest(doc, signals) {
          const text = doc.text;
          const c = new Checks<Reason>(signals);
          const astral = hasAstral(text);
          // Python divides by len(text); an empty text has nothing repeated.
          const length = Math.max(1, astral ? cpLength(text) : text.length);

          const [s, e] = stripBounds(text, 0, text.length);
          const paragraphs = splitOnRuns(text, 0x0a, 2, s, e);
          const para = duplicateSpans(text, paragraphs, astral);
          const paraFrac = para.elements / paragraphs.count;
          if (c.check("dup_para_frac", paraFrac, cfg.dup_para_frac !== null && paraFrac > cfg.dup_para_frac, "dup_para_frac")) return c.verdict;
          const paraChars = para.chars / length;
          if (c.check("dup_para_char_frac", paraChars, cfg.dup_para_char_frac !== null && paraChars > cfg.dup_para_char_frac, "dup_para_char_frac")) return c.verdict;

          const lines = splitOnRuns(text, 0x0a, 1);
          const line = duplicateSpans(text, lines, astral);
          const lineFrac = line.elements / lines.count;
          if (c.check("dup_line_frac", lineFrac, cfg.dup_line_frac !== null && lineFrac > cfg.dup_line_frac, "dup_line_frac")) return c.verdict;
          const lineChars = line.chars / length;
          if (c.check("dup_line_char_frac", lineChars, cfg.dup_line_char_frac !== null && lineChars > cfg.dup_line_char_frac, "dup_line_char_frac")) return c.verdict;

          // Unspaced scripts join an n-gram's words without the " " datatrove counts between them.
          const segmented = segments(doc.metadata.lang, cfg.segmentation);
          ngrams.load(text, wordsOf(text, doc.metadata.lang, cfg.segmentation), astral, segmented ? 0 : 1);
          for (const [n, max] of cfg.top_n_grams) {
            const share = ngrams.topNgramChars(n) / length;
            if (c.check(`top_${n}_gram`, share, share > max, `top_${n}_gram` as Reason)) return c.verdict;
          }
          for (const [n, max] of cfg.dup_n_grams) {
            const share = ngrams.duplicateNgramChars(n) / length;
            if (c.check(`duplicated_${n}_n_grams`, share, share > max, `duplicated_${n}_n_grams` as Reason)) return c.verdict;
          }
          return c.verdict;
        };
      },
    },
    (t) => ({ dup_line_frac: t.dup_line_frac, top_n_grams: t.top_n_grams, dup_n_grams: t.dup_n_grams }),
  ),
);
