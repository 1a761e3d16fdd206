/**
 * `npm run bench:dedup`: MinHash dedup (defaults, and FineWeb's unverified LSH) and exact dedup
 * on labelled corpora from the shared `make_corpus.py` at two sizes (~120 MB and its double),
 * scored by the shared `eval_dedup.py`. Each job runs twice: whole, as a user runs it
 * (`winnow run -w 1`, measured from outside: CPU time, peak RSS), and stage by stage, every task
 * of every stage in its own `winnow run-task` process, so that CPU and memory are known per
 * stage. Also the CPU throughput of exact dedup's hashing (normalize + sha256) alone. Writes
 * the `dedup` section of BENCHMARKS.md. DEDUP_BENCH_MB="15,30" sets the sizes (MiB).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeDocSection } from "./doc-section.js";
import { measureMethod, runMeasured, type ChildMeasure } from "./measured-child.js";
import { loadPipeline } from "../src/config/load.js";
import { textKeyHash } from "../src/dedup/text-key-hash.js";
import { prepareRun } from "../src/run/prepare.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TOOLS = resolve(ROOT, "..", "shared", "tools");
const DATA = join(ROOT, "bench", ".data");
const DOC = join(ROOT, "BENCHMARKS.md");
/** datatrove 0.10 on the 126 MB corpus, this machine's kind (../shared/tools/README.md). */
const REFERENCE = { minhashPerCpu: 0.45, exactPerCpu: 14.5, recall: 0.969, precision: 0.998 };
const SIZES = (process.env.DEDUP_BENCH_MB ?? "120,240").split(",").map(Number);

interface Score {
  recall: number;
  precision: number;
}

/** About 30 MB per shard at every size: a bigger corpus has more files, as crawls do, and a task's memory stays the same. */
function corpus(mb: number): { dir: string; bytes: number } {
  const shards = Math.max(1, Math.round(mb / 30));
  const dir = join(DATA, `dedup-seed1234-${mb}mib-${shards}shards`);
  if (!existsSync(join(dir, "manifest.json"))) {
    const r = spawnSync("python3", [join(TOOLS, "make_corpus.py"), dir, "--seed", "1234", "--target-mb", String(mb), "--shards", String(shards)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`make_corpus.py failed: ${r.stderr}`);
  }
  const bytes = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  return { dir, bytes };
}

interface StageMeasure {
  stage: string;
  tasks: number;
  cpuSeconds: number;
  peakRssBytes: number;
}

function pipeline(dir: string, name: string, step: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  const config = { input: { paths: ["*.jsonl"] }, output: `runs/${name}`, seed: 1, steps: [step, { write: { format: "jsonl" } }] };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** The whole job in one `winnow run` with one worker, as a user runs it. */
function runWhole(dir: string, name: string, step: Record<string, unknown>): ChildMeasure & { out: string } {
  const file = pipeline(dir, `${name}-whole`, step);
  const m = runMeasured(join(ROOT, "bin", "winnow.js"), ["run", file, "--restart", "--progress", "off", "--workers", "1"], ROOT);
  return { ...m, out: join(dir, "runs", `${name}-whole`, "output") };
}

/** Plans the run, then runs each task of each stage in its own measured process, one at a time. */
async function runStages(dir: string, name: string, step: Record<string, unknown>): Promise<{ stages: StageMeasure[]; out: string }> {
  const manifest = await prepareRun(loadPipeline(pipeline(dir, name, step)), true);
  const runDir = join(dir, "runs", name);
  const stages: StageMeasure[] = [];
  for (const stage of manifest.stages) {
    const m: StageMeasure = { stage: stage.name, tasks: stage.tasks, cpuSeconds: 0, peakRssBytes: 0 };
    for (let t = 0; t < stage.tasks; t++) {
      const c: ChildMeasure = runMeasured(join(ROOT, "bin", "winnow.js"), ["run-task", runDir, "--stage", stage.name, "--task", String(t)], ROOT);
      m.cpuSeconds += c.cpuSeconds;
      m.peakRssBytes = Math.max(m.peakRssBytes, c.peakRssBytes);
    }
    stages.push(m);
  }
  return { stages, out: join(runDir, "output") };
}

/** CPU MB/s of exact dedup's key hashing alone (default options: NFKC, lowercase, collapsed whitespace; sha256). */
function hashingSpeed(dir: string): number {
  const texts: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) if (line) texts.push((JSON.parse(line) as { text: string }).text);
  }
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  for (const t of texts.slice(0, 2000)) textKeyHash(t, { lowercase: true, collapse_whitespace: true, nfkc: true }); // JIT and tables warm
  const t0 = process.cpuUsage();
  let x = 0;
  for (const t of texts) x ^= textKeyHash(t, { lowercase: true, collapse_whitespace: true, nfkc: true })[0];
  const u = process.cpuUsage(t0);
  if (x === 0.5) console.log(x); // keeps the loop's result alive
  return bytes / 1e6 / ((u.user + u.system) / 1e6);
}

function score(input: string, output: string): Score {
  const r = spawnSync("python3", [join(TOOLS, "eval_dedup.py"), input, output], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`eval_dedup.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Score;
}

const mbps = (bytes: number, s: number) => bytes / 1e6 / s;
const f1 = (s: Score) => (2 * s.recall * s.precision) / (s.recall + s.precision);
const rows: string[] = [];
const hashing: string[] = [];
mkdirSync(DATA, { recursive: true });
for (const mb of SIZES) {
  const c = corpus(mb);
  const size = `${(c.bytes / 1e6).toFixed(0)} MB`;
  hashing.push(`${size}: ${hashingSpeed(c.dir).toFixed(0)} MB/s`);
  console.log(`exact hashing, ${hashing[hashing.length - 1]}`);
  for (const [name, step] of [
    ["minhash", { minhash_dedup: {} }],
    ["minhash-fineweb", { minhash_dedup: { verify: "none" } }],
    ["exact", { exact_dedup: {} }],
  ] as const) {
    const whole = runWhole(c.dir, name, step);
    const m = await runStages(c.dir, name, step);
    const s = name === "exact" ? undefined : score(c.dir, whole.out);
    if (s && JSON.stringify(score(c.dir, m.out)) !== JSON.stringify(s)) throw new Error(`${name}: stage by stage and whole runs disagree`);
    const quality = s ? `${s.recall.toFixed(4)} / ${s.precision.toFixed(4)} / ${f1(s).toFixed(4)}` : "—";
    const cpu = m.stages.reduce((a, x) => a + x.cpuSeconds, 0);
    const perStage = m.stages.map((x) => `${x.stage.replace(/^(minhash|exact)_dedup-/, "")} ${mbps(c.bytes, x.cpuSeconds).toFixed(1)} / ${(x.peakRssBytes / 2 ** 20).toFixed(0)}`).join("; ");
    rows.push(
      `| ${size} | ${name} | ${whole.cpuSeconds.toFixed(1)} | **${mbps(c.bytes, whole.cpuSeconds).toFixed(2)}** | ${whole.wallSeconds.toFixed(1)} | ${(whole.peakRssBytes / 2 ** 20).toFixed(0)} | ${cpu.toFixed(1)} | ${perStage} | ${quality} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  writeSection(); // after each size: a long benchmark stopped early keeps what it measured
}

function writeSection(): void {
  writeDocSection(
    DOC,
    "dedup",
    `
## Deduplication (\`npm run bench:dedup\`)

Labelled corpora from \`../shared/tools/make_corpus.py\` (seed 1234, ${SIZES.join(" and ")} MiB, in shards of about 30 MB). Pipeline: the dedup
step, then \`write: {format: jsonl}\`. Jobs: \`minhash\` is \`minhash_dedup: {}\` (FineWeb's 5-grams and 14 × 8 bands,
candidate pairs verified by sketch, the default), \`minhash-fineweb\` adds \`verify: none\` (FineWeb's LSH as published),
\`exact\` is \`exact_dedup: {}\`. Each job runs twice, measured from outside with ${measureMethod()}:
- **whole**: \`winnow run <pipeline> --workers 1\`, as a user runs it: CPU s is user + system of every thread, start-up
  included; **MB per CPU-s** is MB of input JSONL per CPU-second (the machine is shared, so wall time says little);
- **by stage**: every task of every stage alone in its own \`winnow run-task\` process; per stage, MB per CPU-s and the
  peak RSS MiB of its largest task (\`segment-0\`: read + index, \`buckets\`/\`merge\`, \`cluster\`, \`segment-1\`: apply +
  write). Each process pays Node's start and module loading (~0.5–1 CPU-s), so the sum is above the whole run's.
Recall / precision by \`../shared/tools/eval_dedup.py\` (both runs give the same output). Reference (datatrove 0.10,
126 MB corpus): MinHash ${REFERENCE.minhashPerCpu} MB/s per CPU-s, recall ${REFERENCE.recall}, precision ${REFERENCE.precision}; exact dedup ${REFERENCE.exactPerCpu} MB/s per CPU-s.

| corpus | job | whole: CPU s | MB per CPU-s | wall s | peak RSS MiB | by stage: CPU s | per stage: MB per CPU-s / peak RSS MiB | recall / precision / F1 |
|---|---|--:|--:|--:|--:|--:|---|---|
${rows.join("\n")}

Exact dedup's hashing alone (normalization NFKC + lowercase + collapsed whitespace, then sha256; texts in memory,
\`process.cpuUsage()\` around the loop, MB of UTF-8 text per CPU-second): ${hashing.join(", ")}.
`,
  );
}
