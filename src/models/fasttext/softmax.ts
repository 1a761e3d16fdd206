import type { Matrix } from "./matrix.js";
import type { OutputLayer } from "./output-layer.js";
import { findKBest, type TopK } from "./top-k.js";

/** `SoftmaxLoss::computeOutput` (src/loss.cc): softmax over output-row dot products. */
export class Softmax implements OutputLayer {
  private readonly out: Float32Array;

  constructor(private readonly wo: Matrix) {
    this.out = new Float32Array(wo.rows);
  }

  predict(hidden: Float32Array, threshold: number, top: TopK): void {
    const { out, wo } = this;
    let max = -Infinity;
    for (let i = 0; i < out.length; i++) {
      out[i] = wo.dotRow(hidden, i);
      if (out[i] > max) max = out[i];
    }
    let z = 0;
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.exp(Math.fround(out[i] - max));
      z = Math.fround(z + out[i]);
    }
    for (let i = 0; i < out.length; i++) out[i] /= z;
    findKBest(out, threshold, top);
  }
}
