import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { perLanguage } from "./per-language.js";
import { LETTER, PUNCTUATION_SET, codePointAt, codePointTest, flagsOf, hasAstral, stripBounds } from "../text/chars.js";
import { splitLines } from "../text/lines.js";
import { segmentationOption, wordsOf } from "../text/segment.js";
import { Checks } from "./checks.js";

const count = z.number().int().nonnegative();
const ratio = z.number().min(0);
const isSymbol = codePointTest(PUNCTUATION_SET);

/** Per BMP code unit: SYMBOL when in datatrove's punctuation set, HAS_LETTER when a letter. */
const SYMBOL = 1;
const HAS_LETTER = 2;
const BMP_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) BMP_CLASS[c] = (isSymbol(c) ? SYMBOL : 0) | ((flagsOf(c) & LETTER) !== 0 ? HAS_LETTER : 0);

const REASONS = [
  "gopher_short_doc",
  "gopher_long_doc",
  "gopher_below_avg_threshold",
  "gopher_above_avg_threshold",
  "gopher_too_many_hashes",
  "gopher_too_many_ellipsis",
  "gopher_too_many_bullets",
  "gopher_too_many_end_ellipsis",
  "gopher_below_alpha_threshold",
  "gopher_enough_stop_words",
] as const;

/**
 * Gopher's quality rules (Rae et al. 2021, "Scaling Language Models: Methods, Analysis &
 * Insights from Training Gopher", Appendix A), with the thresholds and word counting of datatrove's
 * `GopherQualityFilter` (`pipeline/filters/gopher_quality_filter.py`): English words from spaCy's
 * rules (`text/spacy-en.ts`), or dictionary segmentation for languages written without spaces
 * (`text/segment.ts`); a "word" made only of punctuation is left out of the word count and the
 * mean length, but not of the ratios. `null` disables a rule.
 */
export const gopherQuality = defineFilter(
  perLanguage(
    {
      name: "gopher_quality",
      summary: "Gopher quality rules: word count, mean word length, symbols, bullets, ellipses, alphabetic words, stop words.",
      schema: z
        .object({
          min_doc_words: count.nullable().default(50).describe("Fewest words (punctuation tokens excluded)."),
          max_doc_words: count.nullable().default(100_000).describe("Most words (punctuation tokens excluded)."),
          min_avg_word_length: ratio.nullable().default(3).describe("Lowest mean word length, in characters."),
          max_avg_word_length: ratio.nullable().default(10).describe("Highest mean word length, in characters."),
          max_symbol_word_ratio: ratio.nullable().default(0.1).describe("Most '#', and most '...'/'…', per word."),
          max_bullet_lines_ratio: ratio.nullable().default(0.9).describe("Largest share of lines starting with '•' or '-'."),
          max_ellipsis_lines_ratio: ratio.nullable().default(0.3).describe("Largest share of lines ending with '...' or '…'."),
          max_non_alpha_words_ratio: ratio
            .nullable()
            .default(0.8)
            .describe("Despite the name (kept from datatrove): the smallest share of words with a letter."),
          min_stop_words: count.nullable().default(2).describe("Fewest distinct stop words present."),
          stop_words: z
            .array(z.string().min(1))
            .default(["the", "be", "to", "of", "and", "that", "have", "with"])
            .describe("Stop words, matched case-sensitively against whole tokens."),
          segmentation: segmentationOption,
        })
        .strict(),
      reasons: REASONS,
      create(cfg) {
        const stopWords = [...new Set(cfg.stop_words)];
        // Most tokens are ruled out as stop words by their length and first character.
        const maxStopLength = Math.max(0, ...stopWords.map((w) => w.length));
        const stopLengths = new Uint8Array(maxStopLength + 1);
        const stopFirsts = new Uint8Array(0x10000);
        for (const w of stopWords) stopLengths[w.length] = stopFirsts[w.charCodeAt(0)] = 1;
        return function gopherQualityTest(doc, signals) {
          const text = doc.text;
          const c = new Checks<(typeof REASONS)[number]>(signals);
          const words = wordsOf(text, doc.metadata.lang, cfg.segmentation);
          const astral = hasAstral(text);
          let nonSymbol = 0;
          let nonSymbolChars = 0;
          let withLetter = 0;
          const stopSeen = new Uint8Array(stopWords.length);
          for (let k = 0; k < words.count; k++) {
            const s = words.at[2 * k];
            const e = words.at[2 * k + 1];
            let symbolOnly = SYMBOL;
            let letter = 0;
            let cps = e - s;
            if (astral) {
              cps = 0;
              for (let i = s; i < e; cps++) {
                const cp = codePointAt(text, i);
                const cls = cp < 0x10000 ? BMP_CLASS[cp] : (isSymbol(cp) ? SYMBOL : 0) | ((flagsOf(cp) & LETTER) !== 0 ? HAS_LETTER : 0);
                symbolOnly &= cls;
                letter |= cls;
                i += cp > 0xffff ? 2 : 1;
              }
            } else {
              for (let i = s; i < e; i++) {
                const cls = BMP_CLASS[text.charCodeAt(i)];
                symbolOnly &= cls;
                letter |= cls;
              }
            }
            if (symbolOnly === 0) {
              nonSymbol++;
              nonSymbolChars += cps;
            }
            if ((letter & HAS_LETTER) !== 0) withLetter++;
            if (e - s <= maxStopLength && stopLengths[e - s] === 1 && stopFirsts[text.charCodeAt(s)] === 1) {
              for (let w = 0; w < stopWords.length; w++) {
                if (stopWords[w].length === e - s && text.startsWith(stopWords[w], s)) stopSeen[w] = 1;
              }
            }
          }
          const n = words.count;
          if (c.check("words", nonSymbol, cfg.min_doc_words !== null && nonSymbol < cfg.min_doc_words, "gopher_short_doc")) return c.verdict;
          if (c.check("words", nonSymbol, cfg.max_doc_words !== null && nonSymbol > cfg.max_doc_words, "gopher_long_doc")) return c.verdict;

          const avg = nonSymbol > 0 ? nonSymbolChars / nonSymbol : 0;
          if (c.check("avg_word_length", avg, cfg.min_avg_word_length !== null && avg < cfg.min_avg_word_length, "gopher_below_avg_threshold")) return c.verdict;
          if (c.check("avg_word_length", avg, cfg.max_avg_word_length !== null && avg > cfg.max_avg_word_length, "gopher_above_avg_threshold")) return c.verdict;

          const hashes = n > 0 ? countOf(text, "#") / n : 0;
          const maxSymbols = cfg.max_symbol_word_ratio;
          if (c.check("hash_ratio", hashes, maxSymbols !== null && hashes > maxSymbols, "gopher_too_many_hashes")) return c.verdict;
          const ellipses = n > 0 ? (countOf(text, "...") + countOf(text, "…")) / n : 0;
          if (c.check("ellipsis_ratio", ellipses, maxSymbols !== null && ellipses > maxSymbols, "gopher_too_many_ellipsis")) return c.verdict;

          const lines = splitLines(text);
          let bullets = 0;
          let endEllipsis = 0;
          for (let k = 0; k < lines.count; k++) {
            const [s, e] = stripBounds(text, lines.at[2 * k], lines.at[2 * k + 1]);
            const first = text.charCodeAt(s);
            if (s < e && (first === 0x2022 || first === 0x2d)) bullets++;
            if (text.endsWith("...", e) || (e > s && text.charCodeAt(e - 1) === 0x2026)) endEllipsis++;
          }
          // Python divides by len(text.splitlines()); a text without lines has already failed above.
          const bulletRatio = lines.count > 0 ? bullets / lines.count : 0;
          if (c.check("bullet_lines_ratio", bulletRatio, cfg.max_bullet_lines_ratio !== null && bulletRatio > cfg.max_bullet_lines_ratio, "gopher_too_many_bullets")) return c.verdict;
          const endRatio = lines.count > 0 ? endEllipsis / lines.count : 0;
          if (c.check("end_ellipsis_lines_ratio", endRatio, cfg.max_ellipsis_lines_ratio !== null && endRatio > cfg.max_ellipsis_lines_ratio, "gopher_too_many_end_ellipsis")) return c.verdict;

          const alpha = n > 0 ? withLetter / n : 0;
          if (c.check("alpha_words_ratio", alpha, cfg.max_non_alpha_words_ratio !== null && alpha < cfg.max_non_alpha_words_ratio, "gopher_below_alpha_threshold")) return c.verdict;

          const stops = stopSeen.reduce((a, b) => a + b, 0);
          c.check("stop_words", stops, cfg.min_stop_words !== null && stops < cfg.min_stop_words, "gopher_enough_stop_words");
          return c.verdict;
        };
      },
    },
    (t) => ({
      min_avg_word_length: t.min_avg_word_length,
      max_avg_word_length: t.max_avg_word_length,
      max_non_alpha_words_ratio: t.max_non_alpha_words_ratio,
      stop_words: t.stop_words,
    }),
  ),
);

/** Python `str.count`: non-overlapping occurrences. */
function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
