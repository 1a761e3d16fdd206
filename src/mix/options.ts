import { z } from "zod";
import { byteSize } from "../io/bytes.js";
import { ENCODINGS, PACK_REMAINDERS, TOKEN_DTYPES, TOKEN_FORMATS } from "../tokenize/options.js";
import { parseCount } from "./count-format.js";

/** A token count: a number or `140B`, `2.5M`. */
const tokenCount = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseCount(v);
  if (n === undefined || n < 1) {
    ctx.addIssue({ code: "custom", message: `expected a token count such as 2000000, 2M or 140B, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return Math.floor(n);
});

const token = z.union([z.int().min(0), z.string().min(1)]);

export const mixSource = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected a name of letters, digits, _ . -").describe("Name in proportions, reports and metadata.mix.source."),
    run: z.string().min(1).optional().describe("A winnow run directory: its output/ is the source, its run.json goes into the datasheet."),
    files: z.array(z.string().min(1)).min(1).optional().describe("Files, folders or globs of JSONL/Parquet documents (relative to the mix file)."),
    text_key: z.string().min(1).default("text"),
    id_key: z.string().min(1).default("id"),
    group: z.string().min(1).optional().describe("Temperature sampling: the language or domain this source belongs to (default: its name)."),
  })
  .strict()
  .refine((s) => (s.run === undefined) !== (s.files === undefined), { message: "give run or files (one of them)", path: ["run"] });

export const mixTokens = z
  .object({
    format: z.enum(TOKEN_FORMATS).default("nanogpt"),
    dtype: z.enum(TOKEN_DTYPES).default("auto"),
    append_eos: z.boolean().default(true),
    eos: token.optional(),
    bos: token.optional(),
    pack_length: z.int().min(2).optional().describe("Pack the shuffled documents into sequences of this many tokens."),
    pack_remainder: z.enum(PACK_REMAINDERS).default("drop"),
    max_file_bytes: byteSize.default(1e9),
  })
  .strict();

export const mixSchema = z
  .object({
    seed: z.int().default(0).describe("Seed of the selection and of the shuffle (functions of seed, source and document id)."),
    tokenizer: z.string().min(1).default("cl100k_base").describe(`Counts tokens: ${ENCODINGS.join(" | ")} or a Hugging Face tokenizer.json path.`),
    sources: z.array(mixSource).min(1),
    proportions: z.record(z.string(), z.number().nonnegative()).optional().describe("Share of total_tokens per source name, in tokens; must sum to 1."),
    temperature: z
      .object({ alpha: z.number().positive().max(1).describe("p ∝ n^alpha over groups; 1 = natural sizes, smaller flattens.") })
      .strict()
      .optional(),
    total_tokens: tokenCount.optional().describe("Token budget; default: the largest mix that repeats no source."),
    max_epochs: z.number().positive().default(4).describe("Most times a source is repeated (Muennighoff et al. 2023: up to ~4 epochs cost little)."),
    cache_dir: z.string().min(1).default(".winnow-cache/mix").describe("Token counts per source file, reused while the file and tokenizer are unchanged."),
    bucket_bytes: byteSize.default(64e6).describe("Shuffle buckets are about this size: the memory the shuffle needs."),
    output: z
      .object({
        dir: z.string().min(1),
        format: z.literal("jsonl.zst").default("jsonl.zst"),
        max_file_bytes: byteSize.default(1e9),
        tokens: mixTokens.optional().describe("Also write the shuffled mix as token files (nanoGPT, Megatron or datatrove)."),
      })
      .strict(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const names = new Set<string>();
    m.sources.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: "custom", path: ["sources", i, "name"], message: `duplicate source name "${s.name}"` });
      names.add(s.name);
    });
    if ((m.proportions === undefined) === (m.temperature === undefined)) {
      ctx.addIssue({ code: "custom", path: ["proportions"], message: "give proportions or temperature (one of them)" });
      return;
    }
    if (!m.proportions) return;
    for (const k of Object.keys(m.proportions)) {
      if (!names.has(k)) ctx.addIssue({ code: "custom", path: ["proportions", k], message: `no source named "${k}" (sources: ${[...names].join(", ")})` });
    }
    for (const n of names) if (!(n in m.proportions)) ctx.addIssue({ code: "custom", path: ["proportions"], message: `missing source "${n}"` });
    const sum = Object.values(m.proportions).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) ctx.addIssue({ code: "custom", path: ["proportions"], message: `must sum to 1, sum to ${sum}` });
  });

export type MixConfig = z.output<typeof mixSchema>;
export type MixSource = MixConfig["sources"][number];
