/**
 * The k best (log-probability, label) pairs: fastText's prediction heap (src/loss.cc
 * `findKBest` and `HierarchicalSoftmaxLoss::dfs`, v0.9.2). Equal probabilities are common
 * (one-vs-all sigmoids saturate at 0 and 1), and fastText orders them however its
 * `std::push_heap`/`pop_heap`/`sort_heap` leave them, so those are reproduced step for step
 * as GCC's libstdc++ implements them (bits/stl_heap.h), with fastText's comparator
 * `l.first > r.first`: a min-heap whose front is the worst kept score. Scores are rounded
 * to float32, as fastText keeps them, so that its ties are ties here too.
 */
export class TopK {
  readonly scores: Float64Array;
  readonly labels: Int32Array;
  size = 0;
  private k = 0;

  constructor(capacity: number) {
    this.scores = new Float64Array(capacity + 1);
    this.labels = new Int32Array(capacity + 1);
  }

  reset(k: number): void {
    this.k = Math.min(k, this.scores.length - 1);
    this.size = 0;
  }

  /** fastText skips a candidate only when strictly below the front of a full heap. */
  rejects(score: number): boolean {
    return this.size === this.k && score < this.scores[0];
  }

  /** `heap.push_back; push_heap; if (size > k) { pop_heap; pop_back }`. */
  push(score: number, label: number): void {
    this.siftUp(this.size++, 0, score, label);
    if (this.size > this.k) {
      this.size--;
      this.popTo(this.size);
    }
  }

  /** `sort_heap`: best first. */
  sort(): void {
    for (let last = this.size - 1; last > 0; last--) this.popTo(last);
  }

  /** `__pop_heap(first, last, result = last)`: moves the front to `last`, re-heaps [0, last). */
  private popTo(last: number): void {
    const score = this.scores[last];
    const label = this.labels[last];
    this.scores[last] = this.scores[0];
    this.labels[last] = this.labels[0];
    this.adjust(0, last, score, label);
  }

  /** `__push_heap`: `comp(parent, value)` is `parent.score > score`. */
  private siftUp(hole: number, top: number, score: number, label: number): void {
    const { scores, labels } = this;
    let parent = (hole - 1) >> 1;
    while (hole > top && scores[parent] > score) {
      scores[hole] = scores[parent];
      labels[hole] = labels[parent];
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    scores[hole] = score;
    labels[hole] = label;
  }

  /** `__adjust_heap(first, hole, len, value)`. */
  private adjust(hole: number, len: number, score: number, label: number): void {
    const { scores, labels } = this;
    const top = hole;
    let child = hole;
    while (child < (len - 1) >> 1) {
      child = 2 * (child + 1);
      if (scores[child] > scores[child - 1]) child--;
      scores[hole] = scores[child];
      labels[hole] = labels[child];
      hole = child;
    }
    if ((len & 1) === 0 && child === (len - 2) >> 1) {
      child = 2 * (child + 1);
      scores[hole] = scores[child - 1];
      labels[hole] = labels[child - 1];
      hole = child - 1;
    }
    this.siftUp(hole, top, score, label);
  }
}

/**
 * `std_log` (src/loss.cc), a float: fastText reports exp(log(p + 1e-5)), so every score
 * carries this offset.
 */
export function stdLog(p: number): number {
  return Math.fround(Math.log(Math.fround(p) + 1e-5));
}

/** `Loss::findKBest`: keep outputs ≥ threshold, the best k by log-probability. */
export function findKBest(output: Float32Array, threshold: number, top: TopK): void {
  for (let i = 0; i < output.length; i++) {
    if (output[i] < threshold) continue;
    const score = stdLog(output[i]);
    if (top.rejects(score)) continue;
    top.push(score, i);
  }
  top.sort();
}
