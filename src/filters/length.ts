import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { countWords } from "../text/words.js";

const bound = z.int().nonnegative();

/**
 * Keeps documents whose length lies within bounds, in characters (UTF-16 code units, as JS
 * strings count them) and in whitespace-separated words. Unset bounds are not checked.
 */
export const lengthFilter = defineFilter({
  name: "length",
  summary: "Drop documents shorter or longer than given counts of characters or words.",
  schema: z
    .object({
      min_chars: bound.optional().describe("Minimum number of characters."),
      max_chars: bound.optional().describe("Maximum number of characters."),
      min_words: bound.optional().describe("Minimum number of whitespace-separated words."),
      max_words: bound.optional().describe("Maximum number of whitespace-separated words."),
    })
    .strict(),
  reasons: ["too_few_chars", "too_many_chars", "too_few_words", "too_many_words"],
  create(cfg) {
    const { min_chars, max_chars, min_words, max_words } = cfg;
    const needWords = min_words !== undefined || max_words !== undefined;
    // Counting every word of every document was most of this filter's cost, yet a typical
    // document passes the word bounds by far: count only as much as can change the verdict.
    // English averages about 6 characters per word and space; code and lists more.
    const firstPrefix = 8 * (min_words ?? 0) + 16;
    return function length(doc, signals) {
      const text = doc.text;
      const chars = text.length;
      if (!signals && needWords && !wordBoundsCanFail(text, chars)) return charVerdict(chars);
      const words = needWords || signals ? countWords(text) : 0;
      if (signals) Object.assign(signals, { chars, words });
      const byChars = charVerdict(chars);
      if (byChars) return byChars;
      if (min_words !== undefined && words < min_words) return { reason: "too_few_words", value: words };
      if (max_words !== undefined && words > max_words) return { reason: "too_many_words", value: words };
      return undefined;
    };

    function charVerdict(chars: number) {
      if (min_chars !== undefined && chars < min_chars) return { reason: "too_few_chars" as const, value: chars };
      if (max_chars !== undefined && chars > max_chars) return { reason: "too_many_chars" as const, value: chars };
      return undefined;
    }

    /**
     * False when the word bounds surely pass, proven without a full count: words are separated
     * by whitespace, so `chars` characters hold at most ⌈chars/2⌉ words; and a prefix of the
     * text never holds more words than the whole (a word cut at the end still counts as one).
     * Prefixes double until one holds enough words, so a passing document costs at most about
     * twice the characters its first `min_words` words take.
     */
    function wordBoundsCanFail(text: string, chars: number): boolean {
      if (max_words !== undefined && Math.ceil(chars / 2) > max_words) return true;
      if (min_words === undefined) return false;
      for (let prefix = firstPrefix; prefix < chars; prefix *= 2) {
        if (countWords(text, prefix) >= min_words) return false;
      }
      return true;
    }
  },
});
