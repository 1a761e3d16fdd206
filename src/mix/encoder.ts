import { openAiEncoder } from "../tokenize/encoding.js";
import type { DocEncoder } from "../tokenize/doc-encoder.js";
import { loadHfTokenizer } from "../tokenize/hf-tokenizer.js";
import { ENCODINGS, type EncodingName } from "../tokenize/options.js";

/** The mix's `tokenizer`: an OpenAI encoding by name, or a tokenizer.json path (as the tokenize step). */
export function mixEncoder(tokenizer: string): Promise<DocEncoder> | DocEncoder {
  return (ENCODINGS as readonly string[]).includes(tokenizer) ? openAiEncoder(tokenizer as EncodingName) : loadHfTokenizer(tokenizer);
}
