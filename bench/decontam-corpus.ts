/**
 * The decontamination speed corpus, shared by `npm run bench:decontam` and its test: an index of
 * every benchmark file in `shared/data/D-benchmarks`, matched against the web, encyclopedia and
 * book text of `shared/data/E-webtext`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchmarkSpec } from "../src/decontam/benchmark-files.js";

/** Every file of D-benchmarks, with the fields that hold its items' text. */
export function allBenchmarks(benchDir: string): BenchmarkSpec[] {
  return [
    { name: "gsm8k", path: join(benchDir, "gsm8k"), format: "jsonl", fields: ["question", "answer"] },
    { name: "mmlu", path: join(benchDir, "mmlu"), format: "csv", fields: ["question", "choice0", "choice1", "choice2", "choice3"] },
    { name: "mtbench", path: join(benchDir, "mtbench"), format: "jsonl", fields: ["turns"] },
    { name: "logiqa", path: join(benchDir, "logiqa"), format: "logiqa-txt" },
    { name: "logieval", path: join(benchDir, "logieval"), format: "jsonl", fields: ["input[1].content"] },
    { name: "folio", path: join(benchDir, "folio"), format: "jsonl", fields: ["premises", "conclusion"] },
  ];
}

/** Web pages as they are; book and encyclopedia text in 5 kB documents, for volume. */
export function webText(webDir: string): string[] {
  const docs: string[] = [];
  for (const dir of ["dolma", "data-juicer", "dclm-quality-annotations"]) {
    for (const f of readdirSync(join(webDir, dir)).sort()) {
      if (!f.endsWith(".jsonl")) continue;
      for (const line of readFileSync(join(webDir, dir, f), "utf8").split("\n")) if (line.trim()) docs.push((JSON.parse(line) as { text: string }).text);
    }
  }
  for (const f of ["wikitext-2/valid.txt", "wikitext-2/test.txt", "tinyshakespeare/input.txt"]) {
    const t = readFileSync(join(webDir, f), "utf8");
    for (let i = 0; i < t.length; i += 5000) docs.push(t.slice(i, i + 5000));
  }
  return docs;
}
