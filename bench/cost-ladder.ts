/**
 * Where a worker's time goes, measured rather than guessed: the same files are read several
 * times on one thread, each pass doing one more stage of the pipeline's per-document work, using
 * the project's own code for each stage (inputChunks, recordToDoc, the length step, JsonlEncoder). The difference
 * between two passes is the cost of the stage added. What the full pipeline costs beyond the
 * last rung is its framework: async batches, steps, stats, removed-writer, task bookkeeping.
 * Passes are timed in CPU seconds of this process, which other busy processes barely change.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";
import type { Doc } from "../src/core/doc.js";
import type { StepContext, StepRuntime } from "../src/core/step.js";
import { lengthFilter } from "../src/filters/length.js";
import { recordToDoc, type ReaderOptions } from "../src/readers/reader.js";
import { JsonlEncoder } from "../src/writers/jsonl-encoder.js";
import { readZstLines } from "./zst-lines.js";

export const RUNGS = [
  { name: "decompress", what: "read file + zstd decompress (the reader's `inputChunks`)" },
  { name: "split", what: "find newlines, decode each line to a string" },
  { name: "parse", what: "JSON.parse" },
  { name: "to doc", what: "record → Doc (id, text, metadata)" },
  { name: "filter", what: "the length step (min_words 50) on batches of 512" },
  { name: "stringify", what: "JsonlEncoder without compression, to /dev/null" },
  { name: "compress+write", what: "JsonlEncoder zstd level 3, to a file" },
] as const;

export interface Rung {
  name: string;
  what: string;
  /** CPU seconds of the pass that stops after this stage. */
  seconds: number;
  /** CPU seconds this stage adds to the previous pass. */
  added: number;
}

const MIN_WORDS = 50;
const PASSES = 3;
/** The JSONL reader's batch size. */
const BATCH_DOCS = 512;

export async function measureCostLadder(files: string[]): Promise<{ bytes: number; rungs: Rung[] }> {
  const scratch = mkdtempSync(join(tmpdir(), "winnow-bench-"));
  try {
    await pass(files, RUNGS.length - 1, scratch); // warm up the JIT on every code path first
    // The best of three passes per stage, taken in rounds over all stages: a stage's cost is a
    // difference of two timings, and a disturbance that hit one stage's passes back to back
    // would show up as a negative or doubled stage.
    const best: { seconds: number; bytes: number }[] = [];
    for (let round = 0; round < PASSES; round++) {
      for (let level = 0; level < RUNGS.length; level++) {
        const r = await pass(files, level, scratch);
        if (!best[level] || r.seconds < best[level].seconds) best[level] = r;
      }
    }
    const bytes = best[0].bytes;
    const rungs: Rung[] = RUNGS.map((rung, level) => ({
      ...rung,
      seconds: best[level].seconds,
      added: best[level].seconds - (level > 0 ? best[level - 1].seconds : 0),
    }));
    return { bytes, rungs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One pass over `files` doing stages 0…level. */
async function pass(files: string[], level: number, scratch: string): Promise<{ seconds: number; bytes: number }> {
  const opts = { textKey: "text", idKey: "id" } as ReaderOptions;
  const encoder =
    level >= 6 ? new JsonlEncoder(join(scratch, "out.jsonl.zst"), "zstd", { level: 3 })
    : level >= 5 ? new JsonlEncoder(devNull, "none")
    : null;
  const filter = level >= 4 ? await lengthStep() : null;
  let sink = 0; // consumes every result, so no stage can be optimised away
  let lineNo = 0;
  let batch: Doc[] = [];
  // Batches as the reader makes them; the length step answers synchronously.
  const flush = () => {
    const kept = filter!.process(batch);
    if (kept instanceof Promise) throw new Error("cost ladder: expected a synchronous filter");
    batch = [];
    for (const doc of kept) encoder?.add(doc);
    sink += kept.length;
  };
  const line = (buf: Buffer, start: number, end: number) => {
    const text = buf.toString("utf8", start, end);
    sink += text.length;
    if (level < 2) return;
    const record: unknown = JSON.parse(text);
    if (level < 3) return;
    const doc = recordToDoc(record, opts, `f#${++lineNo}`) as Doc;
    if (level < 4) return;
    batch.push(doc);
    if (batch.length === BATCH_DOCS) flush();
  };

  let bytes = 0;
  const cpu0 = process.cpuUsage();
  for (const file of files) {
    bytes += await readZstLines(file, level === 0 ? null : line, "inputChunks");
    if (filter) flush();
  }
  encoder?.close();
  const cpu = process.cpuUsage(cpu0);
  const seconds = (cpu.user + cpu.system) / 1e6;
  if (level > 0 && sink === 0) throw new Error("cost ladder: nothing read");
  return { seconds, bytes };
}

/**
 * The pipeline's own length step, as a task creates it. Only what a filter uses of its
 * context is provided; no document of this corpus is rejected or fails, so `reject` and
 * `fail` only count.
 */
async function lengthStep(): Promise<StepRuntime> {
  let dropped = 0;
  const ctx = {
    step: "length",
    task: 0,
    seed: 0,
    signal: new AbortController().signal,
    count() {},
    observe() {},
    reject: () => void dropped++,
    fail: () => void dropped++,
  } as unknown as StepContext<string>;
  return lengthFilter.create(lengthFilter.schema.parse({ min_words: MIN_WORDS }), ctx);
}
