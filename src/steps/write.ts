import { join } from "node:path";
import { z } from "zod";
import { defineStep } from "../core/step.js";
import { byteSize } from "../io/bytes.js";
import { OUTPUT_FORMATS } from "../writers/encoder.js";
import { ShardedWriter } from "../writers/sharded-writer.js";

export const writeOptions = z
  .object({
    format: z.enum(OUTPUT_FORMATS).default("jsonl.zst").describe("Output file format."),
    max_file_bytes: byteSize.default(1e9).describe("Start a new file past this size on disk (e.g. 1GB)."),
    level: z.int().min(1).max(22).optional().describe("Compression level (zstd 1–19 default 3, gzip 1–9 default 6)."),
  })
  .strict();

/**
 * The pipeline's last step: writes kept documents to `output/<task>.<format>`, split into
 * parts at `max_file_bytes`, each under a temporary name until complete.
 */
export const writeStep = defineStep({
  name: "write",
  role: "writer",
  summary: "Write kept documents to output/ (jsonl, jsonl.gz, jsonl.zst or parquet), split by size.",
  schema: writeOptions,
  counters: [],
  create(cfg, ctx) {
    const writer = new ShardedWriter({
      dir: join(ctx.io.runDir, "output"),
      prefix: ctx.io.taskName,
      format: cfg.format,
      maxFileBytes: cfg.max_file_bytes,
      level: cfg.level,
    });
    return {
      process(batch) {
        for (const doc of batch) writer.write(doc);
        ctx.io.kept(batch);
        return [];
      },
      finish() {
        writer.close();
        ctx.io.wrote(writer.bytes);
      },
      abort() {
        writer.abort();
      },
    };
  },
});
