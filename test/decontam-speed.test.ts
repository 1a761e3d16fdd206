/**
 * Matching speed with an index of every benchmark file in `shared/data/D-benchmarks`, over the
 * web text of `shared/data/E-webtext`: logged in MB per CPU-second of this thread (the step
 * runs one instance per worker thread, so this is the rate per core). No timing assertion:
 * shared machines make timings noisy.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { BenchmarkSpec } from "../src/decontam/benchmark-files.js";
import { buildIndex } from "../src/decontam/index.js";
import { Matcher } from "../src/decontam/match.js";
import { SHARED_DATA } from "./helpers.js";

const BENCH = join(SHARED_DATA, "D-benchmarks");
const WEB = join(SHARED_DATA, "E-webtext");

/** Every file of D-benchmarks, with the fields that hold its items' text. */
const ALL_BENCHMARKS: BenchmarkSpec[] = [
  { name: "gsm8k", path: join(BENCH, "gsm8k"), format: "jsonl", fields: ["question", "answer"] },
  { name: "mmlu", path: join(BENCH, "mmlu"), format: "csv", fields: ["question", "choice0", "choice1", "choice2", "choice3"] },
  { name: "mtbench", path: join(BENCH, "mtbench"), format: "jsonl", fields: ["turns"] },
  { name: "logiqa", path: join(BENCH, "logiqa"), format: "logiqa-txt" },
  { name: "logieval", path: join(BENCH, "logieval"), format: "jsonl", fields: ["input[1].content"] },
  { name: "folio", path: join(BENCH, "folio"), format: "jsonl", fields: ["premises", "conclusion"] },
];

function webText(): string[] {
  const docs: string[] = [];
  for (const dir of ["dolma", "data-juicer", "dclm-quality-annotations"]) {
    for (const f of readdirSync(join(WEB, dir)).sort()) {
      if (!f.endsWith(".jsonl")) continue;
      for (const line of readFileSync(join(WEB, dir, f), "utf8").split("\n")) if (line.trim()) docs.push((JSON.parse(line) as { text: string }).text);
    }
  }
  // Book and encyclopedia text in 5 kB documents, for volume.
  for (const f of ["wikitext-2/valid.txt", "wikitext-2/test.txt", "tinyshakespeare/input.txt"]) {
    const t = readFileSync(join(WEB, f), "utf8");
    for (let i = 0; i < t.length; i += 5000) docs.push(t.slice(i, i + 5000));
  }
  return docs;
}

test("decontaminate speed, index of all D-benchmarks (logged, not asserted)", { timeout: 60_000 }, async (t) => {
  if (!existsSync(BENCH) || !existsSync(WEB)) {
    t.skip(`${BENCH} or ${WEB} absent`);
    return;
  }
  const t0 = performance.now();
  const index = await buildIndex(ALL_BENCHMARKS, { ngram: 13, min_item_words: 8 });
  const buildSeconds = (performance.now() - t0) / 1000;
  const items = index.stats.reduce((n, s) => n + s.items, 0);
  const docs = webText();
  const mb = docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6;
  const matcher = new Matcher(index);
  const rates: number[] = [];
  let flagged = 0;
  for (let round = 0; round < 5; round++) {
    const c0 = process.cpuUsage();
    flagged = 0;
    for (const d of docs) if (matcher.find(d).length > 0) flagged++;
    const c = process.cpuUsage(c0);
    rates.push(mb / ((c.user + c.system) / 1e6));
  }
  console.log(
    `decontaminate index: ${items} items, ${index.keys.size} keys, ${(index.bytes / 1e6).toFixed(1)} MB of tables, built in ${buildSeconds.toFixed(1)} s`,
  );
  console.log(
    `decontaminate speed: ${mb.toFixed(1)} MB × 5 rounds, MB per CPU-second ${rates.map((r) => r.toFixed(0)).join(" ")} ` +
      `(best ${Math.max(...rates).toFixed(0)}, target ≥ 50); ${flagged} of ${docs.length} documents matched`,
  );
});
