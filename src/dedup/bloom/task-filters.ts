import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { BarrierContext } from "../../core/step.js";
import { writeFileAtomic } from "../../run/run-dir.js";
import { taskName } from "../../run/task-name.js";
import { BloomFilter, bloomSize } from "./bloom-filter.js";

/**
 * Bloom filters built per task and merged, for span dedup that is the same with any number of
 * workers. A span is a duplicate when it occurs EARLIER in input order: in an earlier task, or
 * earlier in the same task. (1) `index`: each task adds all its span keys to its own filter;
 * (2) stage `prefix` (one task): filter t of the run becomes the OR of the filters of tasks
 * 0..t−1, written in task order; (3) `create`: task t checks each span against that prefix
 * filter and a fresh filter of its own spans so far. Tasks are fixed by the input, not by the
 * workers, so the decisions are too. The filters are sized for the whole corpus (they must have
 * one size to be merged); memory: two filters per phase.
 */
export const bloomOptions = {
  false_positive_rate: z
    .number()
    .gt(0)
    .lt(1)
    .default(1e-6)
    .describe("Target false-positive rate of the bloom filter once it holds expected_spans spans (Dolma's paragraph dedup uses 1e-6: research/anchors.md)."),
  expected_spans: z.int().min(1).optional().describe("Spans the filter is sized for (default: estimated from the input size)."),
};

export interface FilterSize {
  bits: number;
  hashes: number;
}

/** The filter size of a run: from `expected_spans`, else one span per `bytesPerSpan` bytes of input. */
export function filterSize(cfg: { false_positive_rate: number; expected_spans?: number }, inputBytes: number, bytesPerSpan: number): FilterSize {
  return bloomSize(cfg.expected_spans ?? Math.ceil(inputBytes / bytesPerSpan), cfg.false_positive_rate);
}

const indexFile = (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.bloom`);
const prefixFile = (stepDir: string, task: number) => join(stepDir, "prefix", `${taskName(task)}.bloom`);

export function writeTaskFilter(stepDir: string, task: number, filter: BloomFilter): void {
  writeFileAtomic(indexFile(stepDir, task), filter.toBuffer());
}

/** Stage `prefix`: the filter of everything before task t, for every t (task 0's is written empty). */
export function writePrefixFilters(size: FilterSize, ctx: BarrierContext): void {
  const acc = new BloomFilter(size.bits, size.hashes);
  for (let t = 0; t < ctx.tasks; t++) {
    writeFileAtomic(prefixFile(ctx.stepDir, t), acc.toBuffer());
    if (t + 1 < ctx.tasks) acc.or(BloomFilter.fromBuffer(readFileSync(indexFile(ctx.stepDir, t)), size.bits, size.hashes));
  }
}

/** What task t checks its spans against: spans of earlier tasks, then its own as it goes. */
export class SeenSpans {
  private readonly earlier: BloomFilter;
  private readonly own: BloomFilter;

  constructor(stepDir: string, task: number, size: FilterSize) {
    const file = prefixFile(stepDir, task);
    if (!existsSync(file)) throw new Error(`${file} is missing: the prefix stage did not run`);
    this.earlier = BloomFilter.fromBuffer(readFileSync(file), size.bits, size.hashes);
    this.own = new BloomFilter(size.bits, size.hashes);
  }

  has(a: number, b: number): boolean {
    return this.own.has(a, b) || this.earlier.has(a, b);
  }

  add(a: number, b: number): void {
    this.own.add(a, b);
  }
}
