import { z } from "zod";
import { filePath } from "../config/paths.js";
import { UserError } from "../core/errors.js";
import { defineFilter } from "../core/filter.js";
import { LABEL_PREFIX, sharedModel } from "../models/fasttext/index.js";

/**
 * Scores documents with any supervised fastText model (`.bin`, or `.ftz` quantized) through
 * winnow's engine, whose probabilities equal `fasttext predict-prob`'s (p + 1e-5, as the
 * fastText Python binding returns them too, so a DCLM or Dolma threshold carries over).
 *
 * fastText reads one example per line, so the text is passed as one line: every newline
 * becomes a space, as DCLM's `classify_fasttext_hq_prob` and datatrove's fastText filters do
 * before predicting (`text.replace("\n", " ")`); `lowercase` serves models trained on
 * lowercased text. With `label`, a document is kept when P(label) ≥ `threshold` — DCLM's
 * `__label__hq` quality classifier (Li et al. 2024) or a classifier trained on FineWeb-Edu
 * style annotations (`winnow train classifier --from-annotations`); without it, every
 * document is kept and only scored.
 *
 * Every document gets `metadata.<prefix>_label` (the most probable label, without
 * `__label__`; null when the model knows nothing of the text) and `<prefix>_score` (the
 * probability of `label`, or of the top label without one), kept or not.
 */
export const classifierFilter = defineFilter({
  name: "classifier",
  summary: "Score documents with any supervised fastText model (.bin/.ftz): label and probability into metadata; keep P(label) ≥ threshold.",
  schema: z
    .object({
      model: filePath("Supervised fastText model, .bin or quantized .ftz (e.g. DCLM's fastText quality classifier, or one from `winnow train classifier`)."),
      label: z
        .string()
        .min(1)
        .optional()
        .describe("Label whose probability decides, with or without __label__ (e.g. hq); without it every document is kept and only scored."),
      threshold: z.number().min(0).max(1.001).default(0.5).describe("Keep documents whose probability of `label` is at least this."),
      prefix: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a metadata key: letters, digits and _")
        .optional()
        .describe("Metadata fields are <prefix>_label and <prefix>_score; default the step's name."),
      lowercase: z.boolean().default(false).describe("Lowercase the text before predicting, for models trained on lowercased text."),
    })
    .strict(),
  reasons: ["below_threshold", "unknown_text"],
  async create(cfg, env) {
    const model = await sharedModel(cfg.model).catch((err: Error) => {
      throw new UserError(`${env.step}.model: ${err.message}`); // the message names the file
    });
    const strip = (l: string) => (l.startsWith(LABEL_PREFIX) ? l.slice(LABEL_PREFIX.length) : l);
    let wanted: string | undefined;
    if (cfg.label !== undefined) {
      wanted = model.labels.find((l) => l === cfg.label || strip(l) === cfg.label);
      if (wanted === undefined) {
        throw new UserError(`${env.step}.label: ${JSON.stringify(cfg.label)} is not a label of ${cfg.model} (${model.labels.slice(0, 8).map(strip).join(", ")}${model.labels.length > 8 ? ", …" : ""})`);
      }
    }
    const labelField = `${cfg.prefix ?? env.step}_label`;
    const scoreField = `${cfg.prefix ?? env.step}_score`;
    const { threshold, lowercase } = cfg;
    // Only `wanted`'s probability matters: every label at ≥ 0 is asked for (for softmax and
    // ova that is what is computed anyway; hierarchical softmax walks the whole tree).
    const k = wanted === undefined ? 1 : -1;

    return function classifier(doc, signals) {
      let text = doc.text.replaceAll("\n", " ");
      if (lowercase) text = text.toLowerCase();
      const predictions = model.predict(text, k);
      const top = predictions[0];
      let score = top ? top.probability : 0;
      if (wanted !== undefined) score = predictions.find((p) => p.label === wanted)?.probability ?? 0;
      doc.metadata[labelField] = top ? strip(top.label) : null;
      doc.metadata[scoreField] = score;
      env.observe("score", score);
      if (signals) signals.score = score;
      if (!top) return wanted === undefined ? undefined : "unknown_text";
      if (wanted === undefined || score >= threshold) return undefined;
      return { reason: "below_threshold", value: score };
    };
  },
});
