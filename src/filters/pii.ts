import { z } from "zod";
import { annotateOption } from "../core/filter.js";
import type { Doc } from "../core/doc.js";
import { defineStep } from "../core/step.js";
import { detectPii, replaceSpans } from "../pii/detect.js";
import { PII_TYPES, type PiiType } from "../pii/types.js";

/** Presidio's entity names, the placeholders its default `replace` operator writes (`<EMAIL_ADDRESS>`…), as NeMo Curator's PII modifier does. */
export const PLACEHOLDERS: Record<PiiType, string> = {
  email: "<EMAIL_ADDRESS>",
  ip: "<IP_ADDRESS>",
  phone: "<PHONE_NUMBER>",
  us_ssn: "<US_SSN>",
  credit_card: "<CREDIT_CARD>",
  iban: "<IBAN_CODE>",
};

const placeholderOptions = Object.fromEntries(
  PII_TYPES.map((t) => [t, z.string().optional().describe(`Replacement for ${t}; default ${PLACEHOLDERS[t]}.`)]),
) as Record<PiiType, z.ZodOptional<z.ZodString>>;

/**
 * Finds personal data in the text with linear-time scanners (`src/pii/`): e-mail addresses,
 * public IPv4/IPv6 addresses, phone numbers, US SSNs, payment card numbers (Luhn and issuer
 * checked) and IBANs (mod-97 checked). `replace` (default) writes a typed placeholder in place
 * of each; `drop` removes the document. Counters give the findings per type.
 *
 * Recipes: datatrove's `PIIFormatter` (FineWeb) replaces e-mails and public IPs only — `types:
 * [email, ip]` here, with placeholders instead of its example addresses; Dolma's PII tagger
 * finds e-mails, phones and IPs; NeMo Curator's modifier (Presidio) all of these types and more,
 * and replaces them with `<ENTITY_TYPE>`. The default is every type this step knows.
 */
export const pii = defineStep({
  name: "pii",
  role: "transform",
  summary: "Replace (or drop documents with) e-mails, public IPs, phone numbers, US SSNs, card numbers and IBANs.",
  schema: z
    .object({
      mode: z.enum(["replace", "drop"]).default("replace").describe("Replace each finding with a placeholder, or drop the document."),
      types: z
        .array(z.enum(PII_TYPES))
        .min(1)
        .default([...PII_TYPES])
        .describe("Kinds of personal data to find."),
      placeholders: z.object(placeholderOptions).strict().default({}).describe("Replacement text per type."),
      ...annotateOption,
    })
    .strict(),
  counters: [...PII_TYPES, "docs_with_pii", "contains_pii"],
  create(cfg, ctx) {
    const placeholder = (t: PiiType) => cfg.placeholders[t] ?? PLACEHOLDERS[t];
    const types = [...new Set(cfg.types)];
    const handle = (doc: Doc): boolean => {
      const spans = detectPii(doc.text, types);
      const counts: Partial<Record<PiiType, number>> = {};
      for (const s of spans) counts[s.type] = (counts[s.type] ?? 0) + 1;
      for (const [t, n] of Object.entries(counts) as [PiiType, number][]) ctx.count(t, n);
      if (spans.length > 0) ctx.count("docs_with_pii");
      const drop = cfg.mode === "drop" && spans.length > 0;
      if (cfg.annotate) {
        doc.metadata[ctx.step] = { ...counts, drop: drop ? "contains_pii" : null };
        if (drop) ctx.count("contains_pii");
        return true;
      }
      if (drop) {
        ctx.reject(doc, "contains_pii", counts);
        return false;
      }
      if (spans.length > 0) doc.text = replaceSpans(doc.text, spans, placeholder);
      return true;
    };
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          try {
            if (handle(doc)) kept.push(doc);
          } catch (err) {
            ctx.fail(doc, err);
          }
        }
        return kept;
      },
    };
  },
});
