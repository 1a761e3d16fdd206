import type { GptEncoding } from "gpt-tokenizer/GptEncoding";
import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import * as specialTokens from "gpt-tokenizer/specialTokens";
import { cl100kPieceEnd, o200kPieceEnd } from "./ascii-split.js";
import type { DocEncoder } from "./doc-encoder.js";
import type { EncodingName } from "./options.js";
import { PieceEncoder } from "./piece-encoder.js";
import { PieceTable } from "./piece-table.js";
import { RankBpe } from "./rank-bpe.js";

/** What the tokenizer needs from a BPE: its pre-split regex, a reference encoder, and EOS. */
export interface Encoding {
  readonly name: EncodingName;
  /** The library's own split regex, so that cached pieces split exactly as it does. */
  readonly splitRegex: RegExp;
  /** Reference encoding of a text with special-token strings treated as ordinary text. */
  encodeOrdinary(text: string): number[];
  /**
   * Where the split regex's match at `pos` ends, when a scanner can tell without the regex
   * (`ascii-split.ts`), else -1: the regex is only run where this answers -1.
   */
  pieceEnd?(text: string, pos: number): number;
  decode(ids: Iterable<number>): string;
  /**
   * The largest id the encoding has, special tokens included: 100276 in cl100k_base, whose
   * ids have holes (gpt-tokenizer's `vocabularySize`, 100264, counts ids, not the range).
   */
  readonly maxId: number;
  /** `<|endoftext|>`: 100257 in cl100k_base, 199999 in o200k_base. */
  readonly eos: number;
}

// An empty disallowed set turns off gpt-tokenizer's default (throw on any special-token string)
// without allowing any: "<|endoftext|>" inside a document is encoded as the text it is.
const ORDINARY = { disallowedSpecial: new Set<string>() };

const LOADERS: Record<EncodingName, () => Promise<{ default: GptEncoding }>> = {
  cl100k_base: () => import("gpt-tokenizer/encoding/cl100k_base"),
  o200k_base: () => import("gpt-tokenizer/encoding/o200k_base"),
};

const SPLIT: Record<EncodingName, RegExp> = {
  cl100k_base: CL100K_TOKEN_SPLIT_REGEX,
  o200k_base: O200K_TOKEN_SPLIT_REGEX,
};

const PIECE_END: Record<EncodingName, (text: string, pos: number) => number> = {
  cl100k_base: cl100kPieceEnd,
  o200k_base: o200kPieceEnd,
};

const loaded = new Map<EncodingName, Promise<Encoding>>();

/** Loads an encoding once per thread: its rank table takes 0.2–0.4 s to build. */
export function loadEncoding(name: EncodingName): Promise<Encoding> {
  let p = loaded.get(name);
  if (!p) {
    p = LOADERS[name]().then(({ default: api }) => ({
      name,
      splitRegex: SPLIT[name],
      pieceEnd: PIECE_END[name],
      encodeOrdinary: (text: string) => api.encode(text, ORDINARY),
      decode: (ids: Iterable<number>) => api.decode(ids),
      maxId: maxId(api),
      eos: api.encode(specialTokens.EndOfText, { allowedSpecial: new Set([specialTokens.EndOfText]) })[0],
    }));
    loaded.set(name, p);
  }
  return p;
}

/** Special tokens the encoding lacks encode as text, whose ids are below `vocabularySize`. */
function maxId(api: GptEncoding): number {
  let max = api.vocabularySize - 1;
  for (const token of Object.values(specialTokens)) {
    for (const id of api.encode(token, { allowedSpecial: "all" })) max = Math.max(max, id);
  }
  return max;
}

/** The longest vocabulary entries put in the vocabulary table: as `MAX_CACHED_PIECE`, longer pieces are rare. */
const MAX_VOCAB_PIECE = 64;

const RANKS: Record<EncodingName, () => Promise<{ default: (string | number[])[] }>> = {
  cl100k_base: () => import("gpt-tokenizer/bpeRanks/cl100k_base"),
  o200k_base: () => import("gpt-tokenizer/bpeRanks/o200k_base"),
};

/**
 * Every vocabulary entry that is valid text → its rank (= id), from the rank list gpt-tokenizer
 * builds the encoding from: the same strings its `bytePairStringRankEncoder` maps. Entries that
 * are not valid UTF-8 (byte arrays there) can never be a whole piece of text and are left out.
 */
export async function vocabTable(name: EncodingName): Promise<PieceTable> {
  const { default: ranks } = await RANKS[name]();
  const strings: [string, number][] = [];
  ranks.forEach((v, rank) => {
    if (typeof v === "string" && v.length > 0 && v.length <= MAX_VOCAB_PIECE) strings.push([v, rank]);
  });
  const table = new PieceTable(strings.length);
  const id = new Int32Array(1);
  for (const [piece, rank] of strings) {
    id[0] = rank;
    table.add(piece, 0, piece.length, PieceTable.hash(piece, 0, piece.length), id);
  }
  return table;
}

/**
 * The cached encoder of an OpenAI encoding: the library's split regex, the vocabulary table in
 * front, the piece cache, and our merge (`rank-bpe.ts`) for the pieces neither holds.
 */
export async function openAiPieceEncoder(name: EncodingName, maxEntries?: number): Promise<PieceEncoder> {
  const enc = await loadEncoding(name);
  const bpe = new RankBpe((await RANKS[name]()).default);
  const misses = { splitRegex: enc.splitRegex, pieceEnd: enc.pieceEnd, encodeOrdinary: enc.encodeOrdinary, encodePiece: bpe.encode.bind(bpe) };
  return new PieceEncoder(misses, maxEntries, await vocabTable(name));
}

/** An OpenAI encoding as the tokenize step uses it: the cached piece encoder in front of gpt-tokenizer. */
export async function openAiEncoder(name: EncodingName): Promise<DocEncoder> {
  const enc = await loadEncoding(name);
  const { default: api } = await LOADERS[name]();
  const pieces = await openAiPieceEncoder(name);
  const specials = new Set<string>(Object.values(specialTokens));
  return {
    label: name,
    maxId: enc.maxId,
    pieceCache: true,
    defaultEos: specialTokens.EndOfText,
    tokenId(token) {
      if (!specials.has(token)) return undefined;
      const ids = api.encode(token, { allowedSpecial: new Set([token]) });
      return ids.length === 1 ? ids[0] : undefined;
    },
    encode: (text, out) => void pieces.encode(text, out),
  };
}
