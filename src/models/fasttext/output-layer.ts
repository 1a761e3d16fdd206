import type { LossName } from "./args.js";
import { HierarchicalSoftmax } from "./hierarchical-softmax.js";
import type { Matrix } from "./matrix.js";
import { Sigmoids } from "./sigmoids.js";
import { Softmax } from "./softmax.js";
import type { TopK } from "./top-k.js";

/** Turns the averaged hidden vector into the k best labels (the `Loss` classes of src/loss.cc). */
export interface OutputLayer {
  /** Fills `top` with (log-probability, label index) for labels of probability ≥ threshold. */
  predict(hidden: Float32Array, threshold: number, top: TopK): void;
}

/**
 * The loss a model was trained with decides how it predicts (src/fasttext.cc `createLoss`):
 * `ns` and `ova` both score each label with an independent sigmoid.
 */
export function createOutputLayer(loss: LossName, output: Matrix, labelCounts: number[]): OutputLayer {
  switch (loss) {
    case "softmax":
      return new Softmax(output);
    case "hs":
      return new HierarchicalSoftmax(output, labelCounts);
    case "ns":
    case "ova":
      return new Sigmoids(output);
  }
}
