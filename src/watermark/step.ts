import { z } from "zod";
import { filePath } from "../config/paths.js";
import { UserError } from "../core/errors.js";
import { defineFilter } from "../core/filter.js";
import type { DocEncoder } from "../tokenize/doc-encoder.js";
import { openAiEncoder } from "../tokenize/encoding.js";
import { loadHfTokenizer } from "../tokenize/hf-tokenizer.js";
import { ENCODINGS } from "../tokenize/options.js";
import { TokenList } from "../tokenize/token-list.js";
import { DEFAULT_WATERMARK_KEY } from "./green-list.js";
import { WatermarkScorer } from "./score.js";

const options = z
  .object({
    encoding: z.enum(ENCODINGS).optional().describe("Tokenizer of the watermarked model: an OpenAI BPE (default cl100k_base when no tokenizer is given)."),
    tokenizer: filePath("Hugging Face tokenizer.json of the watermarked model; instead of encoding.").optional(),
    key: z.int().min(0).max(0xffffffff).default(DEFAULT_WATERMARK_KEY).describe("Watermark key (the reference implementation's hash_key by default)."),
    gamma: z.number().gt(0).lt(1).default(0.25).describe("Green-list fraction γ (the paper's default 0.25)."),
    context_width: z.int().min(1).max(8).default(1).describe("Previous tokens that seed the green list: 1 = LeftHash; more = Additive-LeftHash (sum of ids)."),
    ignore_repeated: z.boolean().default(true).describe("Score each (context, token) pair once, so repeated phrases do not inflate z (Kirchenbauer et al. 2023b)."),
    threshold: z.number().default(4).describe("Drop (or mark) documents with z ≥ this (the paper's z = 4: one-sided false-positive rate 3·10⁻⁵)."),
    min_tokens: z.int().min(1).default(16).describe("Decide only with at least this many scored tokens; shorter documents get their z and are kept."),
  })
  .strict()
  .refine((o) => !(o.encoding && o.tokenizer), { message: "give encoding or tokenizer, not both", path: ["tokenizer"] });

/**
 * Detects green-list watermarked text (Kirchenbauer et al. 2023): tokenizes the text with the
 * model's tokenizer, counts green tokens G among T scored tokens with the scheme of
 * `green-list.ts`, and writes `metadata.watermark_z` (null when nothing was scored) and
 * `metadata.watermark_tokens` (T). Documents with z ≥ threshold and T ≥ min_tokens are
 * removed as `watermarked` (or, in annotate mode, marked and kept).
 */
export const watermarkFilter = defineFilter({
  name: "watermark",
  summary: "Detect green-list watermarked text (Kirchenbauer et al. 2023) for a tokenizer, key and γ; write the z-score and drop z ≥ threshold.",
  schema: options,
  reasons: ["watermarked"],
  async create(cfg, env) {
    let enc: DocEncoder;
    try {
      enc = cfg.tokenizer ? await loadHfTokenizer(cfg.tokenizer) : await openAiEncoder(cfg.encoding ?? "cl100k_base");
    } catch (err) {
      throw new UserError(`${env.step}.tokenizer: ${(err as Error).message}`);
    }
    const scorer = new WatermarkScorer({ key: cfg.key, gamma: cfg.gamma, contextWidth: cfg.context_width, ignoreRepeated: cfg.ignore_repeated });
    const ids = new TokenList();
    return function watermarkOf(doc, signals) {
      ids.clear();
      enc.encode(doc.text, ids);
      const s = scorer.score(ids.ids, ids.length);
      doc.metadata.watermark_z = s.z;
      doc.metadata.watermark_tokens = s.tokens;
      if (signals) Object.assign(signals, s);
      if (s.z === null) return undefined;
      env.observe("watermark_z", s.z);
      return s.z >= cfg.threshold && s.tokens >= cfg.min_tokens ? { reason: "watermarked", value: s.z } : undefined;
    };
  },
});
