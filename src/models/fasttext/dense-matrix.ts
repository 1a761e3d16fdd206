import type { BinaryReader } from "./binary-reader.js";
import type { Matrix } from "./matrix.js";

/** Row-major float32 matrix (`DenseMatrix::save`: int64 rows, int64 cols, then the floats). */
export class DenseMatrix implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    private readonly data: Float32Array,
  ) {}

  static read(r: BinaryReader): DenseMatrix {
    const rows = r.int64();
    const cols = r.int64();
    return new DenseMatrix(rows, cols, r.float32Array(rows * cols));
  }

  addRowTo(out: Float32Array, i: number): void {
    const { data, cols } = this;
    for (let j = 0, at = i * cols; j < cols; j++, at++) out[j] += data[at];
  }

  dotRow(vec: Float32Array, i: number): number {
    const { data, cols } = this;
    let d = 0;
    for (let j = 0, at = i * cols; j < cols; j++, at++) d = Math.fround(d + Math.fround(data[at] * vec[j]));
    return d;
  }
}
