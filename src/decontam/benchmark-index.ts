import { loadBenchmark, type BenchmarkSpec } from "./benchmark-files.js";
import { KeyFilter } from "./key-filter.js";
import { ABSENT, KeyTable } from "./key-table.js";
import { NgramHasher } from "./ngram-hash.js";
import { WordScan } from "./words.js";

export interface IndexOptions {
  /** Words per n-gram. */
  ngram: number;
  /** Items with fewer normalized words are not indexed; items from here up to `ngram` words are matched whole. */
  min_item_words: number;
}

/** What the index holds of one benchmark. */
export interface BenchmarkStats {
  items: number;
  /** Items with fewer than `min_item_words` words: too short to be evidence, not indexed. */
  too_short: number;
  /** Items shorter than `ngram` words, indexed as one whole-item key. */
  whole: number;
}

/**
 * Every n-gram of every benchmark item, as 64-bit keys in a `KeyTable`. A key's value is
 * the item it comes from (≥ 0, an index into `itemIds`), or −(k+1) when several items share
 * it, with the list of those items in `shared[k]` (templates such as MMLU's moral-scenario
 * question, or GSM8K questions repeated in `test` and `test_socratic`).
 *
 * Items shorter than `ngram` words are matched whole (NeMo Curator `DownstreamTask._update_ngrams`
 * keeps such items whole from 8 words up, `min_ngram_size=8`). To find them without probing every
 * length at every word, `tails` holds the last `min_item_words` words of each such item, with a
 * bit per item length: only a tail hit leads to probing the whole-item lengths.
 */
export class BenchmarkIndex {
  readonly names: string[] = [];
  readonly stats: BenchmarkStats[] = [];
  /** Per item: its benchmark (index into `names`) and id. */
  readonly itemBenchmark: number[] = [];
  readonly itemIds: string[] = [];
  keys = new KeyTable(1 << 16);
  tails = new KeyTable(64);
  readonly shared: number[][] = [];
  private keyFilter: KeyFilter | undefined;
  private tailFilter: KeyFilter | undefined;

  constructor(readonly opts: IndexOptions) {}

  /** Indexes one benchmark's items. */
  add(name: string, items: { id: string; text: string }[]): void {
    const { ngram, min_item_words: minWords } = this.opts;
    this.keyFilter = undefined;
    this.tailFilter = undefined;
    const b = this.names.push(name) - 1;
    const stats: BenchmarkStats = { items: items.length, too_short: 0, whole: 0 };
    this.stats.push(stats);
    const words = new WordScan();
    const hasher = new NgramHasher(ngram);
    for (const item of items) {
      const n = words.scan(item.text);
      if (n < minWords) {
        stats.too_short++;
        continue;
      }
      const owner = this.itemIds.push(item.id) - 1;
      this.itemBenchmark.push(b);
      hasher.prepare(words);
      if (n < ngram) {
        stats.whole++;
        hasher.window(0, n);
        this.addKey(hasher.lo, hasher.hi, owner);
        hasher.window(n - minWords, minWords);
        const lengths = this.tails.get(hasher.lo, hasher.hi);
        this.tails.set(hasher.lo, hasher.hi, (lengths === ABSENT ? 0 : lengths) | (1 << (n - minWords)));
        continue;
      }
      for (let i = 0; i + ngram <= n; i++) {
        hasher.window(i, ngram);
        this.addKey(hasher.lo, hasher.hi, owner);
      }
    }
  }

  /** The items a key's value stands for. */
  owners(value: number): readonly number[] {
    return value >= 0 ? [value] : this.shared[-value - 1];
  }

  /** The cache-sized filter in front of `keys`, built once all benchmarks are added. */
  get filter(): KeyFilter {
    return (this.keyFilter ??= filterOf(this.keys));
  }

  /** The same in front of `tails`: probed at every word too. */
  get tailsFilter(): KeyFilter {
    return (this.tailFilter ??= filterOf(this.tails));
  }

  /** Bytes of the lookup tables (item ids aside). */
  get bytes(): number {
    return this.keys.bytes + this.tails.bytes + this.filter.bytes + this.tailsFilter.bytes;
  }

  private addKey(lo: number, hi: number, owner: number): void {
    const v = this.keys.get(lo, hi);
    if (v === ABSENT) this.keys.set(lo, hi, owner);
    else if (v >= 0) {
      if (v !== owner) this.keys.set(lo, hi, -this.shared.push([v, owner]));
    } else {
      // Items are added one after another: a repeat within one item is the list's last entry.
      const list = this.shared[-v - 1];
      if (list[list.length - 1] !== owner) list.push(owner);
    }
  }
}

function filterOf(table: KeyTable): KeyFilter {
  const f = new KeyFilter(table.size);
  table.forEachKey((lo, hi) => f.add(lo, hi));
  return f;
}

/** What the index holds of each benchmark, by name. */
export function indexStats(index: BenchmarkIndex): Record<string, BenchmarkStats> {
  return Object.fromEntries(index.names.map((n, b) => [n, index.stats[b]]));
}

/** Reads and indexes every benchmark. */
export async function buildIndex(specs: readonly BenchmarkSpec[], opts: IndexOptions): Promise<BenchmarkIndex> {
  const index = new BenchmarkIndex(opts);
  for (const spec of specs) index.add(spec.name, await loadBenchmark(spec));
  return index;
}
