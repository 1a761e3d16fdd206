import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Doc } from "../core/doc.js";
import { defineBarrierStep } from "../core/step.js";
import { taskName } from "../run/task-name.js";
import { normalizeText } from "./normalize.js";
import { partitionCount, PartitionedWriter, readPartition, writePartitioned } from "./partitioned-file.js";
import { removeUnits, splitUnits } from "./text-units.js";

export { splitUnits } from "./text-units.js";

const HASH = 16; // bytes of sha256 kept: 128 bits, so "exact" holds at any corpus size (64 bits would collide near 1e10 paragraphs)
const KEY = HASH + 8; // index record: [hash 16][ordinal u32][paragraph u32]; the task is the file's
const DROP = 8; // decision record: [ordinal u32][paragraph u32]

const options = z
  .object({
    unit: z
      .enum(["line", "paragraph"])
      .default("line")
      .describe("What is compared: lines (split on \\n, Dolma's default paragraph separator) or blank-line separated paragraphs (split on \\n{2,})."),
    min_chars: z
      .int()
      .min(0)
      .default(20)
      .describe("Units shorter than this (after normalization) are never duplicates: short lines such as headings or list markers repeat innocently."),
    lowercase: z.boolean().default(false).describe("Compare case-insensitively (Dolma compares the raw text)."),
    max_duplicate_fraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe("Drop the whole document when the removed share of its characters exceeds this (DCLM `dedup/bff/README.md`: --filtering-threshold 0.8)."),
    partitions: z.int().min(1).max(65536).optional().describe("Hash partitions of the decide stage (default: one per 128 MB of input)."),
  })
  .strict();

type Options = z.output<typeof options>;

/**
 * Removes repeated lines or paragraphs (boilerplate: cookie notices, footers, navigation),
 * Dolma-style (`dolma dedupe --dedupe.paragraphs`, allenai/dolma `src/deduper.rs`: split on
 * "\n", empty units skipped), but exact and deterministic instead of a bloom filter:
 * a unit is a duplicate when the same normalized text (trimmed, whitespace collapsed,
 * optionally lowercased) occurs EARLIER in input order (task, document ordinal, unit index),
 * in another document or the same one. Stages: each task writes its units' hashes partitioned
 * by hash; each `decide` task reads one partition of every task in task order, so the first
 * occurrence it meets is the earliest; the next segment removes the duplicates from the text.
 * Memory: one task's hashes, then one partition's distinct hashes, then one task's decisions.
 *
 * A removed unit takes the separator before it along (the separator before the first kept
 * unit goes instead when the text starts with removed units); the rest of the text is
 * unchanged. A document whose removed characters exceed `max_duplicate_fraction` of its
 * length, or with nothing but whitespace left, goes to `removed/` (`mostly_duplicate`);
 * a kept, changed document gets `metadata.paragraph_dedup = {removed_paragraphs, removed_chars}`.
 * Characters are UTF-16 code units (`String.length`).
 */
export const paragraphDedup = defineBarrierStep({
  name: "paragraph_dedup",
  role: "barrier",
  summary: "Remove lines or paragraphs seen earlier in the corpus (boilerplate), Dolma-style but exact; drop mostly-duplicate documents. Multi-stage.",
  schema: options,
  counters: ["mostly_duplicate", "units", "duplicate_units", "distinct_units", "changed"],
  stages(cfg, plan) {
    return [{ phase: "decide", tasks: partitionsOf(cfg, plan.inputBytes) }];
  },
  index(cfg, ctx) {
    const index = new PartitionedWriter(partitionsOf(cfg, ctx.inputBytes));
    let ordinal = 0;
    return {
      add(docs) {
        for (const doc of docs) {
          const units = splitUnits(doc.text, cfg.unit).units;
          for (let u = 0; u < units.length; u++) {
            const key = keyOf(units[u], cfg);
            if (key === undefined) continue;
            const b = Buffer.allocUnsafe(KEY);
            createHash("sha256").update(key).digest().copy(b, 0, 0, HASH);
            b.writeUInt32LE(ordinal, HASH);
            b.writeUInt32LE(u, HASH + 4);
            index.add(b, b);
            ctx.count("units");
          }
          ordinal++;
        }
      },
      finish() {
        index.write(join(ctx.stepDir, "index", `${taskName(ctx.task)}.keys`));
      },
    };
  },
  async runStage(_cfg, phase, p, ctx) {
    // Tasks in order, and each slice in (ordinal, unit) order as indexed: the first sighting is the earliest.
    const seen = new Set<string>();
    const drops: Buffer[][] = [];
    for (let t = 0; t < ctx.tasks; t++) {
      const slice = readPartition(join(ctx.stepDir, "index", `${taskName(t)}.keys`), p);
      const mine: Buffer[] = [];
      for (let o = 0; o < slice.length; o += KEY) {
        const hash = slice.toString("latin1", o, o + HASH);
        if (!seen.has(hash)) seen.add(hash);
        else mine.push(slice.subarray(o + HASH, o + KEY));
      }
      drops.push([Buffer.concat(mine)]); // a copy, so that the slice can be freed
    }
    ctx.count("distinct_units", seen.size);
    mkdirSync(join(ctx.stepDir, phase), { recursive: true });
    writePartitioned(join(ctx.stepDir, phase, `${taskName(p)}.drops`), drops);
  },
  create(cfg, ctx) {
    const drops = new Map<number, Set<number>>();
    for (let p = 0; p < partitionsOf(cfg, ctx.io.inputBytes); p++) {
      const buf = readPartition(join(ctx.io.stepDir, "decide", `${taskName(p)}.drops`), ctx.task);
      for (let o = 0; o < buf.length; o += DROP) {
        const ordinal = buf.readUInt32LE(o);
        let set = drops.get(ordinal);
        if (!set) drops.set(ordinal, (set = new Set()));
        set.add(buf.readUInt32LE(o + 4));
      }
    }
    let ordinal = 0;
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          const remove = drops.get(ordinal++);
          if (!remove) {
            kept.push(doc);
            continue;
          }
          const { units, seps } = splitUnits(doc.text, cfg.unit);
          const { text, removedChars } = removeUnits(units, seps, remove);
          const info = { removed_paragraphs: remove.size, removed_chars: removedChars };
          ctx.count("duplicate_units", remove.size);
          if (removedChars > cfg.max_duplicate_fraction * doc.text.length || text.trim() === "") {
            // The unit numbers let `winnow serve` mark the duplicated spans of the removed text.
            const units = [...remove].sort((a, b) => a - b);
            ctx.reject(doc, "mostly_duplicate", { ...info, fraction: removedChars / doc.text.length, units });
          } else {
            ctx.count("changed");
            kept.push({ ...doc, text, metadata: { ...doc.metadata, paragraph_dedup: info } });
          }
        }
        return kept;
      },
    };
  },
});

/** The normalized unit, or undefined when it never counts (empty, as Dolma's skip_empty, or shorter than min_chars). */
function keyOf(unit: string, cfg: Options): string | undefined {
  const key = normalizeText(unit, { lowercase: cfg.lowercase, collapse_whitespace: true, nfkc: false });
  return key.length === 0 || key.length < cfg.min_chars ? undefined : key;
}

/** Partition count of the decide stage: fixed by the config, else one per 128 MB of input (a partition's distinct hashes stay in memory). */
function partitionsOf(cfg: Options, inputBytes: number): number {
  return partitionCount(cfg.partitions, inputBytes, 128e6);
}
