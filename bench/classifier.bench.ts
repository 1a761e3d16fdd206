/**
 * Speed of the `classifier` step (winnow's fastText engine) next to Debian's C++ `fasttext
 * predict-prob` with the same model on the same documents, in the same run (CPU seconds).
 * The model is a binary quality classifier trained here by fastText on the DCLM authors'
 * human-labelled web documents (`-dim 100 -wordNgrams 2`, as DCLM-style classifiers use
 * bigrams); the documents are real web and Wikipedia text from ../shared/data/E-webtext.
 * Writes its section of BENCHMARKS.md.   Run: npm run bench:classifier
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Doc } from "../src/core/doc.js";
import { classifierFilter } from "../src/classifier/step.js";
import { readLabelledLines } from "../src/classifier/train/index.js";
import { benchContext, twoKbDocs } from "./bench-docs.js";
import { writeDocSection } from "./doc-section.js";
import { describeMachine } from "./machine.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WEB = join(ROOT, "..", "shared", "data", "E-webtext");
const DCLM = join(WEB, "dclm-quality-annotations", "majority_data.jsonl");
const FASTTEXT = process.env.FASTTEXT_BIN ?? "fasttext";
if (!existsSync(DCLM)) {
  console.error(`bench:classifier needs ${WEB} (the project's shared data); it is absent here.`);
  process.exit(1);
}
if (spawnSync(FASTTEXT, ["--help"]).error) {
  console.error("bench:classifier needs Debian's fasttext binary (apt-get install fasttext).");
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "winnow-bench-classifier-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

// The model: fastText's own training on the labelled documents.
const train = join(dir, "train.txt");
writeFileSync(train, (await readLabelledLines(DCLM, { format: "jsonl", labelField: "label", textField: "text" })).join("\n") + "\n");
const hp = ["-dim", "100", "-wordNgrams", "2", "-bucket", "200000", "-epoch", "5", "-lr", "0.5", "-thread", "1", "-verbose", "0"];
execFileSync(FASTTEXT, ["supervised", "-input", train, "-output", join(dir, "quality"), ...hp]);
const model = join(dir, "quality.bin");

// The documents: web pages and Wikipedia articles, about 2 KB each, three copies (~13 MB).
const texts = twoKbDocs(WEB, ["wikitext-2/valid.txt", "wikitext-2/test.txt", "tinyshakespeare/input.txt"]);
const docs = [...texts, ...texts, ...texts];
const file = join(dir, "docs.txt");
// predict-prob reads one document per line: the same newline → space the step applies.
writeFileSync(file, docs.map((t) => t.replaceAll("\n", " ")).join("\n") + "\n");
const mb = Buffer.byteLength(docs.join(""), "utf8") / 1e6;

const ctx = benchContext("quality");
const step = await classifierFilter.create(classifierFilter.schema.parse({ model, label: "1", threshold: 0.5 }), ctx);

async function ours(): Promise<number> {
  const batch = docs.map((text, i): Doc => ({ id: String(i), text, metadata: {} }));
  const t0 = process.cpuUsage();
  for (let i = 0; i < batch.length; i += 1000) await step.process(batch.slice(i, i + 1000));
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}
const empty = join(dir, "empty.txt");
writeFileSync(empty, "");
function theirs(input = file): number {
  const out = execFileSync("bash", ["-c", `${FASTTEXT} predict-prob '${model}' '${input}' -1 > /dev/null; times`], { encoding: "utf8" });
  const child = out.trim().split("\n").pop()!.split(/\s+/);
  const secs = (s: string) => {
    const m = /(\d+)m([\d.]+)s/.exec(s)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  return secs(child[0]) + secs(child[1]);
}
let tOurs = Infinity;
let tTheirs = Infinity;
let tLoad = Infinity;
for (let i = 0; i < 3; i++) {
  tOurs = Math.min(tOurs, await ours());
  tTheirs = Math.min(tTheirs, theirs());
  tLoad = Math.min(tLoad, theirs(empty));
}

const m = describeMachine();
const body = [
  "## Quality classifier inference (classifier step vs fastText)",
  "",
  "Reproduce with `npm run bench:classifier`.",
  "",
  `${docs.length.toLocaleString("en-US")} documents of about 2 KB (${mb.toFixed(1)} MB: the DCLM annotated web pages, WikiText-2 and Tiny Shakespeare, three copies), one binary fastText model (\`${hp.slice(0, 6).join(" ")}\`, trained by fastText on the DCLM labels), probabilities of every label, one thread, CPU seconds, best of 3, same file, same run. winnow runs the \`classifier\` step itself (newline → space, prediction, metadata, threshold), excluding the model load; fastText reads the prepared one-line-per-document file and includes its process start and model load. ${m.cores} cores shared with other jobs (${m.cpu}, Node ${m.node}, ${m.date}; load average ${loadavg()[0].toFixed(1)} at the end of the run): figures are noisy.`,
  "",
  "| engine | CPU s | MB/s per core |",
  "|---|--:|--:|",
  `| winnow \`classifier\` step | ${tOurs.toFixed(2)} | ${(mb / tOurs).toFixed(1)} |`,
  `| Debian \`fasttext predict-prob\` 0.9.2 | ${tTheirs.toFixed(2)} | ${(mb / tTheirs).toFixed(1)} |`,
  `| Debian \`fasttext predict-prob\` 0.9.2, less its start and model load (${tLoad.toFixed(2)} s on an empty file) | ${(tTheirs - tLoad).toFixed(2)} | ${(mb / (tTheirs - tLoad)).toFixed(1)} |`,
  "",
  "winnow sums the input-matrix rows of each document (its words and word bigrams) and hashes its bigrams in a WebAssembly SIMD kernel assembled in `src/models/fasttext/wasm-kernel.ts` (float32 additions in fastText's order, so probabilities are unchanged to the bit; `test/fasttext-crosscheck.test.ts`); the first prediction copies the input matrix into WebAssembly memory. Before the kernel (2026-12-01, same machine, less loaded): winnow 7.0 MB/s, fastText 9.8 MB/s. CPU time is used because wall time means nothing on a machine shared by several jobs; the load also slows both engines from run to run.",
];
writeDocSection(join(ROOT, "BENCHMARKS.md"), "classifier", body.join("\n"));
console.log(body.join("\n"));
