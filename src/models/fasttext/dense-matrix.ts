import type { BinaryReader } from "./binary-reader.js";
import type { Matrix } from "./matrix.js";
import { WasmRowSum } from "./wasm-kernel.js";

const SMALL_MATRIX_FLOATS = 1 << 20;

/**
 * Row-major float32 matrix (`DenseMatrix::save`: int64 rows, int64 cols, then the floats).
 * The first sum of rows moves it into WebAssembly memory, where rows add four floats at a
 * time (the input matrix's row sums are most of inference); without WebAssembly SIMD, or
 * for matrices over 2 GiB, JavaScript does the same float32 additions.
 */
export class DenseMatrix implements Matrix {
  private kernel: WasmRowSum | null | undefined;

  constructor(
    readonly rows: number,
    readonly cols: number,
    private data: Float32Array,
    /** false: sum rows in JavaScript (what happens without WebAssembly SIMD). */
    wasm = true,
  ) {
    if (!wasm) this.kernel = null;
  }

  static read(r: BinaryReader): DenseMatrix {
    const rows = r.int64();
    const cols = r.int64();
    const data = r.float32Array(rows * cols);
    // A small matrix (the output layer) gets its own copy: a view would keep the whole file's
    // buffer alive after the input matrix has moved to WebAssembly memory.
    return new DenseMatrix(rows, cols, data.length <= SMALL_MATRIX_FLOATS ? data.slice() : data);
  }

  sumRows(ids: Int32Array, n: number, out: Float32Array): void {
    if (this.kernel === undefined) {
      this.kernel = WasmRowSum.create(this.data, this.rows, this.cols);
      // The kernel holds its own copy: let the file's buffer go.
      if (this.kernel) this.data = new Float32Array(0);
    }
    if (this.kernel) return this.kernel.sumRows(ids, n, out);
    const { data, cols } = this;
    for (let r = 0; r < n; r++) {
      for (let j = 0, at = ids[r] * cols; j < cols; j++, at++) out[j] += data[at];
    }
  }

  dotRow(vec: Float32Array, i: number): number {
    if (this.kernel) return this.kernel.dotRow(vec, i);
    const { data, cols } = this;
    let d = 0;
    for (let j = 0, at = i * cols; j < cols; j++, at++) d = Math.fround(d + Math.fround(data[at] * vec[j]));
    return d;
  }
}
