import { z } from "zod";
import type { Doc } from "../core/doc.js";
import { defineBarrierStep } from "../core/step.js";
import { BloomFilter } from "./bloom/bloom-filter.js";
import { type Key, ngramKey, SEED_A, SEED_B, textKey } from "./bloom/span-keys.js";
import { bloomOptions, filterSize, SeenSpans, writePrefixFilters, writeTaskFilter } from "./bloom/task-filters.js";
import { TokenHashes, tokenize } from "./minhash/tokens.js";
import { normalizeText } from "./normalize.js";
import { removeUnits, splitUnits } from "./text-units.js";

const options = z
  .object({
    unit: z
      .enum(["line", "paragraph"])
      .default("line")
      .describe("What is removed: lines (split on \\n, Dolma's paragraphs) or blank-line separated paragraphs."),
    ngram: z
      .int()
      .min(0)
      .default(13)
      .describe(
        "Compare units by their word n-grams of this length (Dolma's `by_ngram`, BFF: 13); a unit with fewer words is one n-gram. " +
          "0: a unit is a duplicate only when its whole normalized text was seen before.",
      ),
    overlap_threshold: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe("With ngram > 0: a unit is a duplicate when at least this fraction of its n-grams was seen before (Dolma's by_ngram default: 1.0)."),
    min_chars: z.int().min(0).default(20).describe("Units shorter than this (after trimming) are never duplicates and are not added: short lines repeat innocently."),
    lowercase: z.boolean().default(false).describe("With ngram: 0, compare case-insensitively (n-grams are always lowercased, punctuation-free words, as MinHash's)."),
    max_duplicate_fraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe("Drop the whole document when the removed share of its characters exceeds this (DCLM `dedup/bff/README.md`: --filtering-threshold 0.8)."),
    ...bloomOptions,
  })
  .strict();

type Options = z.output<typeof options>;

// Filter sizing when expected_spans is not given: about one word (so one n-gram) per 6 bytes of
// English text, and at most one line per 40 bytes; both overestimate, which only lowers the false positives.
const bytesPerSpan = (cfg: Options) => (cfg.ngram > 0 ? 6 : 40);

/**
 * Repeated-span removal with a bloom filter, as Dolma's deduper (allenai/dolma `src/deduper.rs`,
 * `--dedupe.paragraphs` with `by_ngram`) and DCLM's BFF: each line (or paragraph) is split into
 * word 13-grams hashed into a bloom filter sized from an expected count and false-positive rate;
 * a unit whose n-grams were (almost) all seen before is removed, and a document that loses more
 * than `max_duplicate_fraction` of its characters goes to `removed/` (`mostly_duplicate`).
 * "Before" is input order, with filters built per task and merged (`bloom/task-filters.ts`), so
 * the result is byte-identical for any number of workers. A unit's n-grams are all checked, then
 * all added: a unit never duplicates itself. A kept, changed document gets
 * `metadata.bloom_dedup = {removed_units, removed_chars}`. The exact counterpart, without false
 * positives but with a shuffle of hashes, is `paragraph_dedup`.
 */
export const bloomDedup = defineBarrierStep({
  name: "bloom_dedup",
  role: "barrier",
  summary: "Remove lines or paragraphs whose 13-grams were seen earlier (Dolma/BFF bloom filter), drop mostly-duplicate documents. Multi-stage.",
  schema: options,
  counters: ["mostly_duplicate", "units", "duplicate_units", "changed", "spans"],
  stages() {
    return [{ phase: "prefix", tasks: 1 }];
  },
  index(cfg, ctx) {
    const size = filterSize(cfg, ctx.inputBytes, bytesPerSpan(cfg));
    const filter = new BloomFilter(size.bits, size.hashes);
    const keys = new UnitKeys(cfg);
    return {
      add(docs) {
        for (const doc of docs) {
          const { units } = splitUnits(doc.text, cfg.unit);
          for (const u of units) {
            const n = keys.of(u);
            for (let i = 0; i < n; i++) filter.add(keys.a[i], keys.b[i]);
            ctx.count("spans", n);
          }
          ctx.count("units", units.length);
        }
      },
      finish() {
        writeTaskFilter(ctx.stepDir, ctx.task, filter);
      },
    };
  },
  async runStage(cfg, _phase, _task, ctx) {
    writePrefixFilters(filterSize(cfg, ctx.inputBytes, bytesPerSpan(cfg)), ctx);
  },
  create(cfg, ctx) {
    const seen = new SeenSpans(ctx.io.stepDir, ctx.task, filterSize(cfg, ctx.io.inputBytes, bytesPerSpan(cfg)));
    const keys = new UnitKeys(cfg);
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          const { units, seps } = splitUnits(doc.text, cfg.unit);
          const remove = new Set<number>();
          for (let u = 0; u < units.length; u++) {
            const n = keys.of(units[u]);
            let found = 0;
            for (let i = 0; i < n; i++) if (seen.has(keys.a[i], keys.b[i])) found++;
            for (let i = 0; i < n; i++) seen.add(keys.a[i], keys.b[i]);
            if (n > 0 && found >= cfg.overlap_threshold * n) remove.add(u);
          }
          if (remove.size === 0) {
            kept.push(doc);
            continue;
          }
          ctx.count("duplicate_units", remove.size);
          const { text, removedChars } = removeUnits(units, seps, remove);
          const info = { removed_units: remove.size, removed_chars: removedChars };
          if (removedChars > cfg.max_duplicate_fraction * doc.text.length || text.trim() === "") {
            ctx.reject(doc, "mostly_duplicate", { ...info, fraction: removedChars / doc.text.length, units: [...remove] });
          } else {
            ctx.count("changed");
            kept.push({ ...doc, text, metadata: { ...doc.metadata, bloom_dedup: info } });
          }
        }
        return kept;
      },
    };
  },
});

/** The span keys of one unit as two 32-bit lanes, in buffers reused from unit to unit. */
class UnitKeys {
  private readonly tokens = new TokenHashes();
  private readonly key: Key = { a: 0, b: 0 };
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);

  constructor(private readonly cfg: Options) {}

  /** Fills `a`/`b` with the keys of `unit` and returns how many there are (0: the unit never counts). */
  of(unit: string): number {
    const { cfg, key } = this;
    if (unit.trim().length < Math.max(1, cfg.min_chars)) return 0;
    if (cfg.ngram === 0) {
      textKey(normalizeText(unit, { lowercase: cfg.lowercase, collapse_whitespace: true, nfkc: false }), key);
      this.a[0] = key.a;
      this.b[0] = key.b;
      return 1;
    }
    tokenize(unit, "words", SEED_A, SEED_B, this.tokens);
    const count = this.tokens.count;
    if (count === 0) return 0;
    const n = Math.min(cfg.ngram, count);
    const keys = count - n + 1;
    if (keys > this.a.length) {
      this.a = new Uint32Array(keys * 2);
      this.b = new Uint32Array(keys * 2);
    }
    for (let i = 0; i < keys; i++) {
      ngramKey(this.tokens, i, n, key);
      this.a[i] = key.a;
      this.b[i] = key.b;
    }
    return keys;
  }
}
