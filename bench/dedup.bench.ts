/**
 * `npm run bench:dedup`: MinHash dedup (FineWeb settings, and with `verify: shingles`) and
 * exact dedup through the real CLI on labelled corpora from the shared `make_corpus.py` at
 * two sizes, measured from outside (wall, CPU, peak RSS of the whole run: every stage), scored
 * by the shared `eval_dedup.py`; writes the `dedup` section of BENCHMARKS.md. Sizes are kept
 * small (a few minutes in all on 2 cores): DEDUP_BENCH_MB="15,30" overrides them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeDocSection } from "./doc-section.js";
import { measureMethod, runMeasured, type ChildMeasure } from "./measured-child.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TOOLS = resolve(ROOT, "..", "shared", "tools");
const DATA = join(ROOT, "bench", ".data");
const DOC = join(ROOT, "BENCHMARKS.md");
/** datatrove 0.10 on the 126 MB corpus, this machine's kind (../shared/tools/README.md). */
const REFERENCE = { minhashPerCpu: 0.45, exactPerCpu: 14.5, recall: 0.969, precision: 0.998 };
const SIZES = (process.env.DEDUP_BENCH_MB ?? "15,30").split(",").map(Number);

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

function run(dir: string, name: string, step: Record<string, unknown>): ChildMeasure & { out: string } {
  const file = join(dir, `${name}.yaml`);
  const config = { input: { paths: ["*.jsonl"] }, output: `runs/${name}`, seed: 1, steps: [step, { write: { format: "jsonl" } }] };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  const m = runMeasured(join(ROOT, "bin", "winnow.js"), ["run", file, "--restart", "--progress", "off", "--workers", "2"], ROOT);
  return { ...m, out: join(dir, "runs", name, "output") };
}

function score(input: string, output: string): Score {
  const r = spawnSync("python3", [join(TOOLS, "eval_dedup.py"), input, output], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`eval_dedup.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Score;
}

const mbps = (bytes: number, s: number) => bytes / 1e6 / s;
const f1 = (s: Score) => (2 * s.recall * s.precision) / (s.recall + s.precision);
const rows: string[] = [];
mkdirSync(DATA, { recursive: true });
for (const mb of SIZES) {
  const c = corpus(mb);
  const size = `${(c.bytes / 1e6).toFixed(0)} MB`;
  for (const [name, step] of [
    ["minhash", { minhash_dedup: {} }],
    ["minhash-verify", { minhash_dedup: { verify: "shingles" } }],
    ["exact", { exact_dedup: {} }],
  ] as const) {
    const m = run(c.dir, name, step);
    const s = name === "exact" ? undefined : score(c.dir, m.out);
    const quality = s ? `${s.recall.toFixed(4)} / ${s.precision.toFixed(4)} / ${f1(s).toFixed(4)}` : "—";
    rows.push(
      `| ${size} | ${name} | ${m.wallSeconds.toFixed(1)} | ${m.cpuSeconds.toFixed(1)} | ${mbps(c.bytes, m.cpuSeconds).toFixed(2)} | ${(m.peakRssBytes / 2 ** 20).toFixed(0)} | ${quality} |`,
    );
    console.log(rows[rows.length - 1]);
  }
}

writeDocSection(
  DOC,
  "dedup",
  `
## Deduplication (\`npm run bench:dedup\`)

Labelled corpora from \`../shared/tools/make_corpus.py\` (seed 1234, ${SIZES.join(" and ")} MiB), each job through the CLI
with 2 workers, whole runs (read, every stage, write JSONL) measured from outside with ${measureMethod()}; recall /
precision by \`../shared/tools/eval_dedup.py\`. MB/s per CPU-second: JSONL bytes over user + system time of the whole
process. Reference (datatrove 0.10, 126 MB corpus): MinHash ${REFERENCE.minhashPerCpu} MB/s per CPU-s, recall
${REFERENCE.recall}, precision ${REFERENCE.precision}; exact dedup ${REFERENCE.exactPerCpu} MB/s per CPU-s. Corpora here are smaller
than the reference's (the whole benchmark must stay within minutes on a shared 2-core machine), and the machine was
shared while measuring: timings are noisy. \`minhash-verify\` is \`verify: shingles\` (exact Jaccard with numbers kept).

| corpus | job | wall s | CPU s | MB/s per CPU-s | peak RSS MiB | recall / precision / F1 |
|---|---|---|---|---|---|---|
${rows.join("\n")}
`,
);
