import type { BinaryReader } from "./binary-reader.js";
import { DenseMatrix } from "./dense-matrix.js";
import { QuantMatrix } from "./quant-matrix.js";

/**
 * The two operations prediction needs from fastText's input and output matrices, in
 * float32 arithmetic as fastText's `real`. Float64 would be as fast and closer to the
 * exact values, but fastText's rounding decides its near-ties and what falls under a
 * threshold, so we round as it does. (Each float32 operation is emulated exactly: a
 * float64 sum or product of two float32s, rounded once to float32, is the float32 result.)
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** out += rows `ids[0, n)` one after the other (`Model::computeHidden`'s `addRowToVector` calls). */
  sumRows(ids: Int32Array, n: number, out: Float32Array): void;
  /** row `i` · vec (`Matrix::dotRow`). */
  dotRow(vec: Float32Array, i: number): number;
}

/**
 * Quantized matrices up to this size once decoded are decoded at load: a dense row adds
 * several times faster than a product-quantized one (lid.176.ftz: 3.2 MB, 5 ms).
 */
const DECODE_LIMIT_BYTES = 32 << 20;

/** Reads a `DenseMatrix` or, for quantized models, a `QuantMatrix` (src/fasttext.cc `loadModel`). */
export function readMatrix(r: BinaryReader, quantized: boolean): Matrix {
  if (!quantized) return DenseMatrix.read(r);
  const q = QuantMatrix.read(r);
  return q.rows * q.cols * 4 <= DECODE_LIMIT_BYTES ? q.decode() : q;
}
