import { z } from "zod";
import { againstOption } from "../saved-index.js";
import { optimalBandsRows } from "./lsh-params.js";

/** FineWeb's LSH layout: 14 bands × 8 rows = 112 hashes (datatrove `examples/fineweb.py`). */
const FINEWEB_BANDS = 14;
const FINEWEB_ROWS = 8;

export const minhashOptions = z
  .object({
    ngram: z.int().min(1).max(64).default(5).describe("Shingle length in tokens (FineWeb: 5 words)."),
    unit: z
      .enum(["words", "chars"])
      .default("words")
      .describe("Tokens of a shingle: whitespace-separated words, or characters (for languages written without spaces)."),
    bands: z.int().min(1).max(1024).optional().describe("LSH bands (default 14, FineWeb's; or chosen from threshold)."),
    rows: z.int().min(1).max(64).optional().describe("Hashes per band (default 8, FineWeb's; or chosen from threshold)."),
    threshold: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe("Target Jaccard similarity. Without bands/rows, chooses them (minimum FP+FN area within `permutations`); the verify threshold."),
    permutations: z.int().min(1).max(4096).default(112).describe("Hash budget when bands × rows are chosen from threshold."),
    verify: z
      .enum(["none", "sketch", "signature", "shingles"])
      .default("sketch")
      .describe(
        "Check candidate pairs before linking them: the Jaccard similarity of the two documents must reach the threshold. sketch (default): estimated from the 128 smallest hashes of the shingles with numbers kept as written; signature: the fraction of agreeing MinHash values; shingles: exact, numbers kept (slower); none: no check, as FineWeb.",
      ),
    keep: z
      .enum(["first", "longest", "score"])
      .default("first")
      .describe("Which document of a cluster stays: first in input order, longest text, or highest metadata score (ties: first)."),
    score_key: z.string().default("score").describe("Metadata field with the score (keep: score); missing or non-numeric is lowest."),
    cluster_memory_mb: z
      .number()
      .min(0.001)
      .max(65536)
      .default(256)
      .describe("Memory of the cluster stage's external sorts, in MB: clustering any number of duplicates stays within about this."),
    partitions: z.int().min(1).max(65536).optional().describe("Tasks of the buckets stage (default: one per 64 MB of input)."),
    against: againstOption,
  })
  .strict();

export type MinhashOptions = z.output<typeof minhashOptions>;

export interface Lsh {
  bands: number;
  rows: number;
  /** Jaccard that verification requires: the configured threshold, else the S-curve's midpoint (1/b)^(1/r). */
  threshold: number;
}

/**
 * Bands and rows: as configured (a missing one takes FineWeb's value); else chosen from the
 * threshold; else FineWeb's 14 × 8.
 */
export function lshOf(cfg: MinhashOptions): Lsh {
  const chosen =
    cfg.bands === undefined && cfg.rows === undefined && cfg.threshold !== undefined
      ? optimalBandsRows(cfg.threshold, cfg.permutations)
      : { bands: cfg.bands ?? FINEWEB_BANDS, rows: cfg.rows ?? FINEWEB_ROWS };
  return { ...chosen, threshold: cfg.threshold ?? (1 / chosen.bands) ** (1 / chosen.rows) };
}

/**
 * Tasks of the buckets stage: fixed by the config, else one per 64 MB of input, the default
 * task size of the segments (`tasks.max_bytes`). A partition holds 20 bytes per band and
 * document, sorted (about 15 MB of arrays per 64 MB of web text), so its memory stays that of
 * a segment task, whatever the corpus size.
 */
export function partitionsOf(cfg: MinhashOptions, inputBytes: number): number {
  return cfg.partitions ?? Math.max(1, Math.min(4096, Math.ceil(inputBytes / 64e6)));
}
