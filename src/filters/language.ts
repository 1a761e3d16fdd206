import { createRequire } from "node:module";
import { z } from "zod";
import { filePath } from "../config/paths.js";
import { UserError } from "../core/errors.js";
import { defineFilter } from "../core/filter.js";
import { LABEL_PREFIX, sharedModel } from "../models/fasttext/index.js";

/** lid.176.ftz (176 languages, CC BY-SA 3.0) as the fasttext.wasm.js package ships it. */
const LID176 = "fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz";
/**
 * predict-prob scores are p + 1e-5 (see `Prediction`), so asking fastText for labels of
 * p ≥ min_score − 2e-5 returns every label whose score may exceed min_score, and prunes
 * the rest of the hierarchical-softmax tree.
 */
const SCORE_OFFSET_MARGIN = 2e-5;

/**
 * Identifies each document's language with a fastText model and keeps those in chosen
 * languages, after datatrove's `LanguageFilter` as FineWeb ran it
 * (`src/datatrove/pipeline/filters/language_filter.py`, `utils/lid.py`): newlines become
 * spaces before prediction; the language is the most probable label and its score the
 * model's probability; a document is kept when some kept language scores strictly more than
 * `min_score` (0.65, FineWeb's `language_threshold`), or, with no `keep` list, when its own
 * language does.
 *
 * Every document gets `metadata.lang` (code without `__label__`, null if the model knows
 * nothing of the text) and `metadata.lang_score`, kept or not, in both modes, for later
 * steps (`bad_words` reads `lang`) and the report. `keep` defaults to every language
 * (datatrove's `languages=None`); FineWeb used `keep: [en]`.
 *
 * The default model is lid.176.ftz, the quantized lid.176 that ships with the
 * fasttext.wasm.js package. FineWeb used lid.176.bin; scores differ slightly between the
 * two (the .bin is 126 MB), and `model` accepts either, as well as any supervised fastText
 * model whose labels are language codes (e.g. GlotLID's `__label__eng_Latn`).
 */
export const languageFilter = defineFilter({
  name: "language",
  summary: "Identify the language with fastText (lid.176 by default); keep chosen languages scoring above a threshold.",
  schema: z
    .object({
      model: filePath("fastText language-ID model, .bin or .ftz; default lid.176.ftz from the fasttext.wasm.js package.").optional(),
      keep: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe("Language codes to keep (labels without __label__, e.g. en, de); default every language."),
      min_score: z
        .number()
        .min(0)
        .max(1)
        .default(0.65)
        .describe("A document is kept when a kept language scores strictly more than this (FineWeb: 0.65)."),
    })
    .strict(),
  reasons: ["below_threshold", "not_kept_language"],
  async create(cfg, env) {
    const path = cfg.model ?? createRequire(import.meta.url).resolve(LID176);
    const model = await sharedModel(path).catch((err: Error) => {
      throw new UserError(`${env.step}.model: ${err.message}`); // the message names the file
    });
    const minScore = cfg.min_score;
    const codeOf = new Map(model.labels.map((l) => [l, l.startsWith(LABEL_PREFIX) ? l.slice(LABEL_PREFIX.length) : l]));
    if (cfg.keep) checkCodes(cfg.keep, new Set(codeOf.values()), path, env.step);
    const keep = cfg.keep && new Set(cfg.keep);
    const kept = keep && new Set(model.labels.filter((l) => keep.has(codeOf.get(l)!)));

    return function language(doc, signals) {
      const text = doc.text.replaceAll("\n", " ");
      // Without a keep list only the best label matters; with one, every label that may
      // pass, or all of them when annotating (the kept languages' scores are the signal).
      const candidates = kept
        ? model.predict(text, -1, signals ? 0 : Math.max(0, minScore - SCORE_OFFSET_MARGIN))
        : model.predict(text, 1);
      const top = candidates[0] ?? model.predict(text, 1)[0];
      const score = top ? top.probability : 0;
      doc.metadata.lang = top ? codeOf.get(top.label) : null;
      doc.metadata.lang_score = score;
      env.observe("lang_score", score);
      // The score compared with min_score: the best kept language's, or the document's own.
      let decisive = score;
      if (kept) {
        decisive = top && kept.has(top.label) ? score : 0;
        for (const p of candidates) if (p.probability > decisive && kept.has(p.label)) decisive = p.probability;
      }
      if (signals) signals.score = decisive;
      if (decisive > minScore) return undefined;
      if (kept && !(top && kept.has(top.label))) return { reason: "not_kept_language", value: doc.metadata.lang };
      return { reason: "below_threshold", value: decisive };
    };
  },
});

/** A code the model cannot predict would silently drop everything: say so at startup. */
function checkCodes(codes: readonly string[], known: ReadonlySet<string>, path: string, step: string): void {
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    const sample = [...known].slice(0, 8).join(", ");
    throw new UserError(`${step}.keep: ${unknown.map((c) => JSON.stringify(c)).join(", ")} not among the ${known.size} languages of ${path} (${sample}, …)`);
  }
}
