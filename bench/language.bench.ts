/**
 * Language ID: accuracy of the `language` step's model (lid.176) on lingua's test sentences
 * per language, and speed of winnow's fastText engine next to Debian's C++ `fasttext
 * predict-prob` with the same model on the same file, in the same run (CPU seconds).
 * Writes its section of BENCHMARKS.md.   Run: npm run bench:language
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FastTextModel, LABEL_PREFIX } from "../src/models/fasttext/index.js";
import { writeDocSection } from "./doc-section.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SENTENCES = join(ROOT, "..", "shared", "data", "C-langid", "lingua", "sentences");
const MODEL = createRequire(import.meta.url).resolve("fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");
/** lingua's nb is lid.176's `no`. */
const ALIAS: Record<string, string> = { nb: "no" };

if (!existsSync(SENTENCES)) {
  console.error(`bench:language needs ${SENTENCES} (the project's shared data); it is absent here.`);
  process.exit(1);
}

const model = FastTextModel.loadSync(MODEL);
const known = new Set(model.labels.map((l) => l.slice(LABEL_PREFIX.length)));
const rows: { lang: string; n: number; correct: number }[] = [];
const allLines: string[] = [];
for (const file of readdirSync(SENTENCES).sort()) {
  const lang = file.replace(/\.txt$/, "");
  const expected = ALIAS[lang] ?? lang;
  const lines = readFileSync(join(SENTENCES, file), "utf8").split("\n").filter((l) => l.trim());
  allLines.push(...lines);
  if (!known.has(expected)) continue;
  let correct = 0;
  for (const line of lines) if (model.predict(line, 1)[0]?.label === LABEL_PREFIX + expected) correct++;
  rows.push({ lang, n: lines.length, correct });
}
const total = rows.reduce((a, r) => a + r.n, 0);
const correct = rows.reduce((a, r) => a + r.correct, 0);

// Speed: the same sentences grouped into ~2 KB documents, one per line (web-page-sized inputs).
const docs: string[] = [];
for (let i = 0, cur = ""; i < allLines.length; i++) {
  cur += (cur ? " " : "") + allLines[i];
  if (cur.length >= 2000 || i === allLines.length - 1) {
    docs.push(cur);
    cur = "";
  }
}
const dir = mkdtempSync(join(tmpdir(), "winnow-lid-"));
const file = join(dir, "docs.txt");
writeFileSync(file, docs.join("\n") + "\n");
const mb = readFileSync(file).length / 1e6;

function ours(): number {
  const t0 = process.cpuUsage();
  for (const d of docs) model.predict(d, 1);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}
function theirs(): number | undefined {
  if (spawnSync("fasttext", ["--help"]).error) return undefined;
  // CPU seconds of the child, from bash's `times` (user+sys of children).
  const out = execFileSync("bash", ["-c", `fasttext predict-prob '${MODEL}' '${file}' 1 > /dev/null; times`], { encoding: "utf8" });
  const child = out.trim().split("\n").pop()!.split(/\s+/);
  const secs = (s: string) => { const m = /(\d+)m([\d.]+)s/.exec(s)!; return Number(m[1]) * 60 + Number(m[2]); };
  return secs(child[0]) + secs(child[1]);
}
const best = (f: () => number | undefined) => {
  let b: number | undefined;
  for (let i = 0; i < 3; i++) {
    const t = f();
    if (t !== undefined && (b === undefined || t < b)) b = t;
  }
  return b;
};
const tOurs = best(ours)!;
const tTheirs = best(theirs);

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
const body = [
  "## Language ID (lid.176)",
  "",
  "Reproduce with `npm run bench:language`.",
  "",
  `Speed: ${docs.length.toLocaleString("en-US")} documents of about 2 KB (${mb.toFixed(1)} MB, lingua's sentences grouped), top label, one thread, CPU seconds, best of 3, same file, same run. winnow excludes the model load (${"<"} 0.1 s); fastText includes its process start.`,
  "",
  "| engine | CPU s | MB/s per core |",
  "|---|--:|--:|",
  `| winnow (TypeScript fastText engine) | ${tOurs.toFixed(2)} | ${(mb / tOurs).toFixed(1)} |`,
  tTheirs === undefined ? "| Debian `fasttext predict-prob` | not installed | – |" : `| Debian \`fasttext predict-prob\` 0.9.2 | ${tTheirs.toFixed(2)} | ${(mb / tTheirs).toFixed(1)} |`,
  "",
  `Accuracy on lingua's test sentences (\`../shared/data/C-langid\`, the half there: 500 sentences per language), top label of lid.176.ftz — the model's own accuracy, since winnow's predictions equal fastText's: **${pct(correct, total)} overall** (${correct.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}, ${rows.length} languages; the ${readdirSync(SENTENCES).length - rows.length} lingua languages lid.176 lacks are left out).`,
  "",
  "| lang | accuracy | lang | accuracy | lang | accuracy |",
  "|---|--:|---|--:|---|--:|",
];
for (let i = 0; i < rows.length; i += 3) {
  body.push("| " + rows.slice(i, i + 3).map((r) => `${r.lang} | ${pct(r.correct, r.n)}`).join(" | ") + " |");
}
writeDocSection(join(ROOT, "BENCHMARKS.md"), "language", body.join("\n"));
console.log(body.join("\n"));
