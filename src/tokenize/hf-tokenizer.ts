import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { UserError } from "../core/errors.js";
import type { DocEncoder } from "./doc-encoder.js";
import type { TokenList } from "./token-list.js";

const loaded = new Map<string, DocEncoder>();

/**
 * A Hugging Face `tokenizer.json` (BPE byte-level as GPT-2/Llama-3/Qwen, SentencePiece-style BPE
 * with byte fallback as Llama-2/Mistral, and the other models the file format has) through
 * `@huggingface/tokenizers`, the pure-JS port of the Rust `tokenizers` library; its ids are
 * checked against the Rust library itself in `test/tokenize-hf.test.ts`. `tokenizer_config.json`
 * beside the file, when there, names the EOS and BOS tokens. Documents are encoded without the
 * post-processor's template (`add_special_tokens: false`): BOS/EOS are the step's options.
 * Added tokens written in a document (`<|endoftext|>` in Qwen's) are recognized, as the
 * library does.
 */
export function loadHfTokenizer(file: string): DocEncoder {
  let enc = loaded.get(file);
  if (enc) return enc;
  let json: { added_tokens?: { id: number; content: string }[] };
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UserError(`tokenizer ${file}: cannot read a tokenizer.json (${(err as Error).message})`);
  }
  const configFile = join(dirname(file), "tokenizer_config.json");
  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>) : {};
  const tok = new Tokenizer(json, config);
  const vocab = tok.get_vocab(true);
  let maxId = 0;
  for (const id of vocab.values()) maxId = Math.max(maxId, id);
  const named = (k: string): string | undefined => {
    const v = config[k];
    return typeof v === "string" ? v : typeof v === "object" && v !== null && typeof (v as { content?: unknown }).content === "string" ? (v as { content: string }).content : undefined;
  };
  enc = {
    label: file,
    maxId,
    defaultEos: named("eos_token"),
    defaultBos: named("bos_token"),
    tokenId: (token) => tok.token_to_id(token),
    encode(text: string, out: TokenList): void {
      out.pushAll(tok.encode(text, { add_special_tokens: false }).ids);
    },
  };
  loaded.set(file, enc);
  return enc;
}
