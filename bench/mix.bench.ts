/**
 * `winnow mix` cost, in MB of source text per CPU-second (`process.cpuUsage`: the machine is
 * shared, wall time means little), and peak memory as the corpus grows:
 *   1. first mix: token counting (cl100k_base) + selection + external shuffle + jsonl.zst;
 *   2. the same mix again: counts from the cache, so selection + shuffle + write alone;
 *   3. again with Megatron token files written from the shuffled stream.
 * Each corpus size runs in a child process with a 160 MB V8 heap, so that its peak RSS is its own.
 *
 *   npm run bench:mix [-- --mb 8,32]
 *
 * Corpus: the E-webtext JSONL texts of shared/data, repeated with fresh ids up to the size,
 * split into three sources mixed 0.5 / 0.3 / 0.2 at 1.5× their total tokens (so two sources are
 * upsampled), 8 MB shuffle buckets.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateMix } from "../src/mix/load.js";
import { runMix } from "../src/mix/mix.js";
import { webText } from "../test/tokenize-helpers.js";
import { writeDocSection } from "./doc-section.js";
import { describeMachine } from "./machine.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * V8 heap limit of each child: memory that grew with the corpus would make the larger run fail.
 * Without it V8 collects lazily and RSS rises with the input anyway (269 → 526 MB for 8 → 32 MB
 * here), which says nothing about what is retained.
 */
const HEAP_MB = 160;

interface Result {
  mb: number;
  docs: number;
  tokens: number;
  buckets: number;
  count: number;
  mix: number;
  withTokens: number;
  rssMB: number;
}

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function child(mb: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "winnow-mix-bench-"));
  try {
    const base = webText(7e6);
    const names = ["web", "books", "code"];
    const lines: string[][] = [[], [], []];
    let bytes = 0;
    for (let i = 0; bytes < mb * 1e6; i++) {
      const text = base[i % base.length];
      lines[i % 3].push(JSON.stringify({ id: `doc-${i}`, text }));
      bytes += Buffer.byteLength(text);
    }
    names.forEach((n, s) => writeFileSync(join(dir, `${n}.jsonl`), lines[s].join("\n") + "\n"));
    const cfg = (name: string, tokens: boolean, total?: number) =>
      validateMix(
        {
          seed: 1,
          sources: names.map((n) => ({ name: n, files: [`${n}.jsonl`] })),
          proportions: { web: 0.5, books: 0.3, code: 0.2 },
          total_tokens: total,
          bucket_bytes: "8MB",
          output: { dir: name, ...(tokens ? { tokens: { format: "megatron" } } : {}) },
        },
        dir,
      );
    // Without a budget first (each source once), to learn the size; the measured mixes ask 1.5×.
    let t = cpu();
    const first = await runMix(cfg("probe", false));
    const count = cpu() - t;
    const total = Math.round(1.5 * first.sources.reduce((a, s) => a + s.available_tokens, 0));
    t = cpu();
    const r = await runMix(cfg("mix", false, total));
    const mix = cpu() - t;
    t = cpu();
    await runMix(cfg("tokens", true, total));
    const withTokens = cpu() - t;
    return {
      mb: bytes / 1e6,
      docs: r.output.documents,
      tokens: r.used_tokens,
      buckets: r.output.buckets,
      // The probe mixed each source once; its counting is the rest of its CPU time.
      count: count - (mix * first.used_tokens) / r.used_tokens,
      mix,
      withTokens,
      rssMB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const i = process.argv.indexOf("--child");
if (i !== -1) {
  process.stdout.write(JSON.stringify(await child(Number(process.argv[i + 1]))));
} else {
  const j = process.argv.indexOf("--mb");
  const sizes = (j === -1 ? "8,32" : process.argv[j + 1]).split(",").map(Number);
  const rows: Result[] = [];
  for (const mb of sizes) {
    process.stderr.write(`bench: mix ${mb} MB\n`);
    rows.push(JSON.parse(execFileSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, fileURLToPath(import.meta.url), "--child", String(mb)], { encoding: "utf8", maxBuffer: 1 << 20 })));
  }
  const m = describeMachine();
  const f = (x: number) => x.toFixed(1);
  const body = [
    "## Mixing (`npm run bench:mix`)",
    "",
    "MB of source text per CPU-second (user + system, `process.cpuUsage`; wall time is meaningless on this shared machine), one thread.",
    "Three sources of shared/data E-webtext text (repeated with fresh ids), proportions 0.5/0.3/0.2 at 1.5× their tokens (upsampling),",
    `8 MB shuffle buckets, cl100k_base. ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date} — shared with other work: figures are noisy.`,
    "Counting is paid once per file and tokenizer (cached); a mix with other proportions costs the \"mix\" column alone.",
    "",
    "| source text | mix output | buckets | count tokens | mix (select, shuffle, jsonl.zst) | mix + Megatron tokens | peak RSS |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${f(r.mb)} MB | ${r.docs} docs, ${(r.tokens / 1e6).toFixed(2)}M tokens | ${r.buckets} | ${f(r.mb / r.count)} MB/s | ${f(r.mb / r.mix)} MB/s | ${f(r.mb / r.withTokens)} MB/s | ${r.rssMB.toFixed(0)} MB |`),
    "",
    `Each size runs in its own process with a ${HEAP_MB} MB V8 heap limit (\`--max-old-space-size\`), which the cl100k_base tables`,
    "(~100 MB) share with the mix: memory that grew with the corpus would make the larger run fail. Peak RSS is the whole process.",
    "The shuffle holds one bucket (sorted) at a time; the remainder selection a 65,536-bin histogram plus one bin's documents.",
    "The token column re-encodes the output (1.5× the source text: repeats are encoded again) with a freshly built, cold cl100k_base encoder.",
  ].join("\n");
  writeDocSection(join(ROOT, "BENCHMARKS.md"), "mix", body);
  console.log(body);
}
