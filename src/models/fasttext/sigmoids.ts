import type { Matrix } from "./matrix.js";
import type { OutputLayer } from "./output-layer.js";
import { findKBest, type TopK } from "./top-k.js";

// src/loss.cc: SIGMOID_TABLE_SIZE = 512, MAX_SIGMOID = 8.
const TABLE_SIZE = 512;
const MAX_SIGMOID = 8;

/**
 * fastText's tabulated sigmoid (`Loss::sigmoid`): 513 float32 values over [-8, 8], looked up
 * by truncation. Predictions use the table, not the exact function, so we must too: the
 * steps are up to 0.008 in probability.
 */
const TABLE = Float32Array.from({ length: TABLE_SIZE + 1 }, (_, i) => {
  const x = (i * 2 * MAX_SIGMOID) / TABLE_SIZE - MAX_SIGMOID;
  return 1 / (1 + Math.fround(Math.exp(-x)));
});

function tableSigmoid(x: number): number {
  if (x < -MAX_SIGMOID) return 0;
  if (x > MAX_SIGMOID) return 1;
  // In float32 as in C++; after x + 8, the scaling by 512 / 8 / 2 is exact.
  return TABLE[Math.trunc((Math.fround(x + MAX_SIGMOID) * TABLE_SIZE) / MAX_SIGMOID / 2)];
}

/**
 * `BinaryLogisticLoss::computeOutput` (src/loss.cc), used by `-loss ova` and `-loss ns`: each
 * label scored independently, so probabilities need not sum to one.
 */
export class Sigmoids implements OutputLayer {
  private readonly out: Float32Array;

  constructor(private readonly wo: Matrix) {
    this.out = new Float32Array(wo.rows);
  }

  predict(hidden: Float32Array, threshold: number, top: TopK): void {
    const { out, wo } = this;
    for (let i = 0; i < out.length; i++) out[i] = tableSigmoid(wo.dotRow(hidden, i));
    findKBest(out, threshold, top);
  }
}
