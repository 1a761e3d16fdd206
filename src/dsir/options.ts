import { z } from "zod";
import { filePath } from "../config/paths.js";

const model = filePath("DSIR model from `winnow dsir fit` (target and raw hashed n-gram counts).");

export const dsirSelectOptions = z
  .object({
    model,
    k: z.int().min(0).optional().describe("Number of documents to select (all of them when fewer)."),
    fraction: z.number().min(0).max(1).optional().describe("Fraction of documents to select, rounded to the nearest count."),
    seed: z.int().optional().describe("Overrides the pipeline seed for the Gumbel noise."),
    annotate: z
      .boolean()
      .default(false)
      .describe("Keep every document and write metadata.dsir_selected (true/false) instead of removing the unselected."),
  })
  .strict()
  .refine((o) => (o.k === undefined) !== (o.fraction === undefined), { message: "give exactly one of k and fraction", path: ["k"] });

export type DsirSelectOptions = z.output<typeof dsirSelectOptions>;

export const dsirWeightOptions = z
  .object({
    model,
    min_log_weight: z.number().optional().describe("Drop documents whose importance log-weight is below this (default: keep all)."),
  })
  .strict();
