import { z } from "zod";
import { filePath } from "../config/paths.js";
import { byteSize } from "../io/bytes.js";

export const ENCODINGS = ["cl100k_base", "o200k_base"] as const;
export type EncodingName = (typeof ENCODINGS)[number];

/** Layouts of the token files; see `formats.ts` for the bytes of each. */
export const TOKEN_FORMATS = ["nanogpt", "megatron", "datatrove"] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

export const TOKEN_DTYPES = ["auto", "uint16", "uint32"] as const;

/** What packing does with a task's last sequence when shorter than `pack_length`. */
export const PACK_REMAINDERS = ["drop", "pad", "keep"] as const;

const token = z.union([z.int().min(0), z.string().min(1)]);

export const tokenizeOptions = z
  .object({
    encoding: z.enum(ENCODINGS).optional().describe("OpenAI BPE shipped by gpt-tokenizer (default cl100k_base when no tokenizer is given)."),
    tokenizer: filePath("Hugging Face tokenizer.json (its tokenizer_config.json beside it names EOS/BOS); instead of encoding.").optional(),
    append_eos: z.boolean().default(true).describe("Append EOS after every document."),
    eos: token.optional().describe("EOS token (string or id); default <|endoftext|>, or the tokenizer_config.json eos_token."),
    bos: token.optional().describe("Token (string or id) written before every document, e.g. <|begin_of_text|>; none by default."),
    format: z.enum(TOKEN_FORMATS).default("nanogpt").describe("Token file layout: nanogpt (.bin), megatron (.bin + .idx) or datatrove (.ds + .ds.index)."),
    dtype: z.enum(TOKEN_DTYPES).default("auto").describe("Width of a token id on disk; auto picks uint16 when every id fits."),
    max_file_bytes: byteSize.default(1e9).describe("Start a new token file past this many token bytes (e.g. 1GB)."),
    metadata: z.boolean().default(true).describe("Record the document's token count in metadata.tokens."),
    pack_length: z.int().min(2).optional().describe("Pack: concatenate documents (with their BOS/EOS) and cut into sequences of this many tokens; index entries are sequences."),
    pack_remainder: z.enum(PACK_REMAINDERS).default("drop").describe("Packing: a task's last, shorter sequence is dropped, padded with EOS to pack_length, or kept short."),
    shuffle_buffer: z.int().nonnegative().default(0).describe("Shuffle documents within a task's token files, this many at a time, by hash of (seed, id); 0: input order."),
    count_by: z.array(z.string().min(1)).default(["source", "lang"]).describe("Metadata fields whose values get token counters (tokens:<field>=<value>) in stats."),
  })
  .strict()
  .refine((o) => !(o.encoding && o.tokenizer), { message: "give encoding or tokenizer, not both", path: ["tokenizer"] });

export type TokenizeOptions = z.output<typeof tokenizeOptions>;
