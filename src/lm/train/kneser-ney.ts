import { type Discounts, FALLBACK_DISCOUNTS, estimateDiscounts } from "./discounts.js";
import { NgramCounts } from "./ngram-counts.js";

export const BOS_ID = 0;
export const EOS_ID = 1;
export const UNK_ID = 2;

/** One order of an estimated model: rows of `counts.k` word ids with log10 prob and backoff. */
export interface EstimatedOrder {
  counts: NgramCounts;
  /** log10 P(w | h) per row (interpolated). −99 for the unigram `<s>`, which is never predicted. */
  log10Prob: Float64Array;
  /** log10 backoff per row, NaN for n-grams that are no context (highest order: all). */
  log10Backoff: Float64Array;
  discounts: Discounts;
  discountFallback: boolean;
}

export interface EstimatedModel {
  words: readonly string[];
  orders: EstimatedOrder[];
  sentences: number;
  tokens: number;
}

/**
 * Interpolated modified Kneser-Ney estimation (Chen & Goodman 1998, §3 and eq. 17–19), as
 * KenLM's lmplz estimates it (Heafield et al. 2013, "Scalable Modified Kneser-Ney Language
 * Model Estimation"):
 *
 * - counts: raw counts at the highest order and for n-grams starting with `<s>` (nothing can
 *   precede them); else the continuation count N1+(• g), the number of distinct left words;
 * - discounts D1, D2, D3+ per order from the count-of-counts of those counts;
 * - P(w | h) = (a(hw) − D(a(hw))) / Σx a(hx) + γ(h) P(w | h′), γ(h) = Σx D(a(hx)) / Σx a(hx),
 *   h′ = h without its first word; unigrams interpolate with the uniform distribution over
 *   the vocabulary (every word but `<s>`, `<unk>` included with count 0);
 * - an ARPA backoff weight of a context h is γ(h), since P(w | h) = γ(h) P(w | h′) for unseen hw.
 *
 * Counts live in `NgramCounts` tables (flat typed arrays): memory grows with the number of
 * distinct n-grams of every order, not with the corpus, and holds no object per n-gram.
 */
export class KneserNeyTrainer {
  private readonly vocab = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly tables: NgramCounts[] = [];
  private buf = new Uint32Array(1024);
  private sentences = 0;
  private tokens = 0;

  constructor(readonly order: number) {
    for (const w of ["<s>", "</s>", "<unk>"]) this.idOf(w);
    for (let k = 1; k <= order; k++) this.tables.push(new NgramCounts(k, k === 1 ? 1 << 12 : 1 << 16));
  }

  get sentenceCount(): number {
    return this.sentences;
  }

  private idOf(word: string): number {
    let id = this.vocab.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.vocab.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  /** Counts the n-grams of `<s> words… </s>`. `words` must be non-empty and free of `<s>`, `</s>`, `<unk>`. */
  addSentence(words: readonly string[]): void {
    const len = words.length + 2;
    if (len > this.buf.length) this.buf = new Uint32Array(len * 2);
    const buf = this.buf;
    buf[0] = BOS_ID;
    for (let i = 0; i < words.length; i++) buf[i + 1] = this.idOf(words[i]);
    buf[len - 1] = EOS_ID;
    for (let k = 1; k <= this.order; k++) {
      const table = this.tables[k - 1];
      for (let start = 0; start + k <= len; start++) table.add(buf, start);
    }
    this.sentences++;
    this.tokens += words.length + 1;
  }

  estimate(fallback: Discounts = FALLBACK_DISCOUNTS): EstimatedModel {
    if (this.sentences === 0) throw new Error("no sentence to train on");
    const n = this.order;
    const uni = this.tables[0];
    uni.add([UNK_ID], 0, 0); // <unk> is in the vocabulary with count 0
    const adjusted = this.adjustedCounts();
    const orders: EstimatedOrder[] = [];
    for (let k = 1; k <= n; k++) {
      const table = this.tables[k - 1];
      const adj = adjusted[k - 1];
      const t = new Float64Array(5);
      for (let r = 0; r < table.size; r++) {
        if (k === 1 && table.rows[r] === BOS_ID) continue;
        const a = adj[r];
        if (a >= 1 && a <= 4) t[a]++;
      }
      const { discounts, fallback: usedFallback } = estimateDiscounts(t, fallback);
      const [d1, d2, d3] = discounts;
      const disc = (a: number) => (a === 0 ? 0 : a === 1 ? d1 : a === 2 ? d2 : d3);
      const prob = new Float64Array(table.size);
      const backoff = new Float64Array(table.size).fill(NaN);
      if (k === 1) {
        // Unigrams: one context, the empty one.
        const bos = table.find([BOS_ID], 0);
        let sum = 0;
        let mass = 0;
        for (let r = 0; r < table.size; r++) {
          if (r === bos) continue;
          sum += adj[r];
          mass += disc(adj[r]);
        }
        const gamma = mass / sum;
        const uniform = 1 / (table.size - 1);
        for (let r = 0; r < table.size; r++) prob[r] = r === bos ? -99 : Math.log10((adj[r] - disc(adj[r])) / sum + gamma * uniform);
      } else {
        const lower = this.tables[k - 2];
        const lowerOrder = orders[k - 2];
        const ctxSum = new Float64Array(lower.size);
        const ctxMass = new Float64Array(lower.size);
        const ctxOf = new Uint32Array(table.size);
        const rows = table.rows;
        for (let r = 0; r < table.size; r++) {
          const c = lower.find(rows, r * k);
          ctxOf[r] = c;
          ctxSum[c] += adj[r];
          ctxMass[c] += disc(adj[r]);
        }
        for (let c = 0; c < lower.size; c++) if (ctxSum[c] > 0) lowerOrder.log10Backoff[c] = Math.log10(ctxMass[c] / ctxSum[c]);
        for (let r = 0; r < table.size; r++) {
          const c = ctxOf[r];
          const suffix = lower.find(rows, r * k + 1);
          const lowerP = 10 ** lowerOrder.log10Prob[suffix];
          prob[r] = Math.log10((adj[r] - disc(adj[r])) / ctxSum[c] + (ctxMass[c] / ctxSum[c]) * lowerP);
        }
      }
      orders.push({ counts: table, log10Prob: prob, log10Backoff: backoff, discounts, discountFallback: usedFallback });
    }
    return { words: this.words, orders, sentences: this.sentences, tokens: this.tokens };
  }

  /** Per order, the count KN discounts: raw at the top and after `<s>`, else distinct left words. */
  private adjustedCounts(): Uint32Array[] {
    const n = this.order;
    const out: Uint32Array[] = [];
    for (let k = 1; k <= n; k++) {
      const table = this.tables[k - 1];
      if (k === n) {
        out.push(table.counts.subarray(0, table.size));
        continue;
      }
      const adj = new Uint32Array(table.size);
      const higher = this.tables[k];
      for (let r = 0; r < higher.size; r++) adj[table.find(higher.rows, r * (k + 1) + 1)]++;
      for (let r = 0; r < table.size; r++) if (table.rows[r * k] === BOS_ID) adj[r] = table.counts[r];
      out.push(adj);
    }
    return out;
  }
}
