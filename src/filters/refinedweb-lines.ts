import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { Checks } from "./checks.js";

const REASONS = ["refinedweb_empty", "refinedweb_too_many_words_removed"] as const;

// Python's str.isupper()/isdigit() on one character, and its Unicode \W, \d and \s.
const UPPER = /\p{Uppercase}/gu;
const DIGIT = /[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089]/gu;
const COUNTER =
  /^[^\p{L}\p{N}_]*\p{Nd}(?:,|\.|\p{Nd})*(?:k|m|b)?\s+(?:likes|shares|comments|retweets|reposts|quotes|bookmarks|upvotes|downvotes|downloads|views|followers)[^\p{L}\p{N}_]*$/u;

const count = (text: string, re: RegExp): number => {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text) !== null) n++;
  return n;
};
/** Python `len(s)`: code points. */
const pyLength = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) === 0xd800) n--;
  return n;
};
const whitespaceWords = (s: string): number => s.split(/\s+/u).filter(Boolean).length;
/** Python `str.strip()` of the whitespace that matters here. */
const strip = (s: string): string => s.replace(/^\s+|\s+$/gu, "");

/**
 * RefinedWeb's line-wise corrections (Penedo et al. 2023, "The RefinedWeb Dataset for Falcon LLM",
 * §3.2 and Appendix G.2), with the rules and values of DCLM's reproduction
 * (`baselines/baselines_configs/dclm_baseline_refinedweb.yaml`, functions of `baselines/mappers/modifiers.py`),
 * applied in that order: drop lines more than `max_uppercase_ratio` uppercase characters, lines
 * (almost) entirely of digits, counter lines ("3 likes", "1.2K views"), lines of fewer than
 * `min_line_words` words; on lines of at most 10 words remove "items in cart", a final
 * "Read more..." and a leading "Sign-in" (case-insensitive; as in DCLM, the dots of "Read more..."
 * match any character). Then the page goes when the corrections removed more than
 * `max_removed_ratio` of its words, or nothing is left. Words are whitespace-separated here, where
 * DCLM counts with its own word splitter, so the removed share can differ slightly.
 * In annotate mode the text is left unchanged.
 */
export const refinedwebLines = defineFilter({
  name: "refinedweb_lines",
  summary: "RefinedWeb line corrections (uppercase, numeric, counter, one-word and boilerplate lines); drops pages that lose > 5 % of words.",
  schema: z
    .object({
      max_uppercase_ratio: z.number().min(0).max(1).nullable().default(0.5).describe("Drop lines with a larger share of uppercase characters."),
      max_numeric_ratio: z
        .number()
        .min(0)
        .max(1)
        .nullable()
        .default(0.999999)
        .describe("Drop lines with a larger share of digits (RefinedWeb: lines of digits only)."),
      remove_counters: z.boolean().default(true).describe("Drop counter lines such as '3 likes' or '1.2K views'."),
      min_line_words: z.number().int().min(0).default(2).describe("Drop non-empty lines with fewer whitespace-separated words."),
      remove_boilerplate: z.boolean().default(true).describe("Remove 'items in cart', a final 'Read more...' and a leading 'Sign-in' from lines of ≤ 10 words."),
      max_removed_ratio: z.number().min(0).max(1).default(0.05).describe("Drop the page when the corrections removed a larger share of its words."),
    })
    .strict(),
  reasons: REASONS,
  create(cfg) {
    const keepLine = (line: string): boolean => {
      if (line === "") return true;
      const length = pyLength(line);
      if (cfg.max_uppercase_ratio !== null && count(line, UPPER) / length > cfg.max_uppercase_ratio) return false;
      if (cfg.max_numeric_ratio !== null && count(line, DIGIT) / length > cfg.max_numeric_ratio) return false;
      if (cfg.remove_counters && COUNTER.test(line.toLowerCase())) return false;
      return whitespaceWords(line) >= cfg.min_line_words;
    };
    return function refinedwebLinesTest(doc, signals) {
      const c = new Checks<(typeof REASONS)[number]>(signals);
      const before = whitespaceWords(doc.text);
      let lines = doc.text.split("\n").filter(keepLine);
      if (cfg.remove_boilerplate) lines = removeBoilerplate(lines);
      const text = strip(lines.join("\n"));
      const after = whitespaceWords(text);
      const removed = before === 0 ? 0 : (before - after) / before;
      if (c.check("words_removed_ratio", removed, text === "", "refinedweb_empty")) return c.verdict;
      c.check("words_removed_ratio", removed, removed > cfg.max_removed_ratio, "refinedweb_too_many_words_removed");
      if (c.verdict === undefined && !signals) doc.text = text;
      return c.verdict;
    };
  },
});

/** DCLM's three `substring_line_modifier` calls, each with `max_length: 10, remove_substring_only: true`. */
const BOILERPLATE = [/\s?(?:items in cart)/giu, /\s?(?:read more...)$/iu, /^(?:sign-in)\s?/iu];

function removeBoilerplate(lines: string[]): string[] {
  for (const pattern of BOILERPLATE) {
    const out: string[] = [];
    for (const line of lines) {
      if (whitespaceWords(line) > 10) {
        out.push(line);
        continue;
      }
      const modified = line.replace(pattern, "");
      if (line !== "" && strip(modified) === "") continue;
      out.push(modified);
    }
    lines = out;
  }
  return lines;
}
