import type { TokenList } from "./token-list.js";

/** What the tokenize step needs of a tokenizer, OpenAI encoding or Hugging Face tokenizer.json. */
export interface DocEncoder {
  /** Name in messages. */
  readonly label: string;
  /** The largest id it can produce, special tokens included (sizes the token files' dtype). */
  readonly maxId: number;
  /** Whether a piece cache sits in front of the library (see `piece-encoder.ts`). */
  readonly pieceCache: boolean;
  /** EOS and BOS token strings used when the step names none. */
  readonly defaultEos?: string;
  readonly defaultBos?: string;
  /** The id of a token string (special tokens included), or undefined. */
  tokenId(token: string): number | undefined;
  /** Appends the ids of `text` to `out`. */
  encode(text: string, out: TokenList): void;
}
