import type { Matrix } from "./matrix.js";
import type { OutputLayer } from "./output-layer.js";
import { stdLog, type TopK } from "./top-k.js";

/**
 * `HierarchicalSoftmaxLoss` (src/loss.cc v0.9.2): labels are the leaves of a Huffman tree
 * built from their training counts; each inner node is a sigmoid over an output row, and a
 * label's log-probability is the sum along its path. Prediction is a depth-first search
 * that prunes branches already below the threshold or the current k-th best.
 */
export class HierarchicalSoftmax implements OutputLayer {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly osz: number;
  private minScore = 0;
  private hidden: Float32Array = new Float32Array(0);
  private top!: TopK;

  constructor(
    private readonly wo: Matrix,
    counts: number[],
  ) {
    const osz = counts.length;
    if (osz === 0) throw new Error("fastText model has no labels");
    this.osz = osz;
    // buildTree: leaves 0..osz-1 hold the counts, sorted descending by the dictionary; inner
    // nodes osz..2·osz-2 are created in order by merging the two smallest of the remaining
    // leaves (taken from the end) and inner nodes (taken from the start).
    const n = 2 * osz - 1;
    const count = new Float64Array(n).fill(1e15);
    this.left = new Int32Array(n).fill(-1);
    this.right = new Int32Array(n).fill(-1);
    for (let i = 0; i < osz; i++) count[i] = counts[i];
    let leaf = osz - 1;
    let node = osz;
    for (let i = osz; i < n; i++) {
      const mini = [0, 0];
      for (let j = 0; j < 2; j++) mini[j] = leaf >= 0 && count[leaf] < count[node] ? leaf-- : node++;
      this.left[i] = mini[0];
      this.right[i] = mini[1];
      count[i] = count[mini[0]] + count[mini[1]];
    }
  }

  predict(hidden: Float32Array, threshold: number, top: TopK): void {
    this.hidden = hidden;
    this.top = top;
    this.minScore = stdLog(threshold);
    this.dfs(2 * this.osz - 2, 0);
    top.sort();
  }

  private dfs(node: number, score: number): void {
    if (score < this.minScore || this.top.rejects(score)) return;
    if (this.left[node] === -1 && this.right[node] === -1) {
      this.top.push(score, node);
      return;
    }
    // `f = 1. / (1 + std::exp(-f))` with f a float: expf, a float sum, a double quotient.
    const e = Math.fround(Math.exp(-this.wo.dotRow(this.hidden, node - this.osz)));
    const f = Math.fround(1 / Math.fround(1 + e));
    this.dfs(this.left[node], Math.fround(score + stdLog(1 - f)));
    this.dfs(this.right[node], Math.fround(score + stdLog(f)));
  }
}
