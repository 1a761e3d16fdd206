import type { BenchmarkIndex } from "./benchmark-index.js";
import { ABSENT } from "./key-table.js";
import { NgramHasher } from "./ngram-hash.js";
import { WordScan } from "./words.js";

/** A benchmark n-gram (or whole short item) found in a document: its characters and index value. */
export interface Match {
  start: number;
  end: number;
  value: number;
}

/** Per benchmark: the items found in a document and how many matching n-grams led to them. */
export type DocMatches = Record<string, { items: string[]; ngrams: number }>;

/**
 * Finds benchmark n-grams in documents: one tokenizing pass, the hashes of every n-gram, a
 * bulk test against the index's filter, and a table probe for the few that pass — linear in
 * the document. Short items are found from their tails (see `BenchmarkIndex`). One Matcher per
 * step instance: it reuses its scratch arrays from document to document.
 */
export class Matcher {
  private readonly words = new WordScan();
  private readonly hasher: NgramHasher;
  private lo = new Int32Array(1024);
  private hi = new Int32Array(1024);
  private hits = new Int32Array(1024);

  constructor(private readonly index: BenchmarkIndex) {
    this.hasher = new NgramHasher(index.opts.ngram);
  }

  find(text: string): Match[] {
    const { ngram, min_item_words: minWords } = this.index.opts;
    const words = this.words;
    const n = words.scan(text);
    if (n < minWords) return [];
    if (this.lo.length < n) {
      this.lo = new Int32Array(n * 2);
      this.hi = new Int32Array(n * 2);
      this.hits = new Int32Array(n * 2);
    }
    this.hasher.prepare(words);
    const found: Match[] = [];
    this.findNgrams(n, ngram, found);
    if (this.index.tails.size > 0) this.findWholeItems(n, minWords, found);
    return found;
  }

  private findNgrams(n: number, ngram: number, found: Match[]): void {
    const { lo, hi, hits, words } = this;
    const { keys, filter } = this.index;
    const count = this.hasher.windows(n, ngram, lo, hi);
    const passed = filter.select(lo, hi, count, hits);
    for (let k = 0; k < passed; k++) {
      const i = hits[k];
      const v = keys.get(lo[i], hi[i]);
      if (v !== ABSENT) found.push({ start: words.start[i], end: words.end[i + ngram - 1], value: v });
    }
  }

  /** Items shorter than `ngram` words: a tail hit names the lengths of the items it may end. */
  private findWholeItems(n: number, minWords: number, found: Match[]): void {
    const { lo, hi, hits, words, hasher } = this;
    const { keys, tails, tailsFilter } = this.index;
    const count = hasher.windows(n, minWords, lo, hi);
    const passed = tailsFilter.select(lo, hi, count, hits);
    for (let k = 0; k < passed; k++) {
      const i = hits[k];
      let lengths = tails.get(lo[i], hi[i]);
      if (lengths === ABSENT) continue;
      const last = i + minWords - 1;
      for (let extra = 0; lengths !== 0; extra++, lengths >>>= 1) {
        const from = i - extra;
        if ((lengths & 1) === 0 || from < 0) continue;
        hasher.window(from, minWords + extra);
        const v = keys.get(hasher.lo, hasher.hi);
        if (v !== ABSENT) found.push({ start: words.start[from], end: words.end[last], value: v });
      }
    }
  }

  /**
   * Names the benchmarks and items behind the matches. A key shared by several items is
   * evidence for its benchmark, but names its items only when the document matched no key
   * specific to one item of that benchmark: a verbatim MMLU moral-scenario question is then
   * attributed to itself, not to the hundreds of items that share its template.
   */
  summarize(matches: readonly Match[]): DocMatches {
    const { itemBenchmark, itemIds, names } = this.index;
    const specific = new Map<number, Set<number>>();
    const viaShared = new Map<number, Set<number>>();
    const ngrams = new Map<number, number>();
    for (const m of matches) {
      const into = m.value >= 0 ? specific : viaShared;
      const counted = new Set<number>();
      for (const item of this.index.owners(m.value)) {
        const b = itemBenchmark[item];
        if (!into.has(b)) into.set(b, new Set());
        into.get(b)!.add(item);
        if (!counted.has(b)) ngrams.set(b, (ngrams.get(b) ?? 0) + 1);
        counted.add(b);
      }
    }
    const out: DocMatches = {};
    for (const b of [...ngrams.keys()].sort((x, y) => x - y)) {
      const items = specific.get(b) ?? viaShared.get(b)!;
      out[names[b]] = { items: [...items].sort((x, y) => x - y).map((i) => itemIds[i]), ngrams: ngrams.get(b)! };
    }
    return out;
  }
}
