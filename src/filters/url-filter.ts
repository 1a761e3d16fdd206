import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { filePath } from "../config/paths.js";
import { defineFilter } from "../core/filter.js";
import { defineStep } from "../core/step.js";
import { AhoCorasick } from "./url/aho-corasick.js";
import { DomainSet } from "./url/domain-set.js";
import { categoryFiles, compileExpressions, normalizeAlnum, normalizeWords, readListFile } from "./url/lists.js";
import { splitUrl } from "./url/parse-url.js";
import { UrlSet } from "./url/url-set.js";

// Source checkout: src/filters/assets; compiled: dist/src/filters → the same folder three levels up.
const ASSET_DIRS = ["./assets/url/", "../../../src/filters/assets/url/"].map((p) => new URL(p, import.meta.url));

const paths = (what: string) => z.array(filePath(what)).default([]).describe(what);
const words = (what: string) => z.array(z.string()).default([]).describe(what);

const REASONS = [
  "no_url",
  "domain",
  "url",
  "expression",
  "hard_blacklisted",
  "soft_blacklisted",
  "blacklisted_subword",
] as const;

/**
 * The URL filter of RefinedWeb (Penedo et al. 2023, §G.1: UT1 adult block list, banned words in
 * the URL, soft-banned words counted against a threshold) as datatrove's `URLFilter` implements it
 * for FineWeb (`pipeline/filters/url_filter.py`), in its order: block-listed domain, block-listed
 * URL, banned word among the URL's alphanumeric tokens, ≥ `soft_word_threshold` distinct
 * soft-banned tokens, banned subword anywhere in the URL stripped to its letters and digits.
 *
 * Defaults are datatrove's: the FineWeb word lists (`assets/url/`), threshold 2. datatrove also
 * blocks UT1's adult `domains` and `urls`, which are too big to ship: FineWeb's recipe is
 * `block_categories: [<ut1>/blacklists/adult]`. Differences, each deliberate:
 * - Domains match with every subdomain, as squidGuard reads UT1 lists; datatrove tests only
 *   the registered domain and the full host, so a listed `b.example.com` misses `a.b.example.com`.
 *   One reason, `domain`, covers datatrove's `domain` and `subdomain`.
 * - URL lists match by prefix as squidGuard reads them; datatrove compares the full URL with the
 *   scheme-less UT1 entries, which never match.
 * - URL tokens are lowercased before the word checks (datatrove compares them as written).
 * - UT1 `expressions` (regexes) and allowlists are supported; an allowlisted URL skips every check.
 * - A document without a URL is kept and counted (`missing_url: drop` removes it); datatrove fails.
 */
const filter = defineFilter({
  name: "url_filter",
  summary: "Drop pages whose URL is block-listed (UT1 domains, URLs, expressions) or contains banned words.",
  schema: z
    .object({
      url_key: z.string().default("url").describe("Metadata key holding the page URL."),
      missing_url: z
        .enum(["keep", "drop"])
        .default("keep")
        .describe("What to do with a document without a URL (counted as no_url either way)."),
      block_categories: paths("UT1 category folders (e.g. ut1/blacklists/adult): their domains, urls and expressions files."),
      block_domains: paths("Domain list files: one domain per line, blocking its subdomains too."),
      block_urls: paths("URL list files: one scheme-less URL per line, blocking it and the URLs below it."),
      block_expressions: paths("Regex list files (UT1 expressions, very_restrictive_expression), matched against host+path."),
      allow_categories: paths("UT1-style folders whose domains and urls are never blocked."),
      allow_domains: paths("Domain list files never blocked (with their subdomains)."),
      allow_urls: paths("URL list files never blocked (with the URLs below them)."),
      use_integrated_lists: z.boolean().default(true).describe("Use FineWeb's banned, soft-banned and subword lists."),
      banned_words: words("Extra banned words: one among the URL's tokens drops the page."),
      soft_banned_words: words("Extra soft-banned words, counted against soft_word_threshold."),
      banned_subwords: words("Extra banned subwords, searched anywhere in the URL's letters and digits."),
      word_files: z
        .object({ banned_words: paths(""), soft_banned_words: paths(""), banned_subwords: paths("") })
        .strict()
        .default({ banned_words: [], soft_banned_words: [], banned_subwords: [] })
        .describe("Extra word list files, one word per line (e.g. DCLM's reverse-engineered RefinedWeb lists)."),
      soft_word_threshold: z.int().positive().default(2).describe("Distinct soft-banned tokens that drop a page."),
    })
    .strict(),
  reasons: REASONS,
  create(cfg) {
    const blocked = loadLists(cfg.block_categories, cfg.block_domains, cfg.block_urls);
    const allowed = loadLists(cfg.allow_categories, cfg.allow_domains, cfg.allow_urls);
    const expressions = [...categoryFiles(cfg.block_categories, "expressions"), ...cfg.block_expressions].flatMap((f) =>
      compileExpressions(readListFile(f), f),
    );
    const wordList = (name: string, extra: readonly string[], files: readonly string[]) =>
      normalizeWords([
        ...(cfg.use_integrated_lists ? readAsset(name).split("\n") : []),
        ...extra,
        ...files.flatMap((f) => readListFile(f).split("\n")),
      ]);
    const banned = wordList("banned_words.txt", cfg.banned_words, cfg.word_files.banned_words);
    const soft = wordList("soft_banned_words.txt", cfg.soft_banned_words, cfg.word_files.soft_banned_words);
    const subwords = new AhoCorasick(
      wordList("banned_subwords.txt", cfg.banned_subwords, cfg.word_files.banned_subwords),
    );
    const threshold = cfg.soft_word_threshold;

    return function urlFilter(doc, signals) {
      const url = doc.metadata[cfg.url_key];
      const parts = typeof url === "string" ? splitUrl(url) : undefined;
      if (typeof url !== "string" || !parts) {
        if (signals) signals.url = null;
        return cfg.missing_url === "drop" ? "no_url" : undefined;
      }
      if (allowed.domains.match(parts.host) !== undefined || allowed.urls.match(parts.host, parts.rest) !== undefined) {
        if (signals) signals.allowlisted = true;
        return undefined;
      }
      const domain = blocked.domains.match(parts.host);
      if (domain !== undefined) return { reason: "domain", value: domain };
      const listed = blocked.urls.match(parts.host, parts.rest);
      if (listed !== undefined) return { reason: "url", value: listed };
      if (expressions.length > 0) {
        const target = parts.host + parts.rest;
        const expr = expressions.find((re) => re.test(target));
        if (expr) return { reason: "expression", value: expr.source };
      }
      const tokens = new Set(url.toLowerCase().split(/[^a-z0-9]+/));
      const hard = [...tokens].filter((t) => banned.has(t));
      const softFound = [...tokens].filter((t) => soft.has(t));
      const subword = subwords.empty ? undefined : subwords.find(normalizeAlnum(url));
      if (signals) Object.assign(signals, { hard_words: hard, soft_words: softFound, subword: subword ?? null });
      if (hard.length > 0) return { reason: "hard_blacklisted", value: hard[0] };
      if (softFound.length >= threshold) return { reason: "soft_blacklisted", value: softFound };
      if (subword !== undefined) return { reason: "blacklisted_subword", value: subword };
      return undefined;
    };
  },
});

/**
 * `url_filter`. A thin layer over the filter counts kept documents without a URL, which a
 * `defineFilter` test cannot count (it only returns a verdict).
 */
export const urlFilter = defineStep({
  ...filter,
  async create(cfg, ctx) {
    const inner = await filter.create(cfg, ctx);
    if (cfg.missing_url === "drop") return inner;
    return {
      process(batch) {
        for (const doc of batch) {
          const url = doc.metadata[cfg.url_key];
          if (typeof url !== "string" || !splitUrl(url)) ctx.count("no_url");
        }
        return inner.process(batch);
      },
    };
  },
});

/** The domain and URL lists of some UT1-style category folders plus loose list files. */
function loadLists(categories: readonly string[], domainFiles: readonly string[], urlFiles: readonly string[]) {
  const domains = new DomainSet();
  const urls = new UrlSet();
  for (const f of [...categoryFiles(categories, "domains"), ...domainFiles]) domains.addLines(readListFile(f));
  for (const f of [...categoryFiles(categories, "urls"), ...urlFiles]) urls.addLines(readListFile(f));
  return { domains, urls };
}

function readAsset(name: string): string {
  for (const dir of ASSET_DIRS) {
    try {
      return readFileSync(fileURLToPath(new URL(name, dir)), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  throw new Error(`url_filter: ${name} not found under ${ASSET_DIRS.map((d) => d.pathname).join(" or ")}`);
}
