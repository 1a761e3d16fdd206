import { z } from "zod";
import type { Doc } from "../core/doc.js";
import { defineBarrierStep } from "../core/step.js";
import { BloomFilter } from "./bloom/bloom-filter.js";
import { type Key, ngramKey, textKey } from "./bloom/span-keys.js";
import { bloomOptions, filterSize, SeenSpans, writePrefixFilters, writeTaskFilter } from "./bloom/task-filters.js";
import { TokenHashes } from "./minhash/tokens.js";
import { normalizeText } from "./normalize.js";
import { removeUnits, splitUnits } from "./text-units.js";

const options = z
  .object({
    span: z.int().min(1).max(64).default(3).describe("Sentences per span (C4: 3)."),
    lowercase: z.boolean().default(true).describe("Compare sentences case-insensitively (whitespace is always collapsed)."),
    min_sentences: z
      .int()
      .min(0)
      .default(3)
      .describe("Drop a document that lost sentences and has fewer than this left (C4 drops pages with fewer than 3 sentences; datatrove SentDedupConfig: 3)."),
    ...bloomOptions,
  })
  .strict();

type Options = z.output<typeof options>;

// Filter sizing when expected_spans is not given: at most one sentence, so one span, per 40 bytes of text.
const BYTES_PER_SPAN = 40;

/**
 * C4's sentence-span dedup (Raffel et al. 2020, "Exploring the Limits of Transfer Learning", §2.2:
 * "we discarded all but one of any three-sentence span occurring more than once in the data
 * set"; datatrove `dedup/sentence_dedup.py`): every window of `span` consecutive sentences is
 * a key in a bloom filter; a window seen earlier in input order has its sentences removed, the
 * first occurrence stays. A document that lost sentences and keeps fewer than `min_sentences`
 * goes to `removed/` (`too_few_sentences`); a kept, changed one gets
 * `metadata.sentence_dedup = {removed_sentences, removed_chars}`. Same per-task filters and
 * stages as `bloom_dedup` (`bloom/task-filters.ts`): identical output for any number of workers.
 * Sentences: `text-units.ts`; empty ones are skipped; a document with fewer sentences than
 * `span` has no window and is never changed.
 */
export const sentenceDedup = defineBarrierStep({
  name: "sentence_dedup",
  role: "barrier",
  summary: "Remove every 3-sentence span seen earlier in the corpus, keeping the first (C4), with a bloom filter; drop documents left too short. Multi-stage.",
  schema: options,
  counters: ["too_few_sentences", "sentences", "duplicate_sentences", "changed", "spans"],
  stages() {
    return [{ phase: "prefix", tasks: 1 }];
  },
  index(cfg, ctx) {
    const size = filterSize(cfg, ctx.inputBytes, BYTES_PER_SPAN);
    const filter = new BloomFilter(size.bits, size.hashes);
    const windows = new SentenceWindows(cfg);
    return {
      add(docs) {
        for (const doc of docs) {
          const { units } = splitUnits(doc.text, "sentence");
          const n = windows.of(units);
          for (let j = 0; j < n; j++) filter.add(windows.a[j], windows.b[j]);
          ctx.count("sentences", windows.sentences);
          ctx.count("spans", n);
        }
      },
      finish() {
        writeTaskFilter(ctx.stepDir, ctx.task, filter);
      },
    };
  },
  async runStage(cfg, _phase, _task, ctx) {
    writePrefixFilters(filterSize(cfg, ctx.inputBytes, BYTES_PER_SPAN), ctx);
  },
  create(cfg, ctx) {
    const seen = new SeenSpans(ctx.io.stepDir, ctx.task, filterSize(cfg, ctx.io.inputBytes, BYTES_PER_SPAN));
    const windows = new SentenceWindows(cfg);
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          const { units, seps } = splitUnits(doc.text, "sentence");
          const n = windows.of(units);
          const remove = new Set<number>();
          for (let j = 0; j < n; j++) {
            // Checked then added one window at a time: a span repeated within the document goes too.
            if (seen.has(windows.a[j], windows.b[j])) for (let s = 0; s < cfg.span; s++) remove.add(windows.unit[j + s]);
            seen.add(windows.a[j], windows.b[j]);
          }
          if (remove.size === 0) {
            kept.push(doc);
            continue;
          }
          ctx.count("duplicate_sentences", remove.size);
          const { text, removedChars } = removeUnits(units, seps, remove);
          const info = { removed_sentences: remove.size, removed_chars: removedChars };
          const left = windows.sentences - remove.size;
          if (left < cfg.min_sentences || text.trim() === "") ctx.reject(doc, "too_few_sentences", { ...info, sentences_left: left });
          else {
            ctx.count("changed");
            kept.push({ ...doc, text, metadata: { ...doc.metadata, sentence_dedup: info } });
          }
        }
        return kept;
      },
    };
  },
});

/** The span keys of a document's sentences: window j covers non-empty sentences j..j+span−1, at unit indices `unit[j..]`. */
class SentenceWindows {
  private readonly keys = new TokenHashes();
  private readonly key: Key = { a: 0, b: 0 };
  a = new Uint32Array(256);
  b = new Uint32Array(256);
  unit = new Uint32Array(256);
  /** Non-empty sentences of the last document. */
  sentences = 0;

  constructor(private readonly cfg: Options) {}

  of(units: readonly string[]): number {
    const { cfg, key, keys } = this;
    keys.count = 0;
    if (units.length > this.unit.length) this.unit = new Uint32Array(units.length * 2);
    for (let i = 0; i < units.length; i++) {
      const s = normalizeText(units[i], { lowercase: cfg.lowercase, collapse_whitespace: true, nfkc: false });
      if (s === "") continue;
      this.unit[keys.count] = i;
      textKey(s, key);
      keys.push(key.a, key.b);
    }
    this.sentences = keys.count;
    const n = Math.max(0, keys.count - cfg.span + 1);
    if (n > this.a.length) {
      this.a = new Uint32Array(n * 2);
      this.b = new Uint32Array(n * 2);
    }
    for (let j = 0; j < n; j++) {
      ngramKey(keys, j, cfg.span, key);
      this.a[j] = key.a;
      this.b[j] = key.b;
    }
    return n;
  }
}
