/**
 * Single-thread throughput of the rule-based quality filters, in MB of JSONL per CPU-second:
 * each of gopher_repetition, gopher_quality, c4_quality and fineweb_quality alone over the whole
 * corpus, then the four chained as recipes/fineweb.yaml runs them (each sees the previous one's
 * survivors; C4 with `filter_no_terminal_punct: false`).
 *
 *   npx tsc -p . && node dist/bench/filters.bench.js [--mb 30] [--repeats 3]
 *
 * The corpus comes from the shared make_corpus.py (cached in bench/.data/, like the pipeline
 * benchmark's). Documents are parsed before timing, so only the filters are measured. CPU time
 * (`process.cpuUsage`), not wall time, because the machine is shared; the best of the repeats.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Doc } from "../src/core/doc.js";
import type { StepContext, StepDef } from "../src/core/step.js";
import { c4Quality, finewebQuality, gopherQuality, gopherRepetition } from "../src/filters/index.js";
import { ensureCorpus } from "./corpus.js";
import { writeDocSection } from "./doc-section.js";
import { readZstLines } from "./zst-lines.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url)); // dist/bench/ → project root
const TOOL = join(resolve(ROOT, "..", "shared"), "tools", "make_corpus.py");
const DATA = join(ROOT, "bench", ".data");
/** datatrove 0.10 on the same four rule sets (shared/tools/README.md). */
const REFERENCE_MB_PER_CPU_S = 0.17;
const TARGET_MB_PER_CPU_S = 10;
/** The JSONL reader's batches: up to 512 documents or 1 M characters. */
const BATCH_DOCS = 512;
const BATCH_CHARS = 1 << 20;

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

const STAGES: [name: string, step: StepDef, options: object][] = [
  ["gopher_repetition", gopherRepetition as unknown as StepDef, {}],
  ["gopher_quality", gopherQuality as unknown as StepDef, {}],
  ["c4_quality", c4Quality as unknown as StepDef, { filter_no_terminal_punct: false }],
  ["fineweb_quality", finewebQuality as unknown as StepDef, {}],
];

interface Loaded {
  docs: Doc[];
  bytes: number;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function load(files: string[]): Promise<Loaded> {
  const docs: Doc[] = [];
  let bytes = 0;
  for (const file of files) {
    await readZstLines(file, (buf, s, e) => {
      bytes += e - s + 1; // the newline is part of the JSONL
      const r = JSON.parse(buf.toString("utf8", s, e)) as { id: string; text: string };
      docs.push({ id: r.id, text: r.text, metadata: {} });
    });
  }
  return { docs, bytes };
}

/** A context that only counts: the bench measures the filters, not the engine's bookkeeping. */
function quietContext(step: string): StepContext {
  return {
    step,
    task: 0,
    seed: 0,
    signal: new AbortController().signal,
    count() {},
    observe() {},
    reject() {},
    fail(doc, err) {
      throw new Error(`${step} failed on ${doc.id}: ${String(err)}`);
    },
    io: undefined as unknown as StepContext["io"],
  };
}

type Process = (batch: Doc[]) => Doc[];

async function runtimes(stages: typeof STAGES): Promise<Process[]> {
  const out: Process[] = [];
  for (const [name, step, options] of stages) {
    const rt = await step.create(step.schema.parse(options), quietContext(name));
    out.push((batch) => rt.process(batch) as Doc[]);
  }
  return out;
}

/** CPU seconds to pass every document through the chain; documents are copied first (C4 rewrites text). */
function cpuSeconds(docs: Doc[], chain: Process[]): { seconds: number; kept: number } {
  const copies = docs.map((d) => ({ ...d, metadata: {} }));
  const start = process.cpuUsage();
  let kept = 0;
  for (let i = 0; i < copies.length; ) {
    let batch: Doc[] = [];
    for (let chars = 0; i < copies.length && batch.length < BATCH_DOCS && chars < BATCH_CHARS; i++) {
      batch.push(copies[i]);
      chars += copies[i].text.length;
    }
    for (const p of chain) batch = p(batch);
    kept += batch.length;
  }
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, kept };
}

async function main(): Promise<void> {
  if (!existsSync(TOOL)) {
    process.stdout.write(`filters bench skipped: ${TOOL} not found (the shared tools build the corpus)\n`);
    return;
  }
  const targetMb = arg("mb", 30);
  const repeats = arg("repeats", 3);
  const corpus = await ensureCorpus(DATA, TOOL, { seed: 1234, targetMb, shards: 1 }, log);
  const { docs, bytes } = await load(corpus.files);
  log(`${docs.length} documents, ${(bytes / 1e6).toFixed(1)} MB of JSONL`);

  const rows: [string, number, number][] = [];
  const configs: [string, typeof STAGES][] = [...STAGES.map((s): [string, typeof STAGES] => [s[0], [s]]), ["all four, chained", STAGES]];
  for (const [name, stages] of configs) {
    const chain = await runtimes(stages);
    cpuSeconds(docs.slice(0, 2000), chain); // JIT warm-up
    let best = Infinity;
    let kept = 0;
    for (let r = 0; r < repeats; r++) {
      const run = cpuSeconds(docs, chain);
      best = Math.min(best, run.seconds);
      kept = run.kept;
    }
    log(`${name}: ${(bytes / 1e6 / best).toFixed(2)} MB per CPU-s`);
    rows.push([name, bytes / 1e6 / best, kept / docs.length]);
  }

  const lines = [
    `Rule filters, one thread, ${docs.length} documents (${(bytes / 1e6).toFixed(1)} MB JSONL, make_corpus.py --seed 1234 --target-mb ${targetMb}); best of ${repeats}`,
    "",
    "| filter | MB per CPU-second | kept |",
    "|---|---:|---:|",
    ...rows.map(([name, rate, kept]) => `| ${name} | ${rate.toFixed(2)} | ${(100 * kept).toFixed(1)} % |`),
    "",
    `Reference: datatrove 0.10 runs the four at ${REFERENCE_MB_PER_CPU_S} MB per CPU-second; target ≥ ${TARGET_MB_PER_CPU_S}.`,
    `All four chained: ${rows[rows.length - 1][1].toFixed(2)} MB per CPU-second, ` +
      `${(rows[rows.length - 1][1] / REFERENCE_MB_PER_CPU_S).toFixed(0)}× the reference — target ${rows[rows.length - 1][1] >= TARGET_MB_PER_CPU_S ? "met" : "missed"}.`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  writeDocSection(join(ROOT, "BENCHMARKS.md"), "filters", ["## Rule filters (Gopher, C4, FineWeb)", "", "Reproduce with `npm run bench:filters`.", "", ...lines].join("\n"));
}

await main();
