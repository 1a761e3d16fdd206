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
  /** Per word id: log10 unigram probability at 2·id, backoff weight at 2·id + 1 (one cache line for both). */
  private uni: Float32Array;
  /** Per word id: 1 if some bigram starts with it. */
  private uniContext: Uint8Array;
  /** tables[k] holds the (k+1)-grams; tables[0] is unused (unigrams are arrays). */
  private readonly tables: NgramTable[];
  private bos = -1;
  private eos = -1;
  private unk = -1;
  private readonly state: ScoreState;
  private readonly scratchBackoff: Float64Array;

  /** `counts[k]` = number of (k+1)-grams, from the ARPA header. */
  constructor(
    readonly counts: readonly number[],
    saved?: readonly { slots: Uint32Array; size: number }[],
  ) {
    const words = counts[0] + 1; // room for a missing <unk>
    this.uni = new Float32Array(2 * words);
    this.uniContext = new Uint8Array(words);
    this.tables = counts.map((n, k) => (k === 0 ? new NgramTable(0) : new NgramTable(saved ? saved[k - 1] : n)));
    const n = counts.length;
    this.state = { history: new Int32Array(n + 1), length: 0, backoff: new Float64Array(n + 1), matched: 0, context: 0, log10Prob: 0, oov: 0 };
    this.scratchBackoff = new Float64Array(n + 1);
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
      if (2 * id >= this.uni.length) throw new RangeError(`more 1-grams than the ${this.counts[0]} declared`);
      this.ids.set(word, id);
    }
    this.uni[2 * id] = log10Prob;
    this.uni[2 * id + 1] = log10Backoff;
  }

  /**
   * An n-gram (n ≥ 2) given as word ids, left to right. ARPA files list orders in increasing
   * length, so its context (the n-gram without the last word) is in already and gets flagged.
   */
  addNgram(ids: ArrayLike<number>, log10Prob: number, log10Backoff: number): void {
    const k = ids.length;
    this.tables[k - 1].set(this.hashOf(ids, k), this.hashB, log10Prob, log10Backoff);
    if (k === 2) this.uniContext[ids[0]] = 1;
    else this.tables[k - 2].markContext(this.hashOf(ids, k - 1), this.hashB);
  }

  /** Lane A of the hash of ids[0 … len−1] (lane B is left in `hashB`). */
  private hashOf(ids: ArrayLike<number>, len: number): number {
    let a = SEED_A;
    let b = SEED_B;
    for (let i = len - 1; i >= 0; i--) {
      const id = ids[i];
      const na = laneA(a, id);
      b = laneB(b, id);
      a = na;
    }
    this.hashB = b;
    return a;
  }
  private hashB = 0;

  /** The built tables, for `writeWlm`: they are the model (word ids are the order of `words`). */
  parts(): NgramModelParts {
    return {
      counts: this.counts,
      words: [...this.ids.keys()],
      unigrams: this.uni,
      unigramContext: this.uniContext,
      tables: this.tables.slice(1).map((t) => ({ slots: t.slots, size: t.size })),
    };
  }

  /** A model from saved tables, used in place (`readWlm`). */
  static fromParts(p: NgramModelParts): NgramModel {
    const model = new NgramModel(p.counts, p.tables);
    if (p.unigrams.length !== model.uni.length || p.unigramContext.length !== model.uniContext.length) throw new RangeError("unigram arrays do not match the counts");
    model.uni = p.unigrams;
    model.uniContext = p.unigramContext;
    for (const word of p.words) {
      if (model.ids.has(word)) throw new RangeError(`word ${JSON.stringify(word)} twice in the vocabulary`);
      model.ids.set(word, model.ids.size);
    }
    model.finish();
    return model;
  }

  /** Call once every n-gram is in: resolves `<s>`, `</s>` and `<unk>`. */
  finish(): void {
    if (!this.ids.has(UNK)) this.addUnigram(UNK, MISSING_UNK_LOG10, 0);
    this.unk = this.ids.get(UNK)!;
    this.bos = this.ids.get(BOS) ?? -1;
    this.eos = this.ids.get(EOS) ?? -1;
    if (this.bos < 0 || this.eos < 0) throw new Error(`the model has no ${this.bos < 0 ? BOS : EOS} unigram`);
  }

  get unkId(): number {
    return this.unk;
  }

  get eosId(): number {
    return this.eos;
  }

  /** The id of a word, `<unk>`'s for unknown words. */
  idOf(word: string): number {
    return this.ids.get(word) ?? this.unk;
  }

  /**
   * Scores `<s> words… </s>`. `oovPenalty` (log10) is subtracted once per unknown word:
   * 0 is KenLM's behaviour; IRSTLM's `compile-lm --eval` and `score-lm` subtract
   * log10(dub − |V|) with dub = 10^7 by default (see `irstlmOovPenalty`). `perToken`, when
   * given, receives log10 P of each word and of `</s>` (penalty included).
   */
  score(words: readonly string[], oovPenalty = 0, perToken?: number[]): SentenceScore {
    const s = this.begin();
    for (let i = 0; i < words.length; i++) {
      const id = this.idOf(words[i]);
      const logp = this.next(s, id) - (id === this.unk ? oovPenalty : 0);
      perToken?.push(logp);
      s.log10Prob += logp;
      if (id === this.unk) s.oov++;
    }
    const end = this.next(s, this.eos);
    perToken?.push(end);
    s.log10Prob += end;
    return { log10Prob: s.log10Prob, tokens: words.length + 1, oov: s.oov };
  }

  /** A fresh sentence state, right after `<s>` (reused: one per model). */
  begin(): ScoreState {
    const s = this.state;
    s.history[0] = this.bos;
    s.length = 1;
    s.matched = 1;
    s.context = this.uniContext[this.bos] === 1 ? 1 : 0;
    s.backoff[1] = this.uni[2 * this.bos + 1];
    s.log10Prob = 0;
    s.oov = 0;
    return s;
  }

  /**
   * log10 P(id | history) by ARPA backoff, then appends `id` to the history. As KenLM does
   * (Heafield 2011, §4.1 state), the backoff weights of the n-grams that ended at the previous
   * word were found while scoring it, so they are carried over instead of looked up again: a
   * context longer than the n-gram matched there is not in the model (ARPA lists the suffixes
   * of every n-gram), so its backoff is log10 1 = 0.
   */
  next(s: ScoreState, id: number): number {
    const n = this.order;
    const history = s.history;
    const length = s.length; // words before `id`, <s> included (capped at n − 1)
    let logp = this.uni[2 * id];
    let matched = 1;
    let a = laneA(SEED_A, id);
    let b = laneB(SEED_B, id);
    const newBackoff = this.scratchBackoff;
    newBackoff[1] = this.uni[2 * id + 1];
    // The n-gram ending here exists only if its context, the n-gram ending at the previous word,
    // is one (KenLM's state minimization, Heafield 2011 §4.1): no lookup beyond that.
    const longest = s.context + 1 < n ? s.context + 1 : n;
    const prevMatched = s.matched;
    let context = this.uniContext[id] === 1 ? 1 : 0;
    for (let k = 2; k <= longest; k++) {
      const w = history[length - k + 1];
      const na = laneA(a, w);
      b = laneB(b, w);
      a = na;
      const table = this.tables[k - 1];
      const at = table.find(a, b);
      if (at < 0) break;
      logp = table.values[at];
      newBackoff[k] = table.values[at + 1];
      matched = k;
      if (table.isContext(at)) context = k;
    }
    // Backed off from every context longer than the matched n-gram: add their weights.
    const contexts = length < n - 1 ? length : n - 1;
    const backoff = s.backoff;
    for (let j = matched; j <= contexts && j <= prevMatched; j++) logp += backoff[j];
    // Shift the history (newest last, at most n − 1 words) and keep this word's backoffs.
    if (length === n - 1) {
      for (let i = 1; i < length; i++) history[i - 1] = history[i];
      history[length - 1] = id;
    } else {
      history[length] = id;
      s.length = length + 1;
    }
    for (let k = 1; k <= matched; k++) backoff[k] = newBackoff[k];
    s.matched = matched;
    s.context = context;
    return logp;
  }
}

/** What `parts` gives and `fromParts` takes: tables[k − 2] holds the k-grams (see NgramTable). */
export interface NgramModelParts {
  counts: readonly number[];
  words: readonly string[];
  unigrams: Float32Array;
  unigramContext: Uint8Array;
  tables: readonly { slots: Uint32Array; size: number }[];
}

/** Scoring state of one sentence: the last n − 1 word ids and the backoffs of the n-grams ending at the last. */
export interface ScoreState {
  history: Int32Array;
  length: number;
  backoff: Float64Array;
  matched: number;
  /** Length of the longest n-gram ending at the last word that is the context of a longer one. */
  context: number;
  log10Prob: number;
  oov: number;
}

/** IRSTLM's OOV penalty, log10(dub − |V|) (lmtable::setlogOOVpenalty), for cross-checks. */
export function irstlmOovPenalty(vocabularySize: number, dub = 1e7): number {
  return Math.log10(dub - vocabularySize);
}

/** Perplexity from a log10 probability and its token count (KenLM/CCNet: 10^(−Σ log10 P / N)). */
export function perplexity(log10Prob: number, tokens: number): number {
  return Math.pow(10, -log10Prob / tokens);
}
