import { createHash } from "node:crypto";
import { z } from "zod";
import { defineFilter } from "../core/filter.js";

/**
 * Keeps a deterministic fraction of documents: the decision is a function of (seed, id)
 * only, so it does not change with task count, worker count or order.
 */
export const sampleFilter = defineFilter({
  name: "sample",
  summary: "Keep a fraction `rate` of documents, chosen by a hash of (seed, id).",
  schema: z
    .object({
      rate: z.number().min(0).max(1).describe("Fraction of documents to keep, 0–1."),
      seed: z.int().optional().describe("Overrides the pipeline seed for this step."),
    })
    .strict(),
  reasons: ["not_sampled"],
  create(cfg, env) {
    const seed = cfg.seed ?? env.seed;
    return function sample(doc, signals) {
      const u = unitHash(seed, doc.id);
      if (signals) signals.u = u;
      return u < cfg.rate ? undefined : { reason: "not_sampled", value: u };
    };
  },
});

/** A number in [0, 1) from the first 53 bits of sha256(seed, id): uniform and stable across platforms. */
export function unitHash(seed: number, id: string): number {
  const digest = createHash("sha256").update(`${seed}\0${id}`).digest();
  return (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11)) / 2 ** 53;
}
