import { ByteRankTable } from "./byte-rank-table.js";
import type { TokenList } from "./token-list.js";

/** No merge: larger than every rank. */
const NONE = 0x7fffffff;

/**
 * tiktoken's byte-pair merge (`_byte_pair_merge` in openai/tiktoken src/lib.rs, as gpt-tokenizer's
 * `bytePairMerge` reimplements it) over a rank table of byte strings: the piece's UTF-8 bytes
 * start as single-byte parts; the adjacent pair whose concatenation has the lowest rank is
 * merged (the leftmost on ties) until no pair is in the table; each part's rank is its id. A
 * piece that is itself a vocabulary entry is that one id, as the libraries check first.
 *
 * Why our own: the cold cost of the cached encoder is the library's merge of pieces it has
 * not seen (a TextDecoder call and a Map lookup per candidate pair, array splices), ~30 µs a
 * piece. Here candidate pairs are byte ranges looked up in a `ByteRankTable`, without strings.
 * Exactness against gpt-tokenizer is tested on real text (`test/tokenize-encoder.test.ts`) and
 * on every document the tokenize benchmark encodes.
 */
export class RankBpe {
  private readonly ranks: ByteRankTable;
  private bytes = new Uint8Array(256);
  private starts = new Int32Array(257);
  private pairRanks = new Int32Array(257);

  /** `vocab[rank]`: the entry's text, or its bytes when not valid UTF-8 (gpt-tokenizer's rank lists). */
  constructor(vocab: readonly (string | readonly number[])[]) {
    this.ranks = new ByteRankTable(vocab);
  }

  /** Appends the ids of the pre-split piece `text[start, end)` to `out`. */
  encode(text: string, start: number, end: number, out: TokenList): void {
    if (this.bytes.length < (end - start) * 3) this.grow((end - start) * 3);
    const n = utf8Into(text, start, end, this.bytes);
    const b = this.bytes;
    const ranks = this.ranks;
    const whole = ranks.get(b, 0, n);
    if (whole >= 0) {
      out.push(whole);
      return;
    }
    const starts = this.starts;
    const pr = this.pairRanks;
    // parts: [starts[i], starts[i+1]); pr[i]: rank of parts i and i+1 merged, NONE if not a token.
    let parts = n;
    for (let i = 0; i <= n; i++) starts[i] = i;
    for (let i = 0; i < parts - 1; i++) pr[i] = this.rankOf(b, starts[i], starts[i + 2]);
    while (parts > 1) {
      let min = NONE;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        if (pr[i] < min) {
          min = pr[i];
          at = i;
        }
      }
      if (at === -1) break;
      // Merge parts at and at+1: drop boundary at+1.
      starts.copyWithin(at + 1, at + 2, parts + 1);
      pr.copyWithin(at + 1, at + 2, parts - 1);
      parts--;
      if (at < parts - 1) pr[at] = this.rankOf(b, starts[at], starts[at + 2]);
      if (at > 0) pr[at - 1] = this.rankOf(b, starts[at - 1], starts[at + 1]);
    }
    for (let i = 0; i < parts; i++) {
      const r = ranks.get(b, starts[i], starts[i + 1]);
      if (r < 0) throw new Error(`byte sequence without a rank in ${JSON.stringify(text.slice(start, end))}`);
      out.push(r);
    }
  }

  private rankOf(b: Uint8Array, from: number, to: number): number {
    const r = this.ranks.get(b, from, to);
    return r < 0 ? NONE : r;
  }

  private grow(size: number): void {
    this.bytes = new Uint8Array(size);
    this.starts = new Int32Array(size + 1);
    this.pairRanks = new Int32Array(size + 1);
  }
}

/**
 * UTF-8 bytes of `text[start, end)` into `out` (room for 3 bytes per code unit), as
 * `TextEncoder` encodes the slice: a lone surrogate becomes U+FFFD. Returns the byte count.
 */
function utf8Into(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if ((c & 0xf800) === 0xd800) {
        const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && (d & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 0x3f);
          out[n++] = 0x80 | ((c >> 6) & 0x3f);
          out[n++] = 0x80 | (c & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}
