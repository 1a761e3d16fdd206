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
    const needWords = cfg.min_words !== undefined || cfg.max_words !== undefined;
    return function length(doc, signals) {
      const chars = doc.text.length;
      const words = needWords || signals ? countWords(doc.text) : 0;
      if (signals) Object.assign(signals, { chars, words });
      if (cfg.min_chars !== undefined && chars < cfg.min_chars) return { reason: "too_few_chars", value: chars };
      if (cfg.max_chars !== undefined && chars > cfg.max_chars) return { reason: "too_many_chars", value: chars };
      if (cfg.min_words !== undefined && words < cfg.min_words) return { reason: "too_few_words", value: words };
      if (cfg.max_words !== undefined && words > cfg.max_words) return { reason: "too_many_words", value: words };
      return undefined;
    };
  },
});
