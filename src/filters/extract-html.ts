import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { DEFAULT_LIMITS, extractMainText } from "../extract/extract.js";

/**
 * HTML in `doc.text` → its main text, boilerplate removed, paragraphs, list items, headings
 * and table rows on their own lines; `<title>`, meta description and `<html lang>` go to
 * metadata. A page too large or too deeply nested for the budgets throws, which sends it to
 * `errors/` with the message instead of stalling the worker.
 */
export const extractHtml = defineFilter({
  name: "extract_html",
  summary: "Extract the main text of HTML documents (boilerplate removed); title, description and lang into metadata.",
  schema: z
    .object({
      max_html_bytes: z.int().positive().default(5_000_000).describe("Larger pages go to errors/ (UTF-8 bytes of the HTML)."),
      max_nodes: z.int().positive().default(DEFAULT_LIMITS.maxNodes).describe("Pages with more elements go to errors/."),
      max_depth: z.int().positive().default(DEFAULT_LIMITS.maxDepth).describe("Pages nested deeper go to errors/."),
    })
    .strict(),
  reasons: ["no_content"],
  create(cfg) {
    const limits = { maxNodes: cfg.max_nodes, maxDepth: cfg.max_depth };
    return function extract(doc, signals) {
      const html = doc.text;
      // A UTF-16 code unit takes at most 3 UTF-8 bytes, so most pages skip the byte count.
      if (html.length * 3 > cfg.max_html_bytes && Buffer.byteLength(html) > cfg.max_html_bytes) {
        throw new Error(`HTML of ${Buffer.byteLength(html)} bytes exceeds max_html_bytes=${cfg.max_html_bytes}`);
      }
      const out = extractMainText(html, limits);
      doc.text = out.text;
      if (out.title) doc.metadata.title = out.title;
      if (out.description) doc.metadata.description = out.description;
      if (out.lang) doc.metadata.html_lang = out.lang;
      if (signals) Object.assign(signals, { html_chars: html.length, text_chars: out.text.length });
      return out.text.length === 0 ? "no_content" : undefined;
    };
  },
});
