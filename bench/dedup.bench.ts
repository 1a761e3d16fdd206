/**
 * `npm run bench:dedup`: MinHash dedup (FineWeb settings, and with `verify: shingles`) and
 * exact dedup on labelled corpora from the shared `make_corpus.py` at two sizes (~120 MB and
 * its double), scored by the shared `eval_dedup.py`. Each run is planned in-process, then every
 * task of every stage runs as its own `winnow run-task` process, measured from outside (CPU
 * time, peak RSS), so that CPU and memory are known per stage. Also the CPU throughput of exact
 * dedup's hashing (normalize + sha256) alone. Writes the `dedup` section of BENCHMARKS.md.
 * DEDUP_BENCH_MB="15,30" sets the sizes (MiB).
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

function corpus(mb: number): { dir: string; bytes: number } {
  const dir = join(DATA, `dedup-seed1234-${mb}mib`);
  if (!existsSync(join(dir, "manifest.json"))) {
    const r = spawnSync("python3", [join(TOOLS, "make_corpus.py"), dir, "--seed", "1234", "--target-mb", String(mb), "--shards", "4"], { encoding: "utf8" });
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

/** Plans the run, then runs each task of each stage in its own measured process, one at a time. */
async function run(dir: string, name: string, step: Record<string, unknown>): Promise<{ stages: StageMeasure[]; out: string }> {
  const file = join(dir, `${name}.yaml`);
  const config = { input: { paths: ["*.jsonl"] }, output: `runs/${name}`, seed: 1, steps: [step, { write: { format: "jsonl" } }] };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  const manifest = await prepareRun(loadPipeline(file), true);
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
    ["minhash-verify", { minhash_dedup: { verify: "shingles" } }],
    ["exact", { exact_dedup: {} }],
  ] as const) {
    const m = await run(c.dir, name, step);
    const s = name === "exact" ? undefined : score(c.dir, m.out);
    const quality = s ? `${s.recall.toFixed(4)} / ${s.precision.toFixed(4)} / ${f1(s).toFixed(4)}` : "—";
    const cpu = m.stages.reduce((a, x) => a + x.cpuSeconds, 0);
    const rss = Math.max(...m.stages.map((x) => x.peakRssBytes));
    const perStage = m.stages.map((x) => `${x.stage.replace(/^(minhash|exact)_dedup-/, "")} ${mbps(c.bytes, x.cpuSeconds).toFixed(1)} / ${(x.peakRssBytes / 2 ** 20).toFixed(0)}`).join("; ");
    rows.push(`| ${size} | ${name} | ${cpu.toFixed(1)} | ${mbps(c.bytes, cpu).toFixed(2)} | ${(rss / 2 ** 20).toFixed(0)} | ${perStage} | ${quality} |`);
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

Labelled corpora from \`../shared/tools/make_corpus.py\` (seed 1234, ${SIZES.join(" and ")} MiB). Each run is planned, then
every task of every stage runs alone in its own \`winnow run-task\` process (read, the stage's work, write JSONL at the
end), measured from outside with ${measureMethod()}. Speed is **MB of input JSONL per CPU-second** (user + system),
not wall time: the 2-core machine is shared with other work, so wall time says little. Per stage: MB per CPU-s /
peak RSS MiB of its largest task (\`segment-0\`: read + index, \`buckets\`/\`merge\`, \`cluster\`, \`segment-1\`:
apply + write); each process's Node startup (~0.1–0.3 CPU-s) counts. Recall / precision by
\`../shared/tools/eval_dedup.py\`. Reference (datatrove 0.10, 126 MB corpus): MinHash ${REFERENCE.minhashPerCpu} MB/s per CPU-s,
recall ${REFERENCE.recall}, precision ${REFERENCE.precision}; exact dedup ${REFERENCE.exactPerCpu} MB/s per CPU-s. \`minhash-verify\` is
\`verify: shingles\` (exact Jaccard with numbers kept).

| corpus | job | CPU s | MB per CPU-s | peak RSS MiB | per stage: MB per CPU-s / peak RSS MiB | recall / precision / F1 |
|---|---|---|---|---|---|---|
${rows.join("\n")}

Exact dedup's hashing alone (normalization NFKC + lowercase + collapsed whitespace, then sha256; texts in memory,
\`process.cpuUsage()\` around the loop, MB of UTF-8 text per CPU-second): ${hashing.join(", ")}.
`,
  );
}
