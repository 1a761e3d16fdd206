import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineFilter } from "../core/filter.js";
import { WORD, codePointAt, codePointStartBefore, flagsOf } from "../text/chars.js";
import { unitHash } from "./sample.js";

/** Languages with an LDNOOBW list (datatrove `_BADWORDS_LANGS`). */
export const BADWORDS_LANGUAGES = [
  "ar", "cs", "da", "de", "en", "eo", "es", "fa", "fi", "fil", "fr", "fr-CA-u-sd-caqc", "hi", "hu", "it", "ja",
  "kab", "ko", "nl", "no", "pl", "pt", "ru", "sv", "th", "tlh", "tr", "zh",
] as const;
/** Common subwords in languages written without spaces, each hitting >10% of pages (datatrove `_BADWORDS_ALLOWLIST`). */
const ALLOWLIST: Record<string, readonly string[]> = { ja: ["sm", "グロ", "女の子"], zh: ["性"] };
/** Languages matched without word boundaries. */
const UNSEGMENTED = new Set(["ja", "th", "zh"]);

// Source checkout: src/filters/assets; compiled: dist/src/filters → the same folder three levels up.
const ASSET_DIRS = ["./assets/ldnoobw/", "../../../src/filters/assets/ldnoobw/"].map((p) => new URL(p, import.meta.url));

/**
 * C4's bad-words rule (Raffel et al. 2020, "Exploring the Limits of Transfer Learning with a
 * Unified Text-to-Text Transformer", §2.2), as datatrove's `C4BadWordsFilter`
 * (`pipeline/filters/c4_filters.py`): drop a page whose lowercased text contains an entry of the
 * LDNOOBW list of its language (`metadata.language`, else `default_language`), bounded by
 * non-word characters except in ja/th/zh. A `keep_fraction` of such pages is kept at random,
 * decided by a hash of (seed, doc id) so that reruns agree. Lists: `assets/ldnoobw/`.
 */
export const c4BadWords = defineFilter({
  name: "c4_badwords",
  summary: "Drop pages containing a word of the LDNOOBW bad-word list of their language.",
  schema: z
    .object({
      keep_fraction: z.number().min(0).max(1).default(0).describe("Share of pages with bad words to keep anyway."),
      fail_on_missing_language: z
        .boolean()
        .default(true)
        .describe("Fail a document whose language has no list; false keeps it."),
      default_language: z.string().default("en").describe("Language of documents without metadata.language."),
      seed: z.int().optional().describe("Overrides the pipeline seed for keep_fraction."),
    })
    .strict(),
  reasons: ["document_removed_with_badwords"],
  create(cfg, env) {
    const seed = cfg.seed ?? env.seed;
    const tries = new Map<string, BadWordTrie>();
    const trieFor = (lang: string): BadWordTrie | undefined => {
      let trie = tries.get(lang);
      if (!trie && (BADWORDS_LANGUAGES as readonly string[]).includes(lang)) {
        trie = new BadWordTrie(loadList(lang), !UNSEGMENTED.has(lang));
        tries.set(lang, trie);
      }
      return trie;
    };
    return function c4BadWordsTest(doc, signals) {
      const meta = doc.metadata.language;
      const lang = typeof meta === "string" ? meta : cfg.default_language;
      const trie = trieFor(lang);
      if (!trie) {
        if (cfg.fail_on_missing_language) throw new Error(`c4_badwords: no bad-word list for language "${lang}"`);
        return undefined;
      }
      const found = trie.search(doc.text.toLowerCase());
      if (signals) signals.badword = found ?? null;
      if (found === undefined) return undefined;
      if (cfg.keep_fraction > 0 && unitHash(seed, doc.id) < cfg.keep_fraction) return undefined;
      return { reason: "document_removed_with_badwords", value: found };
    };
  },
});

function loadList(lang: string): string[] {
  for (const dir of ASSET_DIRS) {
    try {
      const words = readFileSync(fileURLToPath(new URL(lang, dir)), "utf8")
        .split("\n")
        .map((w) => w.trim());
      const allowed = new Set(ALLOWLIST[lang] ?? []);
      return [...new Set(words)].filter((w) => !allowed.has(w));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  throw new Error(`c4_badwords: list for "${lang}" not found under ${ASSET_DIRS.map((d) => d.pathname).join(" or ")}`);
}

interface TrieNode {
  next: Map<number, TrieNode>;
  word?: string;
}

/**
 * Finds the first list entry in a text. With `bounded`, an entry must sit between non-word
 * characters (or the text's ends), which is what datatrove's regex `(?:\W|^)(w1|w2|…)(?:\W|$)`
 * accepts; a trie walk from each candidate start replaces the regex's alternation.
 */
class BadWordTrie {
  private readonly root: TrieNode = { next: new Map() };

  constructor(words: readonly string[], private readonly bounded: boolean) {
    for (const w of words) {
      // An empty entry would match everywhere in Python too, but the lists have none.
      if (!w) continue;
      let node = this.root;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        let child = node.next.get(c);
        if (!child) node.next.set(c, (child = { next: new Map() }));
        node = child;
      }
      node.word = w;
    }
  }

  search(text: string): string | undefined {
    const n = text.length;
    for (let start = 0; start < n; start++) {
      if (this.bounded && start > 0 && isWordChar(text, codePointStartBefore(text, start))) continue;
      let node: TrieNode | undefined = this.root;
      for (let i = start; i < n; i++) {
        node = node.next.get(text.charCodeAt(i));
        if (!node) break;
        if (node.word !== undefined && (!this.bounded || i + 1 === n || !isWordChar(text, i + 1))) return node.word;
      }
    }
    return undefined;
  }
}

/** Python `\w` at a position: a letter, digit or underscore. */
function isWordChar(text: string, i: number): boolean {
  return (flagsOf(codePointAt(text, i)) & WORD) !== 0;
}
