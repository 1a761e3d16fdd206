import type { BenchmarkSpec } from "./benchmark-files.js";
import { buildIndex, type BenchmarkIndex, type IndexOptions } from "./benchmark-index.js";

const built = new Map<string, Promise<BenchmarkIndex>>();

/**
 * The index for a configuration, built once per process (so once per worker thread) and shared
 * by every task the worker runs: reading and hashing the benchmarks costs seconds, a task may
 * take less. Benchmark files are read once: a change during the process is not seen.
 */
export function sharedIndex(specs: readonly BenchmarkSpec[], opts: IndexOptions): Promise<BenchmarkIndex> {
  const key = JSON.stringify([specs, opts.ngram, opts.min_item_words]);
  let index = built.get(key);
  if (!index) {
    index = buildIndex(specs, opts);
    built.set(key, index);
    // A failed build (missing file…) is not kept: the next task reports it again.
    index.catch(() => built.delete(key));
  }
  return index;
}
