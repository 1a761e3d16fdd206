/**
 * The `.ds.index` of datatrove's `TokenizedFile.close` (datatrove/pipeline/tokens/tokenizer.py):
 * no header, one little-endian u64 per document, the token position where it ends in the
 * `.ds` file (cumulative, EOS included); document d spans [end[d-1] or 0, end[d]).
 */
export function datatroveIndex(lengths: readonly number[]): Uint8Array {
  const out = Buffer.alloc(lengths.length * 8);
  let end = 0;
  let o = 0;
  for (const len of lengths) {
    end += len;
    o = out.writeBigUInt64LE(BigInt(end), o);
  }
  return out;
}
