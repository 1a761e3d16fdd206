import { SEED_A, SEED_B, laneA, laneB } from "./hash.js";
import { NgramTable } from "./ngram-table.js";

export const BOS = "<s>";
export const EOS = "</s>";
export const UNK = "<unk>";
/** What KenLM gives `<unk>` when an ARPA file lacks it (`unknown_missing_logprob`, lm/config.cc). */
export const MISSING_UNK_LOG10 = -100;

export interface SentenceScore {
  /** Σ log10 P(w | h) over the words and `</s>` (not `<s>`, which is context only). */
  log10Prob: number;
  /** Words scored, counting `</s>`: the perplexity denominator. */
  tokens: number;
  /** Words mapped to `<unk>`. */
  oov: number;
}

/**
 * A backoff n-gram language model (the ARPA model, e.g. as KenLM and IRSTLM write it):
 * unigrams in arrays indexed by word id, higher orders in hash tables keyed by id-sequence
 * hashes. Scores sentences with Katz-style backoff, as KenLM and IRSTLM query ARPA models:
 * log10 P(w | h) = prob(h w) if present, else backoff(h) + log10 P(w | h[1:]).
 */
export class NgramModel {
  readonly ids = new Map<string, number>();
  /** Per word id: log10 unigram probability and backoff weight. */
  private uniProb: Float32Array;
  private uniBackoff: Float32Array;
  /** tables[k] holds the (k+1)-grams; tables[0] is unused (unigrams are arrays). */
  private readonly tables: NgramTable[];
  private bos = -1;
  private eos = -1;
  private unk = -1;
  /** Scratch: hash chains of the n-grams ending at the current and previous word. */
  private chainA: Uint32Array;
  private chainB: Uint32Array;
  private prevA: Uint32Array;
  private prevB: Uint32Array;

  /** `counts[k]` = number of (k+1)-grams, from the ARPA header. */
  constructor(readonly counts: readonly number[]) {
    const words = counts[0] + 1; // room for a missing <unk>
    this.uniProb = new Float32Array(words);
    this.uniBackoff = new Float32Array(words);
    this.tables = counts.map((n, k) => (k === 0 ? new NgramTable(0) : new NgramTable(n)));
    this.chainA = new Uint32Array(counts.length + 1);
    this.chainB = new Uint32Array(counts.length + 1);
    this.prevA = new Uint32Array(counts.length + 1);
    this.prevB = new Uint32Array(counts.length + 1);
  }

  get order(): number {
    return this.counts.length;
  }

  /** Unigrams in the model (with a `<unk>` added when the file had none). */
  get vocabularySize(): number {
    return this.ids.size;
  }

  addUnigram(word: string, log10Prob: number, log10Backoff: number): void {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.ids.size;
      if (id >= this.uniProb.length) throw new RangeError(`more 1-grams than the ${this.counts[0]} declared`);
      this.ids.set(word, id);
    }
    this.uniProb[id] = log10Prob;
    this.uniBackoff[id] = log10Backoff;
  }

  /** An n-gram (n ≥ 2) given as word ids, left to right. */
  addNgram(ids: ArrayLike<number>, log10Prob: number, log10Backoff: number): void {
    let a = SEED_A;
    let b = SEED_B;
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i];
      const na = laneA(a, id);
      b = laneB(b, id);
      a = na;
    }
    this.tables[ids.length - 1].set(a, b, log10Prob, log10Backoff);
  }

  /** Call once every n-gram is in: resolves `<s>`, `</s>` and `<unk>`. */
  finish(): void {
    if (!this.ids.has(UNK)) this.addUnigram(UNK, MISSING_UNK_LOG10, 0);
    this.unk = this.ids.get(UNK)!;
    this.bos = this.ids.get(BOS) ?? -1;
    this.eos = this.ids.get(EOS) ?? -1;
    if (this.bos < 0 || this.eos < 0) throw new Error(`the model has no ${this.bos < 0 ? BOS : EOS} unigram`);
  }

  /** The id of a word, `<unk>`'s for unknown words. */
  idOf(word: string): number {
    return this.ids.get(word) ?? this.unk;
  }

  /**
   * Scores `<s> words… </s>`. `oovPenalty` (log10) is subtracted once per unknown word:
   * 0 is KenLM's behaviour; IRSTLM's `compile-lm --eval` and `score-lm` subtract
   * log10(dub − |V|) with dub = 10^7 by default (see `irstlmOovPenalty`).
   */
  score(words: readonly string[], oovPenalty = 0): SentenceScore {
    const n = this.order;
    let { chainA, chainB, prevA, prevB } = this;
    let total = 0;
    let oov = 0;
    // The previous word's chain starts as <s>'s: prev[k] = hash of the last k words.
    prevA[1] = laneA(SEED_A, this.bos);
    prevB[1] = laneB(SEED_B, this.bos);
    const history = new Int32Array(n); // ring of the last n−1 ids, newest at (i−1) % n
    history[0] = this.bos;
    let available = 1; // words of history before the current one (<s> included)
    for (let i = 1; i <= words.length + 1; i++) {
      const id = i <= words.length ? this.idOf(words[i - 1]) : this.eos;
      if (id === this.unk) {
        oov++;
        total -= oovPenalty;
      }
      // Longest n-gram ending at `id`, growing leftwards; stop at the first missing one.
      let logp = this.uniProb[id];
      let matched = 1;
      let a = laneA(SEED_A, id);
      let b = laneB(SEED_B, id);
      chainA[1] = a;
      chainB[1] = b;
      const longest = Math.min(n, available + 1);
      let extending = true;
      for (let k = 2; k <= longest; k++) {
        const w = history[(i - k + 1) % n];
        const na = laneA(a, w);
        b = laneB(b, w);
        a = na;
        chainA[k] = a;
        chainB[k] = b;
        if (extending) {
          const table = this.tables[k - 1];
          const slot = table.find(a, b);
          if (slot < 0) extending = false;
          else {
            logp = table.prob[slot];
            matched = k;
          }
        }
      }
      // Backed off from every context longer than the matched n-gram's: add their weights.
      const contexts = Math.min(n - 1, available);
      for (let j = matched; j <= contexts; j++) {
        if (j === 1) logp += this.uniBackoff[history[(i - 1) % n]];
        else {
          const table = this.tables[j - 1];
          const slot = table.find(prevA[j], prevB[j]);
          if (slot >= 0) logp += table.backoff[slot];
        }
      }
      total += logp;
      history[i % n] = id;
      if (available < n - 1) available++;
      [chainA, prevA] = [prevA, chainA];
      [chainB, prevB] = [prevB, chainB];
    }
    return { log10Prob: total, tokens: words.length + 1, oov };
  }
}

/** IRSTLM's OOV penalty, log10(dub − |V|) (lmtable::setlogOOVpenalty), for cross-checks. */
export function irstlmOovPenalty(vocabularySize: number, dub = 1e7): number {
  return Math.log10(dub - vocabularySize);
}

/** Perplexity from a log10 probability and its token count (KenLM/CCNet: 10^(−Σ log10 P / N)). */
export function perplexity(log10Prob: number, tokens: number): number {
  return Math.pow(10, -log10Prob / tokens);
}
