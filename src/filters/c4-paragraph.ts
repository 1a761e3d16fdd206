import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { cpLength, hasAstral } from "../text/chars.js";
import { splitOn } from "../text/lines.js";
import { Checks } from "./checks.js";

/**
 * mC4's paragraph rule (Xue et al. 2021, "mT5: A Massively Multilingual Pre-trained Text-to-Text
 * Transformer", §2; TFDS `c4_utils.py` `paragraph_filter`), as datatrove's `C4ParagraphFilter`
 * (`pipeline/filters/c4_filters.py`): a page needs at least `min_paragraphs` lines (split on "\n")
 * of at least `min_paragraph_length` characters.
 */
export const c4Paragraph = defineFilter({
  name: "c4_paragraph",
  summary: "mC4 paragraph rule: at least 3 lines of at least 200 characters.",
  schema: z
    .object({
      min_paragraphs: z.number().int().min(1).default(3).describe("How many long lines a page needs."),
      min_paragraph_length: z.number().int().min(0).default(200).describe("Characters a line needs to count as long."),
    })
    .strict(),
  reasons: ["too_few_paragraphs"],
  create(cfg) {
    return function c4ParagraphTest(doc, signals) {
      const text = doc.text;
      const c = new Checks<"too_few_paragraphs">(signals);
      const lines = splitOn(text, 0x0a);
      const astral = hasAstral(text);
      let long = 0;
      for (let k = 0; k < lines.count; k++) {
        const s = lines.at[2 * k];
        const e = lines.at[2 * k + 1];
        if (e - s >= cfg.min_paragraph_length && (!astral || cpLength(text, s, e) >= cfg.min_paragraph_length)) long++;
      }
      c.check("long_lines", long, long < cfg.min_paragraphs, "too_few_paragraphs");
      return c.verdict;
    };
  },
});
