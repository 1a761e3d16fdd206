import { z } from "zod";
import type { FilterDef, FilterFn } from "../core/filter.js";
import { FINEWEB2_THRESHOLDS, languageKey, type LanguageThresholds } from "./language-thresholds.js";

/**
 * Gives a filter per-language options, chosen per document by `metadata.lang` (written by the
 * `language` step): `language_defaults: fineweb2` applies FineWeb-2's thresholds for the languages
 * it lists (see language-thresholds.ts; `fromFineweb2` says which of them are this filter's
 * options), and `per_language: {zh: {...}}` overrides any option for a language. Documents
 * without a listed language get the filter's own options. One test is built per language, up front.
 */
export function perLanguage<S extends z.ZodObject, R extends string>(
  def: FilterDef<S, R>,
  fromFineweb2: (t: LanguageThresholds) => Partial<z.output<S>>,
): FilterDef<S, R> {
  // Overrides name only what they change: the options without their defaults, all optional.
  const overrides = z
    .object(
      Object.fromEntries(
        Object.entries(def.schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
          const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
          return [key, inner.optional().describe(field.description ?? key)];
        }),
      ),
    )
    .strict();
  const schema = def.schema
    .extend({
      language_defaults: z
        .enum(["fineweb2", "none"])
        .default("fineweb2")
        .describe("fineweb2: FineWeb-2's per-language thresholds for zh, ja, th, km, lo, my (by metadata.lang); none: the options above for every language."),
      per_language: z
        .record(z.string().min(1), overrides)
        .default({})
        .describe("Options for documents of one language (metadata.lang: `zh`, or ISO 639-3 as GlotLID writes it), over the defaults."),
    })
    .strict() as unknown as S;
  return {
    ...def,
    schema,
    async create(cfg, env) {
      const { language_defaults, per_language, ...base } = cfg as typeof cfg & {
        language_defaults: "fineweb2" | "none";
        per_language: Record<string, Partial<z.output<S>>>;
      };
      const builtIn = language_defaults === "fineweb2" ? FINEWEB2_THRESHOLDS : {};
      const own: Record<string, Partial<z.output<S>>> = {};
      for (const [lang, options] of Object.entries(per_language)) own[languageKey(lang)!] = options;
      const variants = new Map<string, FilterFn<R>>();
      for (const lang of new Set([...Object.keys(builtIn), ...Object.keys(own)])) {
        const options = { ...base, ...(builtIn[lang] ? fromFineweb2(builtIn[lang]) : {}), ...own[lang] } as typeof cfg;
        variants.set(lang, await def.create(options, env));
      }
      const fallback = await def.create(base as typeof cfg, env);
      if (variants.size === 0) return fallback;
      return (doc, signals) => (variants.get(languageKey(doc.metadata.lang) ?? "") ?? fallback)(doc, signals);
    },
  };
}
