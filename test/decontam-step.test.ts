/**
 * Planted contamination: GSM8K questions, MMLU questions with their choices and LogiQA passages
 * from `shared/data/D-benchmarks`, verbatim and lightly edited (case, spacing, punctuation,
 * option labels), put in the middle of real web documents (`shared/data/E-webtext`). Every one
 * must be found, in both modes; clean web documents, and documents that share short phrases
 * with the benchmarks, must not be.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import { contaminationReport, decontaminate, type Finding } from "../src/decontam/index.js";
import { parseCsv } from "../src/decontam/csv.js";
import { parseLogiQa } from "../src/decontam/logiqa.js";
import { WordScan } from "../src/decontam/words.js";
import { doc, runFilter } from "./filters-helpers.js";
import { SHARED_DATA } from "./helpers.js";

const BENCH = join(SHARED_DATA, "D-benchmarks");
const WEB = join(SHARED_DATA, "E-webtext");
const present = existsSync(BENCH) && existsSync(WEB);

const BENCHMARKS = [
  { name: "gsm8k", path: join(BENCH, "gsm8k", "test.jsonl"), format: "jsonl", fields: ["question", "answer"] },
  { name: "mmlu", path: join(BENCH, "mmlu", "test"), format: "csv", fields: ["question", "choice0", "choice1", "choice2", "choice3"] },
  { name: "logiqa", path: join(BENCH, "logiqa", "Test.txt"), format: "logiqa-txt" },
];

interface Plant {
  benchmark: string;
  item: string;
  text: string;
}

function jsonlTexts(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** Real web documents: the carriers of planted items, and the clean set. */
function webDocs(): string[] {
  const out: string[] = [];
  for (const dir of ["dolma", "data-juicer", "dclm-quality-annotations"]) {
    for (const f of readdirSync(join(WEB, dir)).sort()) if (f.endsWith(".jsonl")) out.push(...jsonlTexts(join(WEB, dir, f)));
  }
  return out;
}

/** Every `step`-th item of each benchmark, in the layout a web page would show it. */
function plants(step: number): Plant[] {
  const out: Plant[] = [];
  const gsm = readFileSync(join(BENCH, "gsm8k", "test.jsonl"), "utf8").split("\n");
  for (let i = 0; i < gsm.length; i += step) {
    if (gsm[i].trim()) out.push({ benchmark: "gsm8k", item: `test.jsonl#${i + 1}`, text: (JSON.parse(gsm[i]) as { question: string }).question });
  }
  const words = new WordScan();
  let k = 0;
  for (const f of readdirSync(join(BENCH, "mmlu", "test")).sort()) {
    for (const { row, record: r } of parseCsv(readFileSync(join(BENCH, "mmlu", "test", f), "utf8"))) {
      if (k++ % step !== 0) continue;
      const text = `${r.question}\nA. ${r.choice0}\nB. ${r.choice1}\nC. ${r.choice2}\nD. ${r.choice3}`;
      // Items of fewer than min_item_words (8) words are not indexed, by design (NeMo Curator's minimum).
      if (words.scan(text) >= 8) out.push({ benchmark: "mmlu", item: `${f}#${row}`, text });
    }
  }
  const logiqa = parseLogiQa(readFileSync(join(BENCH, "logiqa", "Test.txt"), "utf8"));
  for (let i = 0; i < logiqa.length; i += step) {
    const { record, item } = logiqa[i];
    out.push({ benchmark: "logiqa", item: `Test.txt#${record}`, text: [item.context, item.question, ...item.options].join("\n") });
  }
  return out;
}

/** Light edits that must not hide an item: case, spacing, punctuation, option labels. */
const EDITS: ((t: string) => string)[] = [
  (t) => t.toUpperCase(),
  (t) => t.toLowerCase().replace(/(^|[.?!]\s+)(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase()),
  (t) => t.replace(/ /g, (_, at: number) => (at % 3 === 0 ? "  " : at % 7 === 0 ? "\n" : " ")).replace(/\n/g, "\n\n"),
  (t) => t.replace(/[.]/g, "!").replace(/,/g, " -").replace(/\?/g, ".").replace(/[’']/g, "`").replace(/^([A-D])\. /gm, "($1) "),
];

/** `inner` put at a sentence boundary near the middle of `outer`. */
function embed(outer: string, inner: string): string {
  const mid = outer.indexOf(". ", Math.floor(outer.length / 2));
  const at = mid < 0 ? outer.length : mid + 2;
  return `${outer.slice(0, at)}${inner}\n${outer.slice(at)}`;
}

/** Short phrases benchmarks use, in sentences of their own: none makes a 13-gram of an item. */
const COMMON = [
  "Which of the following is true about the new schedule?",
  "Based on the above statement, which of the following can be derived about our prices?",
  "Natalia sold clips to her friends last spring, and she kept a few for herself.",
  "How much in dollars does she make every day selling lemonade on the corner?",
  "Find the degree for the given field extension before you read the next chapter.",
  "None of the above options fit our budget, so we waited another month.",
  "According to the above statement, which of the following must be false?",
];

test("every planted GSM8K, MMLU and LogiQA item is found, verbatim or lightly edited, in both modes", { timeout: 20_000 }, async (t) => {
  if (!present) {
    t.skip(`${BENCH} or ${WEB} absent`);
    return;
  }
  const carriers = webDocs().filter((d) => d.length >= 1500);
  const planted: (Plant & { doc: Doc })[] = [];
  plants(11).forEach((p, i) => {
    const edit = EDITS[i % EDITS.length];
    planted.push({ ...p, doc: doc(embed(carriers[i % carriers.length], p.text), `plant-${i}-verbatim`) });
    planted.push({ ...p, doc: doc(embed(carriers[(i + 7) % carriers.length], edit(p.text)), `plant-${i}-edited`) });
  });
  const copy = () => planted.map((p) => doc(p.doc.text, p.doc.id));

  const dropped = await runFilter(decontaminate, { benchmarks: BENCHMARKS }, copy());
  assert.equal(dropped.failed.length, 0);
  const byId = new Map(dropped.rejected.map((r) => [r.doc.id, r.value as Finding]));
  const missed = planted.filter((p) => !byId.get(p.doc.id)?.matches[p.benchmark]?.items.includes(p.item));
  const counts = (b: string) => planted.filter((p) => p.benchmark === b).length;
  console.log(
    `decontaminate: planted ${planted.length} (gsm8k ${counts("gsm8k")}, mmlu ${counts("mmlu")}, logiqa ${counts("logiqa")}; half edited), ` +
      `found ${planted.length - missed.length} (${((100 * (planted.length - missed.length)) / planted.length).toFixed(1)} %) in drop mode`,
  );
  assert.deepEqual(missed.map((p) => `${p.doc.id} ${p.item}`), []);
  const report = contaminationReport(dropped.rejected.map((r) => ({ ...r.doc, metadata: { removed_by: { step: "decontaminate", reason: r.reason, value: r.value } } })));
  for (const b of ["gsm8k", "mmlu", "logiqa"]) assert.equal(report[b].items >= new Set(planted.filter((p) => p.benchmark === b).map((p) => p.item)).size, true);

  // remove_spans: every planted document is cut (or dropped), and what is left matches nothing.
  const cut = await runFilter(decontaminate, { benchmarks: BENCHMARKS, mode: "remove_spans" }, copy());
  assert.equal(cut.kept.length + cut.rejected.length, planted.length);
  for (const d of cut.kept) assert.ok(d.metadata.decontaminated, `${d.id} kept uncut`);
  const again = await runFilter(decontaminate, { benchmarks: BENCHMARKS }, cut.kept);
  assert.deepEqual(again.rejected.map((r) => r.doc.id), []);
  const reasons = new Map<string, number>();
  for (const r of cut.rejected) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const keptChars = cut.kept.reduce((n, d) => n + d.text.length, 0);
  const inChars = planted.reduce((n, p) => n + p.doc.text.length, 0);
  console.log(
    `decontaminate remove_spans: ${cut.kept.length} documents cut and kept, ${cut.rejected.length} dropped ` +
      `(${[...reasons].map(([k, v]) => `${k} ${v}`).join(", ")}); ${((100 * keptChars) / inChars).toFixed(1)} % of characters kept`,
  );
});

test("clean web documents and documents sharing short phrases with benchmarks are not flagged", { timeout: 20_000 }, async (t) => {
  if (!present) {
    t.skip(`${BENCH} or ${WEB} absent`);
    return;
  }
  const web = webDocs().map((text, i) => doc(text, `web-${i}`));
  const phrases = web.slice(0, 200).map((d, i) => doc(embed(d.text, COMMON[i % COMMON.length]), `phrase-${i}`));
  const run = await runFilter(decontaminate, { benchmarks: BENCHMARKS }, [...web, ...phrases]);
  const flagged = run.rejected.map((r) => r.doc.id);
  const webFlagged = flagged.filter((id) => id.startsWith("web-"));
  console.log(
    `decontaminate false positives: ${webFlagged.length} of ${web.length} clean web documents ` +
      `(${((100 * webFlagged.length) / web.length).toFixed(2)} %), ${flagged.length - webFlagged.length} of ${phrases.length} with common benchmark phrases`,
  );
  assert.deepEqual(flagged.filter((id) => id.startsWith("phrase-")), []);
  assert.ok(webFlagged.length <= web.length / 100, `flagged: ${webFlagged.join(", ")}`);
});
