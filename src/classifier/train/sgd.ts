import type { Examples } from "./examples.js";
import type { TrainLoss } from "./options.js";

/** mulberry32: small, fast and seeded, so a seed gives the same model on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** out += m[at, at + dim), unrolled by 4: the hottest loop of training, with `addToRow`. */
function addRow(out: Float64Array, m: Float32Array, at: number, dim: number): void {
  let j = 0;
  for (; j + 3 < dim; j += 4, at += 4) {
    out[j] += m[at];
    out[j + 1] += m[at + 1];
    out[j + 2] += m[at + 2];
    out[j + 3] += m[at + 3];
  }
  for (; j < dim; j++, at++) out[j] += m[at];
}

/** m[at, at + dim) += v, unrolled by 4. */
function addToRow(m: Float32Array, at: number, v: Float64Array, dim: number): void {
  let j = 0;
  for (; j + 3 < dim; j += 4, at += 4) {
    m[at] += v[j];
    m[at + 1] += v[j + 1];
    m[at + 2] += v[j + 2];
    m[at + 3] += v[j + 3];
  }
  for (; j < dim; j++, at++) m[at] += v[j];
}

/** The two matrices a supervised fastText model stores: input (words + buckets) and output (labels). */
export interface Weights {
  dim: number;
  input: Float32Array;
  inputRows: number;
  output: Float32Array;
  outputRows: number;
}

export interface SgdSettings {
  loss: TrainLoss;
  lr: number;
  epoch: number;
  lrUpdateRate: number;
  /** `Dictionary::ntokens_`: the learning rate decays over epoch × ntokens tokens. */
  ntokens: number;
  /** Label training counts in label order, for the hierarchical-softmax tree. */
  labelCounts: readonly number[];
}

/**
 * Huffman paths of each label (`HierarchicalSoftmaxLoss::buildTree`, src/loss.cc v0.9.2):
 * leaves are the labels by descending count, each inner node merges the two smallest; a
 * label's path lists the inner nodes (as output rows) from leaf to root, with code 1 for a
 * right child. The inference engine builds the same tree from the stored counts.
 */
function huffmanPaths(counts: readonly number[]): { paths: Int32Array[]; codes: Uint8Array[] } {
  const osz = counts.length;
  const n = 2 * osz - 1;
  const count = new Float64Array(n).fill(1e15);
  const parent = new Int32Array(n).fill(-1);
  const binary = new Uint8Array(n);
  for (let i = 0; i < osz; i++) count[i] = counts[i];
  let leaf = osz - 1;
  let node = osz;
  for (let i = osz; i < n; i++) {
    const mini = [0, 0];
    for (let j = 0; j < 2; j++) mini[j] = leaf >= 0 && count[leaf] < count[node] ? leaf-- : node++;
    count[i] = count[mini[0]] + count[mini[1]];
    parent[mini[0]] = i;
    parent[mini[1]] = i;
    binary[mini[1]] = 1;
  }
  const paths: Int32Array[] = [];
  const codes: Uint8Array[] = [];
  for (let i = 0; i < osz; i++) {
    const p: number[] = [];
    const c: number[] = [];
    for (let j = i; parent[j] !== -1; j = parent[j]) {
      p.push(parent[j] - osz);
      c.push(binary[j]);
    }
    paths.push(Int32Array.from(p));
    codes.push(Uint8Array.from(c));
  }
  return { paths, codes };
}

/**
 * Supervised SGD as fastText's single-thread `trainThread` + `Model::update` (src/fasttext.cc,
 * src/model.cc, src/loss.cc v0.9.2): lines are read in order, cycling, until epoch × ntokens
 * tokens were read; the learning rate falls linearly to 0 with the tokens read, refreshed
 * every `lrUpdateRate` tokens. Per line: the hidden vector is the mean of its input rows;
 * softmax (or one target's hierarchical-softmax path) or one binary logistic per label
 * (ova) updates the output rows and accumulates the gradient, which, divided by the number
 * of rows, is added to every input row. softmax and hs train on one of a line's labels,
 * drawn at random; ova on all of them.
 *
 * One thread, in file order, with a seeded generator: the same data, options and seed give
 * the same model bit for bit. fastText is reproducible only with `-thread 1`: with more,
 * its Hogwild threads race on the shared weights. winnow always trains on one thread and
 * gives up that speedup for reproducibility; its generator (mulberry32, for the initial
 * weights and the label drawn per line) is not fastText's, so models are not identical to
 * fastText's, only alike in quality.
 * Returns the mean loss of the examples seen.
 */
export function trainSgd(ex: Examples, w: Weights, s: SgdSettings, random: () => number): number {
  const { dim, input, output, outputRows } = w;
  const hidden = new Float64Array(dim);
  const grad = new Float64Array(dim);
  const scores = new Float64Array(outputRows);
  const tree = s.loss === "hs" ? huffmanPaths(s.labelCounts) : undefined;
  const total = s.epoch * s.ntokens;
  let tokenCount = 0;
  let local = 0;
  let lossSum = 0;
  let seen = 0;

  // w_o[row] += alpha·hidden and grad += alpha·w_o[row] (old value), one binary logistic.
  const logistic = (row: number, positive: boolean, lr: number): number => {
    const at = row * dim;
    let d = 0;
    for (let j = 0; j < dim; j++) d += output[at + j] * hidden[j];
    const score = 1 / (1 + Math.exp(-d));
    const alpha = lr * ((positive ? 1 : 0) - score);
    for (let j = 0; j < dim; j++) {
      grad[j] += alpha * output[at + j];
      output[at + j] += alpha * hidden[j];
    }
    return -Math.log(Math.max(positive ? score : 1 - score, 1e-5));
  };

  for (let i = 0; tokenCount < total; i = i + 1 === ex.count ? 0 : i + 1) {
    const lr = s.lr * (1 - tokenCount / total);
    local += ex.tokens[i];
    if (local > s.lrUpdateRate) {
      tokenCount += local;
      local = 0;
    }
    const r0 = ex.rowStart[i];
    const r1 = ex.rowStart[i + 1];
    const l0 = ex.labelStart[i];
    const l1 = ex.labelStart[i + 1];
    if (r0 === r1 || l0 === l1) continue;

    hidden.fill(0);
    for (let r = r0; r < r1; r++) addRow(hidden, input, ex.rows[r] * dim, dim);
    const inv = 1 / (r1 - r0);
    for (let j = 0; j < dim; j++) hidden[j] *= inv;
    grad.fill(0);

    let loss = 0;
    if (s.loss === "ova") {
      for (let k = 0; k < outputRows; k++) {
        let positive = false;
        for (let l = l0; l < l1; l++) if (ex.labels[l] === k) positive = true;
        loss += logistic(k, positive, lr);
      }
    } else {
      const target = ex.labels[l0 + Math.floor(random() * (l1 - l0))];
      if (tree) {
        const path = tree.paths[target];
        const code = tree.codes[target];
        for (let p = 0; p < path.length; p++) loss += logistic(path[p], code[p] === 1, lr);
      } else {
        let max = -Infinity;
        for (let k = 0; k < outputRows; k++) {
          const at = k * dim;
          let d = 0;
          for (let j = 0; j < dim; j++) d += output[at + j] * hidden[j];
          scores[k] = d;
          if (d > max) max = d;
        }
        let z = 0;
        for (let k = 0; k < outputRows; k++) z += scores[k] = Math.exp(scores[k] - max);
        for (let k = 0; k < outputRows; k++) {
          scores[k] /= z;
          const alpha = lr * ((k === target ? 1 : 0) - scores[k]);
          const at = k * dim;
          for (let j = 0; j < dim; j++) {
            grad[j] += alpha * output[at + j];
            output[at + j] += alpha * hidden[j];
          }
        }
        loss = -Math.log(Math.max(scores[target], 1e-5));
      }
    }
    lossSum += loss;
    seen++;
    for (let j = 0; j < dim; j++) grad[j] *= inv;
    for (let r = r0; r < r1; r++) addToRow(input, ex.rows[r] * dim, grad, dim);
  }
  return seen === 0 ? 0 : lossSum / seen;
}
