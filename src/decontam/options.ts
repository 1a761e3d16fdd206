import { z } from "zod";
import { annotateOption } from "../core/filter.js";
import { filePath } from "../config/paths.js";
import { BENCHMARK_FORMATS } from "./benchmark-files.js";
import { parseFieldPath } from "./field-path.js";

const fieldPath = z
  .string()
  .min(1)
  .refine((p) => {
    try {
      parseFieldPath(p);
      return true;
    } catch {
      return false;
    }
  }, "expected keys and [index]es, like input[1].content");

export const benchmarkSchema = z
  .object({
    name: z.string().regex(/^[\w.-]+$/, "letters, digits, _ . - only").describe("Name in findings and stats."),
    path: filePath("Benchmark file, or a folder whose files with the format's extension are all read."),
    format: z.enum(BENCHMARK_FORMATS).describe("jsonl | json (an array) | csv (with a header) | parquet | logiqa-txt (LogiQA's 8-line records)."),
    fields: z
      .array(fieldPath)
      .min(1)
      .optional()
      .describe("Fields whose text makes an item (CSV: column names; nested: input[1].content). Default [text]; logiqa-txt: [context, question, options]."),
  })
  .strict();

/** Options of the `decontaminate` step; defaults and their sources in the step's doc comment. */
export const decontaminateSchema = z
  .object({
    benchmarks: z.array(benchmarkSchema).min(1).describe("Test sets whose items must not be trained on."),
    ngram: z.int().min(2).max(32).default(13).describe("Words per n-gram (GPT-3, NeMo Curator: 13)."),
    min_item_words: z.int().min(1).default(8).describe("Items with fewer words are ignored; shorter than ngram, they are matched whole (NeMo: 8)."),
    min_matches: z.int().min(1).default(1).describe("Matching n-grams that make a document contaminated."),
    mode: z.enum(["drop", "remove_spans"]).default("drop").describe("Drop contaminated documents, or cut the matches out (NeMo Curator)."),
    window: z.int().nonnegative().default(200).describe("remove_spans: characters also cut on each side of a match (NeMo: 200)."),
    min_fragment_chars: z.int().nonnegative().default(200).describe("remove_spans: fragments not longer than this are dropped (NeMo: 200)."),
    max_splits: z.int().min(1).default(10).describe("remove_spans: documents left in more fragments are dropped (NeMo: 10)."),
    ...annotateOption,
  })
  .strict()
  .refine((o) => o.min_item_words <= o.ngram, {
    message: "min_item_words must not exceed ngram",
    path: ["min_item_words"],
  });

export type DecontaminateOptions = z.output<typeof decontaminateSchema>;
