/**
 * `winnow decontaminate` and the run report: items of the five example benchmarks
 * (examples/benchmarks.yaml: GSM8K, MMLU, LogiQA, ReClor, FOLIO) planted verbatim and lightly
 * edited in real web documents must all be reported with the ids of the documents that hold
 * them; clean web documents give the false-positive rate. The index cache must give the same
 * report as a fresh build, and a pipeline's `decontaminate` step the same report as the command.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseCsv } from "../src/decontam/csv.js";
import { parseLogiQa } from "../src/decontam/logiqa.js";
import { loadBenchmarkSet, scanCorpus } from "../src/decontam/scan.js";
import type { ContaminationFindings } from "../src/decontam/tally.js";
import { cli, ROOT, SHARED_DATA, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

const BENCH = join(SHARED_DATA, "D-benchmarks");
const WEB = join(SHARED_DATA, "E-webtext");
const SET = join(ROOT, "examples", "benchmarks.yaml");
const present = existsSync(BENCH) && existsSync(WEB);
/** Shared by both tests: the index is built once. */
const CACHE = tmpDir("winnow-decontam-cache-");

function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function webDocs(): string[] {
  const out: string[] = [];
  for (const dir of ["dolma", "data-juicer", "dclm-quality-annotations"]) {
    for (const f of readdirSync(join(WEB, dir)).sort()) if (f.endsWith(".jsonl")) out.push(...jsonl(join(WEB, dir, f)).map((r) => r.text as string));
  }
  return out;
}

/** Every `step`-th item of each example benchmark, as its item id and a text a web page might show. */
function plants(step: number): { benchmark: string; item: string; text: string }[] {
  const out: { benchmark: string; item: string; text: string }[] = [];
  jsonl(join(BENCH, "gsm8k", "test.jsonl")).forEach((r, i) => {
    if (i % step === 0) out.push({ benchmark: "gsm8k", item: `test.jsonl#${i + 1}`, text: `${r.question}\n${r.answer}` });
  });
  let k = 0;
  for (const f of readdirSync(join(BENCH, "mmlu", "test")).sort()) {
    for (const { row, record: r } of parseCsv(readFileSync(join(BENCH, "mmlu", "test", f), "utf8"))) {
      if (k++ % (step * 10) !== 0) continue;
      const text = `${r.question}\nA. ${r.choice0}\nB. ${r.choice1}\nC. ${r.choice2}\nD. ${r.choice3}`;
      if (text.split(/\s+/).length >= 16) out.push({ benchmark: "mmlu", item: `${f}#${row}`, text });
    }
  }
  parseLogiQa(readFileSync(join(BENCH, "logiqa", "Test.txt"), "utf8")).forEach(({ record, item }, i) => {
    if (i % step === 0) out.push({ benchmark: "logiqa", item: `Test.txt#${record}`, text: [item.context, item.question, ...item.options].join("\n") });
  });
  jsonl(join(BENCH, "logieval", "reclor.jsonl")).forEach((r, i) => {
    if (i % step === 0) out.push({ benchmark: "reclor", item: `reclor.jsonl#${i + 1}`, text: (r.input as { content: string }[])[1].content });
  });
  jsonl(join(BENCH, "folio", "folio-validation.jsonl")).forEach((r, i) => {
    if (i % step === 0) out.push({ benchmark: "folio", item: `folio-validation.jsonl#${i + 1}`, text: `${(r.premises as string[]).join(" ")}\nConclusion: ${r.conclusion}` });
  });
  return out;
}

/** Case, spacing and punctuation edits. */
const EDITS: ((t: string) => string)[] = [
  (t) => t.toUpperCase(),
  (t) => t.replace(/ /g, (_, at: number) => (at % 3 === 0 ? "  " : " ")).replace(/\n/g, "\n\n"),
  (t) => t.replace(/[.]/g, "!").replace(/,/g, " -").replace(/\?/g, "."),
];

function embed(outer: string, inner: string): string {
  const mid = outer.indexOf(". ", Math.floor(outer.length / 2));
  const at = mid < 0 ? outer.length : mid + 2;
  return `${outer.slice(0, at)}${inner}\n${outer.slice(at)}`;
}

/** Writes planted.jsonl and clean.jsonl; returns what was planted where. */
function corpus(dir: string) {
  const web = webDocs();
  const carriers = web.filter((d) => d.length >= 1500);
  const planted = plants(23).flatMap((p, i) => [
    { ...p, id: `plant-${i}-verbatim`, text: embed(carriers[i % carriers.length], p.text) },
    { ...p, id: `plant-${i}-edited`, text: embed(carriers[(i + 5) % carriers.length], EDITS[i % EDITS.length](p.text)) },
  ]);
  writeJsonl(join(dir, "planted.jsonl"), planted.map((p) => ({ id: p.id, text: p.text })));
  writeJsonl(join(dir, "clean.jsonl"), web.map((text, i) => ({ id: `web-${i}`, text })));
  return { planted, clean: web.length };
}

test("winnow decontaminate finds every planted item of the five example benchmarks, names its documents, and reports the false-positive rate", { timeout: 40_000 }, async (t) => {
  if (!present) return t.skip(`${BENCH} or ${WEB} absent`);
  const dir = tmpDir();
  const { planted, clean } = corpus(dir);
  const cache = CACHE;
  const set = loadBenchmarkSet(SET);
  const report = await scanCorpus(set, [join(dir, "planted.jsonl"), join(dir, "clean.jsonl")], { textKey: "text", idKey: "id", cacheDir: cache });

  const docsOf = (b: string, item: string) => report.benchmarks[b]?.found.find((f) => f.item === item)?.doc_ids ?? [];
  const missed = planted.filter((p) => !docsOf(p.benchmark, p.item).includes(p.id));
  const per = (b: string) => planted.filter((p) => p.benchmark === b).length;
  assert.deepEqual(missed.map((p) => `${p.benchmark} ${p.item} in ${p.id}`), []);
  for (const b of ["gsm8k", "mmlu", "logiqa", "reclor", "folio"]) assert.ok(per(b) >= 6, `${b}: ${per(b)} planted`);

  const flagged = new Set(Object.values(report.benchmarks).flatMap((b) => b.found.flatMap((f) => f.doc_ids)).filter((id) => id.startsWith("web-")));
  console.log(
    `winnow decontaminate: ${planted.length} planted documents (${["gsm8k", "mmlu", "logiqa", "reclor", "folio"].map((b) => `${b} ${per(b)}`).join(", ")}; ` +
      `half edited) all found with their ids; false positives ${flagged.size} of ${clean} clean web documents (${((100 * flagged.size) / clean).toFixed(2)} %)`,
  );
  assert.ok(flagged.size <= clean / 100, `flagged: ${[...flagged].join(", ")}`);
  assert.equal(report.documents_scanned, planted.length + clean);
  assert.equal(report.input_errors, 0);

  // The CLI, with the index from the cache, writes the same report.
  const out = join(dir, "report.json");
  const r = cli(["decontaminate", SET, join(dir, "planted.jsonl"), join(dir, "clean.jsonl"), "-o", out, "--cache-dir", cache]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /index: loaded/);
  assert.match(r.stdout, /gsm8k\s+\d+ \/ 660/);
  assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), JSON.parse(JSON.stringify(report)));
});

test("a pipeline's decontaminate step writes the same per-benchmark report to the run directory", { timeout: 40_000 }, async (t) => {
  if (!present) return t.skip(`${BENCH} or ${WEB} absent`);
  const dir = tmpDir();
  const { planted } = corpus(dir);
  const set = readFileSync(SET, "utf8").replace(/\.\.\/\.\.\/shared\/data/g, SHARED_DATA);
  const yaml = `input: { paths: planted.jsonl }
output: run
tasks: { max_bytes: 150kB }
steps:
  - decontaminate:
${set.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => `      ${l.replace(/\s+#.*$/, "")}`).join("\n")}
  - write: { format: jsonl }
`;
  const r = cli(["run", writePipeline(dir, yaml), "--progress", "off", "-w", "1"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /decontaminate: folio \d+\/113 items/);
  const fromRun = JSON.parse(readFileSync(join(dir, "run", "contamination", "decontaminate.json"), "utf8")) as ContaminationFindings;
  const fromCommand = await scanCorpus(loadBenchmarkSet(SET), [join(dir, "planted.jsonl")], { textKey: "text", idKey: "id", cacheDir: CACHE });
  const { input_errors, ...command } = fromCommand;
  assert.equal(input_errors, 0);
  assert.deepEqual(fromRun, JSON.parse(JSON.stringify(command)));
  assert.equal(fromRun.documents_contaminated, planted.length);
});
