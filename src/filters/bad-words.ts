import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { filePath } from "../config/paths.js";
import { defineFilter } from "../core/filter.js";
import { WordListMatcher } from "./word-list.js";

// Source checkout: src/filters/assets; compiled: dist/src/filters → the same folder three levels up.
const ASSET_DIRS = ["./assets/ldnoobw/", "../../../src/filters/assets/ldnoobw/"].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

/** Written without spaces between words: matched as substrings (see `WordListMatcher`). */
const UNSEGMENTED = new Set(["ja", "th", "zh"]);
/** Entries hitting > 10% of pages in languages matched as substrings (datatrove `_BADWORDS_ALLOWLIST`, `c4_filters.py`). */
const ALLOWLIST: Record<string, readonly string[]> = { ja: ["sm", "グロ", "女の子"], zh: ["性"] };

/**
 * Drops pages by the share of their words found in the bad-word list of their language
 * (LDNOOBW, one list per language, `assets/ldnoobw/`). The default threshold is the
 * flagged-words ratio of BigScience ROOTS as Data-Juicer ships it (`flagged_words_filter`,
 * `max_ratio` 0.045: a page is kept while ≤ 4.5% of its words are flagged). `any: true` drops
 * a page at its first listed word instead, C4's rule (Raffel et al. 2020, §2.2; the
 * `c4_badwords` step reproduces datatrove's exact matching of it).
 *
 * The language is `metadata[lang_key]`, or its primary subtag (`pt-BR` → `pt`); a page without
 * one, or whose language has no list, is checked against `fallback_language` (null: kept).
 */
export const badWords = defineFilter({
  name: "bad_words",
  summary: "Drop pages whose share of LDNOOBW bad words (per language) exceeds a threshold, or that contain any.",
  schema: z
    .object({
      max_ratio: z
        .number()
        .min(0)
        .max(1)
        .default(0.045)
        .describe("Largest share of bad words kept: of words, or of non-space characters in zh/ja/th."),
      any: z.boolean().default(false).describe("Drop a page at its first bad word (C4's rule) instead of by ratio."),
      lang_key: z.string().default("lang").describe("Metadata key of the page language (ISO 639-1 code)."),
      fallback_language: z
        .string()
        .nullable()
        .default("en")
        .describe("List used when the page has no language or its language has no list; null keeps such pages."),
      lists_dir: filePath("Folder of lists named by language code; default the bundled LDNOOBW.").optional(),
    })
    .strict(),
  reasons: ["bad_words_ratio", "bad_word"],
  create(cfg) {
    const dir = cfg.lists_dir ?? ASSET_DIRS.find(isDir);
    if (!dir) throw new Error(`bad_words: LDNOOBW lists not found under ${ASSET_DIRS.join(" or ")}`);
    const available = new Set(readdirSync(dir).filter((f) => !f.includes(".")));
    const matchers = new Map<string, WordListMatcher>();
    const matcherFor = (lang: string): WordListMatcher => {
      let m = matchers.get(lang);
      if (!m) {
        const allowed = new Set(ALLOWLIST[lang] ?? []);
        const entries = readFileSync(join(dir, lang), "utf8")
          .split("\n")
          .filter((w) => !allowed.has(w.trim()));
        m = new WordListMatcher(entries, !UNSEGMENTED.has(lang.split("-")[0]));
        matchers.set(lang, m);
      }
      return m;
    };
    const resolve = (value: unknown): string | undefined => {
      if (typeof value === "string") {
        if (available.has(value)) return value;
        const primary = value.split(/[-_]/)[0].toLowerCase();
        if (available.has(primary)) return primary;
      }
      return cfg.fallback_language !== null && available.has(cfg.fallback_language) ? cfg.fallback_language : undefined;
    };
    if (cfg.fallback_language !== null && !available.has(cfg.fallback_language)) {
      throw new Error(`bad_words: no list for fallback_language "${cfg.fallback_language}" in ${dir}`);
    }

    return function badWordsTest(doc, signals) {
      const lang = resolve(doc.metadata[cfg.lang_key]);
      if (signals) signals.lang = lang ?? null;
      if (lang === undefined) return undefined;
      const hits = matcherFor(lang).measure(doc.text.toLowerCase(), cfg.any && !signals);
      const ratio = hits.units === 0 ? 0 : Math.min(1, hits.covered / hits.units);
      if (signals) Object.assign(signals, { units: hits.units, bad: hits.covered, ratio, first: hits.first ?? null });
      if (cfg.any) return hits.first === undefined ? undefined : { reason: "bad_word", value: hits.first };
      return ratio > cfg.max_ratio ? { reason: "bad_words_ratio", value: ratio } : undefined;
    };
  },
});

function isDir(path: string): boolean {
  try {
    return readdirSync(path).length > 0;
  } catch {
    return false;
  }
}
