import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readYamlFile } from "../config/yaml-file.js";
import { z } from "zod";
import { formatIssues } from "../config/issues.js";
import { resolvePaths } from "../config/paths.js";
import { UserError } from "../core/errors.js";
import { listInputs } from "../plan/list-inputs.js";
import { READERS } from "../readers/index.js";
import { DIRS, RUN_FILE } from "../run/run-dir.js";
import { buildIndex, indexStats, type BenchmarkIndex } from "./benchmark-index.js";
import { cachedIndex } from "./index-file.js";
import { Matcher } from "./match.js";
import { benchmarkSchema } from "./options.js";
import { ContaminationTally, type ContaminationFindings } from "./tally.js";

/** A benchmark set file: the `decontaminate` step's benchmark options, without its actions. */
export const benchmarkSetSchema = z
  .object({
    benchmarks: z.array(benchmarkSchema).min(1),
    ngram: z.int().min(2).max(32).default(13),
    min_item_words: z.int().min(1).default(8),
    min_matches: z.int().min(1).default(1),
  })
  .strict()
  .refine((o) => o.min_item_words <= o.ngram, { message: "min_item_words must not exceed ngram", path: ["min_item_words"] });

export type BenchmarkSet = z.output<typeof benchmarkSetSchema>;

/** Reads a benchmark set (YAML or JSON); benchmark paths are relative to its folder. */
export function loadBenchmarkSet(file: string): BenchmarkSet {
  const raw = readYamlFile(file, "benchmark set");
  const r = benchmarkSetSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new UserError(`${file}: invalid benchmark set\n` + formatIssues(r.error, benchmarkSetSchema).map((p) => `  ${p}`).join("\n"));
  const set = resolvePaths(benchmarkSetSchema, r.data, dirname(resolve(file))) as BenchmarkSet;
  for (const b of set.benchmarks) if (!existsSync(b.path)) throw new UserError(`${file}: benchmark ${b.name}: no such file or folder ${b.path}`);
  return set;
}

export interface ScanOptions {
  textKey: string;
  idKey: string;
  /** Where built indexes are kept; undefined: build every time. */
  cacheDir?: string;
  log?: (line: string) => void;
}

/** Files to scan: a run directory stands for its kept documents (`output/`). */
async function corpusFiles(paths: string[]) {
  const expanded = paths.map((p) => (existsSync(join(p, RUN_FILE)) ? join(p, DIRS.output) : p));
  return listInputs(expanded, process.cwd());
}

/**
 * `winnow decontaminate`: indexes the benchmarks (or loads the cached index), reads the corpus
 * and reports per benchmark which items occur in it and in which documents. Reads only.
 */
export async function scanCorpus(set: BenchmarkSet, corpus: string[], o: ScanOptions): Promise<ContaminationFindings & { input_errors: number }> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  let index: BenchmarkIndex;
  if (o.cacheDir) {
    const c = await cachedIndex(set.benchmarks, set, o.cacheDir);
    index = c.index;
    log(`index: ${c.cached ? "loaded" : "built and saved"} ${c.file} (${index.keys.size} n-grams, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } else {
    index = await buildIndex(set.benchmarks, set);
    log(`index: built (${index.keys.size} n-grams, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const matcher = new Matcher(index);
  const tally = new ContaminationTally(set, indexStats(index));
  let inputErrors = 0;
  let bytes = 0;
  const t1 = performance.now();
  for (const file of await corpusFiles(corpus)) {
    const reader = READERS[file.format](
      { path: file.path, source: file.source, format: file.format },
      {
        textKey: o.textKey,
        idKey: o.idKey,
        maxDocBytes: 1 << 30,
        signal: new AbortController().signal,
        onBytes: (n) => (bytes += n),
        onError: (e) => {
          inputErrors++;
          if (inputErrors <= 5) log(`skipped: ${e.source}${e.line !== undefined ? `:${e.line}` : ""}: ${e.message}`);
        },
      },
    );
    for await (const batch of reader) {
      tally.scannedDocs(batch.length);
      for (const doc of batch) {
        const found = matcher.find(doc.text);
        if (found.length >= set.min_matches) tally.add(doc.id, matcher.summarize(found));
      }
    }
  }
  const secs = (performance.now() - t1) / 1000;
  log(`scanned ${(bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s (${(bytes / 1e6 / Math.max(secs, 1e-3)).toFixed(1)} MB/s)`);
  return { ...tally.report(), input_errors: inputErrors };
}
