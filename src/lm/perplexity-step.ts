import { z } from "zod";
import { filePath } from "../config/paths.js";
import { UserError } from "../core/errors.js";
import { defineFilter } from "../core/filter.js";
import { CCNET_CUTOFFS, bucketOf } from "./buckets.js";
import { perplexity } from "./ngram-model.js";
import { sharedNgramModel } from "./shared.js";
import { TextScorer } from "./text-scorer.js";

/**
 * Scores documents with an n-gram language model (ARPA or .wlm) as CCNet did (cc_net/perplexity.py
 * `DocLM`): each non-empty line is a sentence `<s> … </s>`; a document's perplexity is
 * 10^(−Σ log10 P / N), N counting every scored word and each line's `</s>`; its bucket is
 * head/middle/tail by the cut-offs of its language (`metadata[lang_key]`).
 *
 * Words are `lmWords` (lowercase, letter/digit runs and single punctuation marks), not
 * CCNet's SentencePiece pieces: the model must be trained on the same words (`winnow train
 * lm` does), and CCNet's default cut-offs only rank documents roughly under another model.
 * Unknown words get the model's `<unk>` probability, no extra penalty (KenLM's rule).
 */
export const perplexityFilter = defineFilter({
  name: "perplexity",
  summary: "Score documents with an n-gram LM (ARPA) as CCNet did; write perplexity and head/middle/tail bucket; optionally drop above a maximum.",
  schema: z
    .object({
      model: filePath("n-gram model over lmWords tokens: ARPA (.arpa or .arpa.gz, e.g. from `winnow train lm`) or winnow binary (.wlm, from `winnow lm compile`)."),
      lang_key: z.string().min(1).default("lang").describe("Metadata key holding the document's language (the language step writes `lang`)."),
      buckets: z
        .record(z.string(), z.tuple([z.number().positive(), z.number().positive()]))
        .default(() => Object.fromEntries(Object.entries(CCNET_CUTOFFS).map(([lang, [h, m]]) => [lang, [h, m] as [number, number]])))
        .describe("Per language [head, middle] cut-offs: head if perplexity < head, middle if < middle, else tail. Default: CCNet's (cutoff.csv) for en/de/fr/es/ru/zh/ja."),
      max_perplexity: z.number().positive().optional().describe("Drop documents whose perplexity exceeds this (DataJuicer's perplexity_filter default: 1500)."),
      per_line: z.boolean().default(false).describe("Also write metadata.line_perplexity: one value per line of the text (null for empty lines)."),
    })
    .strict(),
  reasons: ["too_perplexing"],
  async create(cfg, env) {
    const model = await sharedNgramModel(cfg.model).catch((err: Error) => {
      throw new UserError(`${env.step}.model: ${err.message}`);
    });
    for (const [lang, [head, middle]] of Object.entries(cfg.buckets)) {
      if (!(head <= middle)) throw new UserError(`${env.step}.buckets.${lang}: head cut-off ${head} exceeds middle ${middle}`);
    }

    const scorer = new TextScorer(model);
    return function perplexityOf(doc, signals) {
      const lines = cfg.per_line ? ([] as (number | null)[]) : undefined;
      const { log10Prob: logProb, tokens } = scorer.score(
        doc.text,
        lines && ((lp, n) => void lines.push(n > 0 ? perplexity(lp, n) : null)),
      );
      const ppl = tokens > 0 ? perplexity(logProb, tokens) : null;
      const lang = doc.metadata[cfg.lang_key];
      const cutoffs = typeof lang === "string" ? cfg.buckets[lang] : undefined;
      doc.metadata.perplexity = ppl;
      doc.metadata.ppl_bucket = ppl !== null && cutoffs ? bucketOf(ppl, cutoffs) : null;
      if (lines) doc.metadata.line_perplexity = lines;
      if (signals) signals.perplexity = ppl;
      if (ppl === null) return undefined;
      env.observe("perplexity", ppl);
      if (cfg.max_perplexity !== undefined && ppl > cfg.max_perplexity) return { reason: "too_perplexing", value: ppl };
      return undefined;
    };
  },
});
