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
import { decompress as zstdDecompress } from "zstd-napi";
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

/** 5-word shingles with the step's normalization but numbers kept as written (what a reader calls the same text), as strings. */
function shingleSet(text: string): Set<string> {
  const words = text.toLowerCase().normalize("NFD").replace(/[\p{P}\p{S}\p{Mn}]/gu, "").split(/\s+/).filter((w) => w !== "");
  const out = new Set<string>();
  for (let i = 0; i + 5 <= words.length; i++) out.add(words.slice(i, i + 5).join(" "));
  if (words.length > 0 && words.length < 5) out.add(words.join(" "));
  return out;
}

interface Row {
  id: string;
  text: string;
  dup_of?: string;
}

/**
 * Pair level on a sample: the documents of every 16th ground-truth cluster of the corpus (whole
 * clusters), deduplicated by `step`; every pair of them is a true pair when the brute-force
 * Jaccard of their shingle sets reaches the S-curve midpoint of 14 × 8, (1/14)^(1/8) ≈ 0.72,
 * and a found one when both end in the same cluster. Pairs sharing no shingle have Jaccard 0:
 * an inverted index finds the others.
 */
async function pairLevel(dir: string, name: string, step: Record<string, unknown>): Promise<string> {
  const sampleDir = join(dir, "pair-sample");
  const rows: Row[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (!line) continue;
      const r = JSON.parse(line) as Row;
      if (Number((r.dup_of ?? r.id).replace(/\D/g, "")) % 16 === 0) rows.push(r);
    }
  }
  mkdirSync(sampleDir, { recursive: true });
  writeFileSync(join(sampleDir, "sample.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const file = pipeline(sampleDir, name, step);
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "winnow.js"), "run", file, "--restart", "--progress", "off"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pair sample run failed: ${r.stderr}`);
  const cluster = new Map(rows.map((x) => [x.id, x.id]));
  for (const f of readdirSync(join(sampleDir, "runs", name, "removed", "minhash_dedup"))) {
    const text = zstdDecompress(readFileSync(join(sampleDir, "runs", name, "removed", "minhash_dedup", f))).toString("utf8");
    for (const line of text.split("\n")) {
      if (!line) continue;
      const d = JSON.parse(line) as { id: string; metadata: { removed_by: { value: { cluster: string } } } };
      cluster.set(d.id, d.metadata.removed_by.value.cluster);
    }
  }
  const sets = rows.map((x) => shingleSet(x.text));
  const postings = new Map<string, number[]>();
  sets.forEach((set, i) => set.forEach((sh) => postings.set(sh, [...(postings.get(sh) ?? []), i])));
  const threshold = (1 / 14) ** (1 / 8);
  let tp = 0;
  let fn = 0;
  const truth = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const shared = new Map<number, number>();
    for (const sh of sets[i]) for (const j of postings.get(sh)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, inter] of shared) {
      if (inter / (sets[i].size + sets[j].size - inter) < threshold) continue;
      truth.add(i * rows.length + j);
      if (cluster.get(rows[i].id) === cluster.get(rows[j].id)) tp++;
      else fn++;
    }
  }
  let found = 0;
  const members = new Map<string, number[]>();
  rows.forEach((x, i) => members.set(cluster.get(x.id)!, [...(members.get(cluster.get(x.id)!) ?? []), i]));
  for (const m of members.values()) found += (m.length * (m.length - 1)) / 2;
  const fp = found - tp;
  return `${rows.length} documents, ${truth.size} true pairs: precision ${(tp / (tp + fp)).toFixed(4)}, recall ${(tp / (tp + fn)).toFixed(4)} (tp ${tp}, fp ${fp}, fn ${fn})`;
}

const mbps = (bytes: number, s: number) => bytes / 1e6 / s;
const f1 = (s: Score) => (2 * s.recall * s.precision) / (s.recall + s.precision);
const rows: string[] = [];
const hashing: string[] = [];
const pairs: string[] = [];
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
    if (mb === SIZES[0] && name !== "exact") {
      pairs.push(`\`${name}\`: ${await pairLevel(c.dir, name, step)}`);
      console.log(pairs[pairs.length - 1]);
    }
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

Pair level, against brute-force Jaccard on a sample of the ${SIZES[0]} MiB corpus (whole ground-truth clusters, every
16th; a pair is true when the Jaccard of its 5-word shingle sets, numbers kept, reaches (1/14)^(1/8) ≈ 0.72, the
S-curve midpoint, and found when both documents end in the same cluster):
${pairs.map((p) => `- ${p}`).join("\n")}

Exact dedup's hashing alone (normalization NFKC + lowercase + collapsed whitespace, then sha256; texts in memory,
\`process.cpuUsage()\` around the loop, MB of UTF-8 text per CPU-second): ${hashing.join(", ")}.
`,
  );
}
