import { z } from "zod";
import { defineFilter } from "../core/filter.js";

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * Keeps documents by a metadata field: equal to a value, one of a list, or a number in a
 * range. `field` may be a dotted path (`source.domain`). A missing field fails the test.
 */
export const metadataFieldFilter = defineFilter({
  name: "metadata_filter",
  summary: "Keep documents whose metadata field equals a value, is in a list, or lies in a numeric range.",
  schema: z
    .object({
      field: z.string().min(1).describe("Metadata field, dotted for nested objects (e.g. `source.domain`)."),
      equals: scalar.optional().describe("Keep when the field equals this value."),
      in: z.array(scalar).min(1).optional().describe("Keep when the field is one of these values."),
      min: z.number().optional().describe("Keep when the field is a number ≥ min."),
      max: z.number().optional().describe("Keep when the field is a number ≤ max."),
      invert: z.boolean().default(false).describe("Drop the documents that match instead of keeping them."),
    })
    .strict()
    .refine((c) => c.equals !== undefined || c.in !== undefined || c.min !== undefined || c.max !== undefined, {
      message: "set at least one of equals, in, min, max",
    }),
  reasons: ["missing_field", "no_match", "excluded_value"],
  create(cfg) {
    const path = cfg.field.split(".");
    const allowed = cfg.in ? new Set(cfg.in) : undefined;
    const matches = (v: unknown): boolean => {
      if (cfg.equals !== undefined && v !== cfg.equals) return false;
      if (allowed && !allowed.has(v as string | number | boolean | null)) return false;
      if (cfg.min !== undefined || cfg.max !== undefined) {
        if (typeof v !== "number") return false;
        if (cfg.min !== undefined && v < cfg.min) return false;
        if (cfg.max !== undefined && v > cfg.max) return false;
      }
      return true;
    };
    return function metadataFilter(doc, signals) {
      let v: unknown = doc.metadata;
      for (const key of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
      if (signals) signals.value = v ?? null;
      if (v === undefined) return cfg.invert ? undefined : "missing_field";
      const hit = matches(v);
      if (cfg.invert) return hit ? { reason: "excluded_value", value: v } : undefined;
      return hit ? undefined : { reason: "no_match", value: v };
    };
  },
});
