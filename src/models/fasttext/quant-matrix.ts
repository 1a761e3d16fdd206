import type { BinaryReader } from "./binary-reader.js";
import { DenseMatrix } from "./dense-matrix.js";
import type { Matrix } from "./matrix.js";
import { ProductQuantizer } from "./product-quantizer.js";

/**
 * A product-quantized matrix (`QuantMatrix`, src/quantmatrix.cc v0.9.2). With `-qnorm`, each
 * row is stored as a unit direction plus its norm, quantized separately by a one-dimensional
 * quantizer; rows are decoded on the fly, never expanded.
 */
export class QuantMatrix implements Matrix {
  private constructor(
    readonly rows: number,
    readonly cols: number,
    private readonly codes: Uint8Array,
    private readonly pq: ProductQuantizer,
    private readonly normCodes: Uint8Array | undefined,
    private readonly npq: ProductQuantizer | undefined,
  ) {}

  /**
   * `QuantMatrix::save`: bool qnorm, int64 rows, int64 cols, int32 codesize, the codes, the
   * quantizer; then with qnorm one norm code per row and the norm quantizer.
   */
  static read(r: BinaryReader): QuantMatrix {
    const qnorm = r.bool();
    const rows = r.int64();
    const cols = r.int64();
    const codes = r.uint8Array(r.int32());
    const pq = ProductQuantizer.read(r);
    if (pq.dim !== cols || codes.length !== rows * pq.codeLength) r.fail("quantized matrix sizes disagree");
    const normCodes = qnorm ? r.uint8Array(rows) : undefined;
    const npq = qnorm ? ProductQuantizer.read(r) : undefined;
    return new QuantMatrix(rows, cols, codes, pq, normCodes, npq);
  }

  private norm(i: number): number {
    return this.npq && this.normCodes ? this.npq.scalar(this.normCodes[i]) : 1;
  }

  /** out += row `i` (`QuantMatrix::addRowToVector`). */
  addRowTo(out: Float32Array, i: number): void {
    this.pq.addCode(out, this.codes, i * this.pq.codeLength, this.norm(i));
  }

  sumRows(ids: Int32Array, n: number, out: Float32Array): void {
    for (let r = 0; r < n; r++) this.addRowTo(out, ids[r]);
  }

  dotRow(vec: Float32Array, i: number): number {
    return this.pq.mulCode(vec, this.codes, i * this.pq.codeLength, this.norm(i));
  }

  /**
   * Every row decoded into a dense float32 matrix. fastText adds `norm * centroid` products
   * computed in float32, which are exactly the values stored here, so sums are unchanged.
   */
  decode(): DenseMatrix {
    const { rows, cols } = this;
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) this.addRowTo(data.subarray(i * cols, (i + 1) * cols), i);
    return new DenseMatrix(rows, cols, data);
  }
}
