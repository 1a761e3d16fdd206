import type { BinaryReader } from "./binary-reader.js";

/** Centroids per sub-quantizer: codes are one byte (`ProductQuantizer::nbits_ = 8`). */
const KSUB = 256;

/**
 * fastText's product quantizer (src/productquantizer.cc): a vector of `dim` floats is cut
 * into `nsubq` sub-vectors of `dsub` floats (the last one `lastdsub`), each stored as the
 * byte index of its nearest centroid.
 */
export class ProductQuantizer {
  private constructor(
    readonly dim: number,
    private readonly nsubq: number,
    private readonly dsub: number,
    private readonly lastdsub: number,
    private readonly centroids: Float32Array,
  ) {}

  /** `ProductQuantizer::save`: int32 dim, nsubq, dsub, lastdsub, then dim × 256 floats. */
  static read(r: BinaryReader): ProductQuantizer {
    const dim = r.int32();
    const nsubq = r.int32();
    const dsub = r.int32();
    const lastdsub = r.int32();
    if (nsubq <= 0 || dsub <= 0 || (nsubq - 1) * dsub + lastdsub !== dim) r.fail("inconsistent product quantizer");
    return new ProductQuantizer(dim, nsubq, dsub, lastdsub, r.float32Array(dim * KSUB));
  }

  /** Codes per vector. */
  get codeLength(): number {
    return this.nsubq;
  }

  /** First centroid value of code `c` in a one-dimensional quantizer (the norms' `npq_`). */
  scalar(c: number): number {
    return this.centroids[c];
  }

  /**
   * Offset of centroid `c` of sub-quantizer `m` (`get_centroids`): the last sub-quantizer
   * stores its centroids with stride `lastdsub`.
   */
  private centroid(m: number, c: number): number {
    return m === this.nsubq - 1 ? m * KSUB * this.dsub + c * this.lastdsub : (m * KSUB + c) * this.dsub;
  }

  /** out += alpha · decode(codes[at…]) (`addcode`). */
  addCode(out: Float32Array, codes: Uint8Array, at: number, alpha: number): void {
    const { nsubq, dsub, centroids } = this;
    for (let m = 0; m < nsubq; m++) {
      const c = this.centroid(m, codes[at + m]);
      const d = m === nsubq - 1 ? this.lastdsub : dsub;
      const base = m * dsub;
      for (let n = 0; n < d; n++) out[base + n] += Math.fround(alpha * centroids[c + n]);
    }
  }

  /** alpha · (vec · decode(codes[at…])) (`mulcode`). */
  mulCode(vec: Float32Array, codes: Uint8Array, at: number, alpha: number): number {
    const { nsubq, dsub, centroids } = this;
    let res = 0;
    for (let m = 0; m < nsubq; m++) {
      const c = this.centroid(m, codes[at + m]);
      const d = m === nsubq - 1 ? this.lastdsub : dsub;
      const base = m * dsub;
      for (let n = 0; n < d; n++) res = Math.fround(res + Math.fround(vec[base + n] * centroids[c + n]));
    }
    return Math.fround(res * alpha);
  }
}
