/**
 * Decontamination speed with an index of every benchmark file in shared/data/D-benchmarks
 * (issue target: ≥ 50 MB/s per core), writes the `decontam` section of BENCHMARKS.md.
 *
 *   npm run bench:decontam
 *
 * Rates are MB of document text per CPU-second of this thread (the step runs one instance per
 * worker thread, so this is the rate per core), best of five passes after a warm-up pass. Two
 * corpora: the E-webtext text as it is (clean), and the same with a GSM8K test question pasted
 * into every 20th document, so that the matching and span-cutting paths are timed too.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Doc } from "../src/core/doc.js";
import { buildIndex } from "../src/decontam/index.js";
import { Matcher } from "../src/decontam/match.js";
import { decontaminateSchema } from "../src/decontam/options.js";
import { decontaminate } from "../src/decontam/step.js";
import { benchContext } from "./bench-docs.js";
import { allBenchmarks, webText } from "./decontam-corpus.js";
import { writeDocSection } from "./doc-section.js";
import { describeMachine } from "./machine.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DATA = resolve(ROOT, "..", "shared", "data");
const BENCH = join(DATA, "D-benchmarks");
const WEB = join(DATA, "E-webtext");
const PASSES = 5;
const PLANT_EVERY = 20;

if (!existsSync(BENCH) || !existsSync(WEB)) {
  process.stderr.write(`bench:decontam: needs ${BENCH} and ${WEB} (the shared data beside the project)\n`);
  process.exit(1);
}

const cpuSeconds = (run: () => void): number => {
  const t0 = process.cpuUsage();
  run();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
};
/** Best of PASSES after one warm-up pass: the steady state of a long task. */
const best = (run: () => void): number => {
  run();
  let s = Infinity;
  for (let i = 0; i < PASSES; i++) s = Math.min(s, cpuSeconds(run));
  return s;
};

const benchmarks = allBenchmarks(BENCH);
const b0 = process.cpuUsage();
const index = await buildIndex(benchmarks, { ngram: 13, min_item_words: 8 });
const b = process.cpuUsage(b0);
const buildSeconds = (b.user + b.system) / 1e6;
const items = index.stats.reduce((n, s) => n + s.items, 0);

const clean = webText(WEB);
const questions = readFileSync(join(BENCH, "gsm8k", "test.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { question: string }).question);
const planted = clean.map((t, i) => {
  if (i % PLANT_EVERY !== 0) return t;
  const at = t.indexOf(" ", t.length >> 1);
  const q = questions[(i / PLANT_EVERY) % questions.length];
  return at < 0 ? `${t} ${q}` : `${t.slice(0, at)} ${q}${t.slice(at)}`;
});
const mbOf = (docs: string[]) => docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6;

const matcher = new Matcher(index);
const matching = (docs: string[]) => {
  let flagged = 0;
  const s = best(() => {
    flagged = 0;
    for (const d of docs) if (matcher.find(d).length > 0) flagged++;
  });
  return { s, flagged };
};

/** The step itself, through its contract: matching, findings, rejection or span cutting. */
async function stepRate(docs: string[], mode: "drop" | "remove_spans"): Promise<number> {
  const ctx = benchContext("decontaminate");
  const cfg = decontaminateSchema.parse({ benchmarks, mode });
  const step = await decontaminate.create(cfg, ctx as never);
  // Fresh documents per pass: remove_spans rewrites the text it cuts.
  const run = () => {
    const batch = docs.map((text, i): Doc => ({ id: String(i), text, metadata: {} }));
    for (let i = 0; i < batch.length; i += 512) void step.process(batch.slice(i, i + 512));
  };
  return best(run);
}

const rows: string[] = [];
for (const [name, docs] of [["clean", clean], [`planted (1 in ${PLANT_EVERY})`, planted]] as const) {
  const mb = mbOf(docs);
  const m = matching(docs);
  rows.push(`| ${name} | matcher only | ${docs.length.toLocaleString("en-US")} | ${m.flagged} | ${(mb / m.s).toFixed(1)} |`);
  for (const mode of ["drop", "remove_spans"] as const) {
    const s = await stepRate(docs, mode);
    rows.push(`| ${name} | \`decontaminate\` step, mode ${mode} | ${docs.length.toLocaleString("en-US")} | – | ${(mb / s).toFixed(1)} |`);
  }
}

const mc = describeMachine();
const body = [
  "## Decontamination (`npm run bench:decontam`)",
  "",
  `Index of every benchmark file in shared/data/D-benchmarks (GSM8K, MMLU, MT-Bench, LogiQA, LogiEval, FOLIO): ${items.toLocaleString("en-US")} items, ${index.keys.size.toLocaleString("en-US")} distinct 13-grams, ${(index.bytes / 1e6).toFixed(1)} MB of tables, built in ${buildSeconds.toFixed(1)} CPU-s (cached between runs by \`winnow decontaminate\`). Text: E-webtext's web pages, WikiText-2 and Tiny Shakespeare in 5 kB pieces (${mbOf(clean).toFixed(1)} MB); "planted" pastes a GSM8K test question into every ${PLANT_EVERY}th document. MB of text per CPU-second, one thread (= per core), best of ${PASSES} passes after a warm-up. Target ≥ 50 MB/s per core. ${mc.cores} cores (${mc.cpu}), Node ${mc.node}, ${mc.date}; the machine was shared with other work, so figures are noisy (CPU time, not wall time, is what they measure).`,
  "",
  "| text | what | documents | matched | MB per CPU-s |",
  "|---|---|--:|--:|--:|",
  ...rows,
];
writeDocSection(join(ROOT, "BENCHMARKS.md"), "decontam", body.join("\n"));
console.log(body.join("\n"));
