import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { UserError } from "../core/errors.js";
import type { DocEncoder } from "./doc-encoder.js";
import { PieceEncoder } from "./piece-encoder.js";
import type { TokenList } from "./token-list.js";

/** The parts of a tokenizer.json that decide whether pieces can be cached. */
interface TokenizerJson {
  normalizer?: unknown;
  pre_tokenizer?: {
    type?: string;
    use_regex?: boolean;
    add_prefix_space?: boolean;
    pretokenizers?: { type?: string; behavior?: string; invert?: boolean; pattern?: { Regex?: string }; use_regex?: boolean; add_prefix_space?: boolean }[];
  } | null;
  added_tokens?: { id: number; content: string }[];
}

/**
 * The split regex when the tokenizer is "split, then byte-level BPE each piece" with nothing
 * that looks across pieces: no normalizer, and either Split(regex, Isolated) + ByteLevel without
 * its own regex (Llama-3, Qwen2) or ByteLevel with its GPT-2 regex (GPT-2), no prefix space.
 * Then a piece encodes alone as it does in the text (the argument in `piece-encoder.ts`), and
 * pieces can be cached. The regex is the library's translation of the file's Oniguruma pattern
 * (Node 20's RegExp has no `(?i:…)`); undefined: encode whole documents with the library.
 */
function cacheableSplit(json: TokenizerJson, tok: Tokenizer): RegExp | undefined {
  if (json.normalizer != null) return undefined;
  const pt = json.pre_tokenizer;
  const lib = tok.pre_tokenizer as unknown as { pattern?: unknown; tokenizers?: { pattern?: unknown }[] } | null;
  const [split, byteLevel] = pt?.pretokenizers ?? [];
  if (
    pt?.type === "Sequence" && pt.pretokenizers?.length === 2 &&
    split.type === "Split" && split.behavior === "Isolated" && !split.invert && split.pattern?.Regex !== undefined &&
    byteLevel.type === "ByteLevel" && byteLevel.use_regex === false && !byteLevel.add_prefix_space
  ) {
    const re = lib?.tokenizers?.[0]?.pattern;
    return re instanceof RegExp ? re : undefined;
  }
  if (pt?.type === "ByteLevel" && pt.use_regex !== false && !pt.add_prefix_space) return lib?.pattern instanceof RegExp ? lib.pattern : undefined;
  return undefined;
}

/** Matches any added token's text: such documents go to the library whole, which splits them out first. */
function addedTokenRegex(json: TokenizerJson): RegExp | undefined {
  const contents = (json.added_tokens ?? []).map((t) => t.content).filter((c) => c.length > 0);
  if (contents.length === 0) return undefined;
  return new RegExp(contents.sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "u");
}

const loaded = new Map<string, DocEncoder>();

/**
 * A Hugging Face `tokenizer.json` (BPE byte-level as GPT-2/Llama-3/Qwen, SentencePiece-style BPE
 * with byte fallback as Llama-2/Mistral, and the other models the file format has) through
 * `@huggingface/tokenizers`, the pure-JS port of the Rust `tokenizers` library; its ids are
 * checked against the Rust library itself in `test/tokenize-hf.test.ts`. `tokenizer_config.json`
 * beside the file, when there, names the EOS and BOS tokens. Documents are encoded without the
 * post-processor's template (`add_special_tokens: false`): BOS/EOS are the step's options.
 * Added tokens written in a document (`<|endoftext|>` in Qwen's) are recognized, as the
 * library does. For split-then-byte-level tokenizers (`cacheableSplit`), a piece cache sits in
 * front of the library as for the OpenAI encodings.
 */
export function loadHfTokenizer(file: string): DocEncoder {
  let enc = loaded.get(file);
  if (enc) return enc;
  let json: TokenizerJson;
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
  const library = (text: string) => tok.encode(text, { add_special_tokens: false }).ids;
  const split = cacheableSplit(json, tok);
  const added = addedTokenRegex(json);
  const pieces = split ? new PieceEncoder({ splitRegex: split, encodeOrdinary: library }) : undefined;
  enc = {
    label: file,
    maxId,
    pieceCache: pieces !== undefined,
    defaultEos: named("eos_token"),
    defaultBos: named("bos_token"),
    tokenId: (token) => tok.token_to_id(token),
    encode(text: string, out: TokenList): void {
      if (pieces && !added?.test(text)) pieces.encode(text, out);
      else out.pushAll(library(text));
    },
  };
  loaded.set(file, enc);
  return enc;
}
