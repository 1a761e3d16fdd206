import type { TokenDtype } from "./dtype.js";

/** Megatron-LM `_INDEX_HEADER` (megatron/core/datasets/indexed_dataset.py). */
const HEADER = Buffer.from("MMIDIDX\x00\x00", "latin1");

/**
 * Megatron `DType` codes: uint8 1, int8 2, int16 3, int32 4, int64 5, float64 6, float32 7,
 * uint16 8. Megatron has no uint32; its `optimal_dtype` picks int32 for vocabularies of 65500
 * ids or more, and ids below 2^31 have the same bytes in int32 and uint32.
 */
const DTYPE_CODE: Record<TokenDtype, number> = { uint16: 8, uint32: 4 };

/**
 * The `.idx` of an MMapIndexedDataset (Megatron-LM `_IndexWriter.write`), one sequence per
 * document, all little-endian:
 *   "MMIDIDX\0\0" · u64 version = 1 · u8 dtype code · u64 sequence count N ·
 *   u64 document count = N+1 (length of the document-index array) ·
 *   i32[N] sequence lengths in tokens · i64[N] sequence byte offsets in the .bin ·
 *   i64[N+1] document indices 0, 1, …, N (document d is sequences [d, d+1)).
 */
export function megatronIndex(lengths: readonly number[], dtype: TokenDtype): Uint8Array {
  const n = lengths.length;
  const headerBytes = HEADER.length + 8 + 1 + 8 + 8;
  const out = Buffer.alloc(headerBytes + n * 4 + n * 8 + (n + 1) * 8);
  let o = HEADER.copy(out, 0);
  o = out.writeBigUInt64LE(1n, o);
  o = out.writeUInt8(DTYPE_CODE[dtype], o);
  o = out.writeBigUInt64LE(BigInt(n), o);
  o = out.writeBigUInt64LE(BigInt(n + 1), o);
  for (const len of lengths) o = out.writeInt32LE(len, o);
  const itemBytes = dtype === "uint16" ? 2 : 4;
  let pointer = 0;
  for (const len of lengths) {
    o = out.writeBigInt64LE(BigInt(pointer), o);
    pointer += len * itemBytes;
  }
  for (let d = 0; d <= n; d++) o = out.writeBigInt64LE(BigInt(d), o);
  return out;
}
