import type { Encoding } from "./encoding.js";
import { PieceTable } from "./piece-table.js";
import type { TokenList } from "./token-list.js";

/** Longer pieces (long runs of spaces or symbols) are rare: caching them only costs memory. */
const MAX_CACHED_PIECE = 64;

/**
 * Encodes text with a cache of pre-split pieces → ids in front of the library's BPE.
 * gpt-tokenizer spends most of its time outside the regex (matchAll arrays, a string Map
 * lookup per piece, spread pushes); a sticky `test` and an in-place hash lookup per piece
 * leave the regex as the main cost.
 *
 * Exactness: pieces come from the library's own split regex, and a piece encoded alone splits
 * into itself (its alternatives that look ahead, `\s+$` and `\s+(?!\S)`, only ever match a
 * whole all-whitespace piece), so the ids equal the library's on the whole text;
 * `test/tokenize-encoder.test.ts` checks this on real text.
 */
export class PieceEncoder {
  private readonly split: RegExp;
  private readonly cache: PieceTable;

  constructor(
    /** The split regex and the reference encoder; `encodePiece`, when given, appends the ids of a missed piece `text[start, end)`. */
    private readonly enc: Pick<Encoding, "splitRegex" | "encodeOrdinary" | "pieceEnd"> & { encodePiece?(text: string, start: number, end: number, out: TokenList): void },
    /** Bound on cached pieces; the cache is emptied when full, so memory stays bounded. */
    maxEntries = 1 << 18,
    /**
     * Pieces that are whole vocabulary entries → their id, probed first and never emptied. The
     * library encodes such a piece as that single id without merging (gpt-tokenizer's
     * `encodeNative`: `getBpeRankFromString(match)` before `bytePairEncode`), so a table built from
     * its own rank list (`vocabTable` in encoding.ts) answers as it would, from the first document:
     * only pieces outside the vocabulary are cold misses.
     */
    private readonly vocab?: PieceTable,
  ) {
    this.cache = new PieceTable(maxEntries);
    // Sticky: each piece must start where the last ended, so a gap is detected, not skipped.
    this.split = new RegExp(enc.splitRegex.source, "uy");
  }

  /** Pieces cached now: how warm the cache is. */
  get cached(): number {
    return this.cache.size;
  }

  /** Appends the ids of `text` to `out`; returns how many were appended. */
  encode(text: string, out: TokenList): number {
    const start = out.length;
    const { split, vocab, cache } = this;
    const pieceEnd = this.enc.pieceEnd;
    let pos = 0;
    while (pos < text.length) {
      let end = pieceEnd ? pieceEnd(text, pos) : -1;
      if (end < 0) {
        split.lastIndex = pos;
        if (!split.test(text)) break;
        end = split.lastIndex;
      }
      const hash = PieceTable.hash(text, pos, end);
      const inVocab = vocab ? vocab.find(text, pos, end, hash) : -1;
      if (inVocab >= 0) vocab!.pushIds(inVocab, out);
      else {
        const cached = cache.find(text, pos, end, hash);
        if (cached >= 0) cache.pushIds(cached, out);
        else this.miss(text, pos, end, hash, out);
      }
      pos = end;
    }
    if (pos < text.length) {
      // The split regexes cover every character, so this is unreachable with the shipped
      // encodings; falling back keeps the ids exact should a future regex leave gaps.
      out.truncate(start);
      out.pushAll(this.enc.encodeOrdinary(text));
    }
    return out.length - start;
  }

  private miss(text: string, start: number, end: number, hash: number, out: TokenList): void {
    const from = out.length;
    if (this.enc.encodePiece) this.enc.encodePiece(text, start, end, out);
    else out.pushAll(this.enc.encodeOrdinary(text.slice(start, end)));
    if (end - start <= MAX_CACHED_PIECE) this.cache.add(text, start, end, hash, out.ids, from, out.length);
  }
}
