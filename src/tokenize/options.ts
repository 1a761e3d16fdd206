import { z } from "zod";
import { byteSize } from "../io/bytes.js";

export const ENCODINGS = ["cl100k_base", "o200k_base"] as const;
export type EncodingName = (typeof ENCODINGS)[number];

/** Layouts of the token files; see `formats.ts` for the bytes of each. */
export const TOKEN_FORMATS = ["nanogpt", "megatron", "datatrove"] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

export const TOKEN_DTYPES = ["auto", "uint16", "uint32"] as const;

export const tokenizeOptions = z
  .object({
    encoding: z.enum(ENCODINGS).default("cl100k_base").describe("OpenAI BPE shipped by gpt-tokenizer."),
    append_eos: z.boolean().default(true).describe("Append <|endoftext|> after every document."),
    bos: z.int().min(0).optional().describe("Token id written before every document."),
    format: z.enum(TOKEN_FORMATS).default("nanogpt").describe("Token file layout: nanogpt (.bin), megatron (.bin + .idx) or datatrove (.ds + .ds.index)."),
    dtype: z.enum(TOKEN_DTYPES).default("auto").describe("Width of a token id on disk; auto picks uint16 when every id fits."),
    max_file_bytes: byteSize.default(1e9).describe("Start a new token file past this many token bytes (e.g. 1GB)."),
    metadata: z.boolean().default(true).describe("Record the document's token count in metadata.tokens."),
  })
  .strict();

export type TokenizeOptions = z.output<typeof tokenizeOptions>;
