import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { contaminationReport, decontaminate } from "../src/decontam/index.js";
import { parseCsv } from "../src/decontam/csv.js";
import { fieldText, parseFieldPath } from "../src/decontam/field-path.js";
import { cutSpans } from "../src/decontam/spans.js";
import { WordScan } from "../src/decontam/words.js";
import { doc, runFilter } from "./filters-helpers.js";
import { tmpDir } from "./helpers.js";

const FILLER =
  "The committee met on Tuesday to review the budget for the coming year. Several members raised concerns about maintenance costs. " +
  "After a long discussion the proposal was sent back for revision. The next meeting is planned for early spring, weather permitting. ";

function words(text: string): string[] {
  const w = new WordScan();
  const n = w.scan(text);
  return Array.from({ length: n }, (_, i) => text.slice(w.start[i], w.end[i]));
}

test("normalization: case, spacing, punctuation, diacritics and option labels do not change the word hashes", () => {
  const a = new WordScan();
  const b = new WordScan();
  const n = a.scan("Café owners sold 48 clips in April, and (B) half as many in May.");
  assert.equal(b.scan("CAFE  owners -- sold 48 clips in april; and\n\nb) HALF as many in May!"), n);
  assert.deepEqual([...b.h1.subarray(0, n)], [...a.h1.subarray(0, n)]);
  assert.deepEqual([...b.h2.subarray(0, n)], [...a.h2.subarray(0, n)]);
  // One-letter Latin words go: the label "A." and the "t" of "Don't".
  assert.deepEqual(words("A. Don't stop"), ["Don", "stop"]);
  // Each Han character is a word: Chinese has no spaces.
  assert.deepEqual(words("根据以上陈述"), ["根", "据", "以", "上", "陈", "述"]);
});

test("field paths: nested keys and indexes; arrays give one line per element", () => {
  const rec = { input: [{ content: "sys" }, { content: "user text" }], premises: ["p1", "p2"], n: 3 };
  assert.equal(fieldText(rec, parseFieldPath("input[1].content")), "user text");
  assert.equal(fieldText(rec, parseFieldPath("premises")), "p1\np2");
  assert.equal(fieldText(rec, parseFieldPath("n")), "3");
  assert.equal(fieldText(rec, parseFieldPath("input[5].content")), undefined);
  assert.throws(() => parseFieldPath("input..x"));
  assert.throws(() => parseFieldPath("[x"));
});

test("CSV: quotes, doubled quotes, commas and line breaks inside quotes", () => {
  const rows = parseCsv('question,choice0,choice1\n"Find x, if ""x"" = 2\nthen",1,2\r\nplain,a,b\n');
  assert.deepEqual(rows, [
    { row: 1, record: { question: 'Find x, if "x" = 2\nthen', choice0: "1", choice1: "2" } },
    { row: 2, record: { question: "plain", choice0: "a", choice1: "b" } },
  ]);
});

test("spans are cut as NeMo Curator does: window each side, widened to sentence ends, short fragments dropped", () => {
  const text = `${"x".repeat(300)}. first part ends here. MATCH. second part starts. ${"y".repeat(300)}`;
  const start = text.indexOf("MATCH");
  const cut = cutSpans(text, [{ start, end: start + 5 }], 10, 200);
  // 10 characters before the match fall inside "first part ends here.": the cut reaches back to the "." before it.
  assert.deepEqual(cut.fragments, [`${"x".repeat(300)}.`, ` ${"y".repeat(300)}`]);
  assert.equal(cut.removedChars, text.length - 301 - 301);
  // Fragments of ≤ min characters go too; no sentence end before the match cuts from the start.
  assert.deepEqual(cutSpans("a".repeat(50) + " MATCH " + "b".repeat(50), [{ start: 51, end: 56 }], 5, 200).fragments, []);
});

test("formats, fields, whole short items, both modes, annotate and the contamination report", async () => {
  const dir = tmpDir("winnow-decontam-");
  const jsonl = join(dir, "qa.jsonl");
  const question = "A farmer has 17 sheep and buys 9 more at the spring market, then sells half of the flock to a neighbour.";
  writeFileSync(jsonl, [{ q: { text: question } }, { q: { text: "too short to count" } }].map((r) => JSON.stringify(r)).join("\n") + "\n");
  const csv = join(dir, "mc.csv");
  writeFileSync(csv, 'question,choice0,choice1\n"Which gas do plants absorb?",carbon dioxide,oxygen gas\n');
  const logiqa = join(dir, "Test.txt");
  writeFileSync(logiqa, "\nb\nEvery member of the chess club also plays the piano, and some pianists sing in the choir.\nWhich of the following must be true?\nA.Some chess players sing\nB.No pianist plays chess\nC.All singers play chess\nD.None of the above\n");
  const benchmarks = [
    { name: "qa", path: jsonl, format: "jsonl", fields: ["q.text"] },
    { name: "mc", path: csv, format: "csv", fields: ["question", "choice0", "choice1"] },
    { name: "lq", path: logiqa, format: "logiqa-txt" },
  ];
  const planted = [
    doc(`${FILLER}${question.toUpperCase()} ${FILLER}`, "qa-doc"),
    // 8 words, shorter than a 13-gram: matched as a whole, option labels and all.
    doc(`${FILLER}Which gas do plants absorb?\n(A) carbon dioxide\n(B) oxygen gas\n${FILLER}`, "mc-doc"),
    doc(`${FILLER}Every member of the chess club also plays the piano,and some pianists sing in the choir. ${FILLER}`, "lq-doc"),
  ];
  const clean = [doc(`${FILLER}Which gas do plants absorb at night? ${FILLER}`, "clean"), doc("too short to count", "short")];

  const dropped = await runFilter(decontaminate, { benchmarks }, [...planted, ...clean]);
  assert.deepEqual(dropped.kept.map((d) => d.id), ["clean", "short"]);
  assert.deepEqual(
    dropped.rejected.map((r) => [r.doc.id, r.reason, r.value]),
    [
      ["qa-doc", "contaminated", { matches: { qa: { items: ["qa.jsonl#1"], ngrams: 8 } }, ngrams: 8 }],
      ["mc-doc", "contaminated", { matches: { mc: { items: ["mc.csv#1"], ngrams: 1 } }, ngrams: 1 }],
      ["lq-doc", "contaminated", { matches: { lq: { items: ["Test.txt#1"], ngrams: 5 } }, ngrams: 5 }],
    ],
  );
  const removedDocs = dropped.rejected.map((r) => ({ ...r.doc, metadata: { removed_by: { step: "decontaminate", reason: r.reason, value: r.value } } }));
  assert.deepEqual(contaminationReport(removedDocs), {
    lq: { documents: 1, items: 1, item_ids: ["Test.txt#1"] },
    mc: { documents: 1, items: 1, item_ids: ["mc.csv#1"] },
    qa: { documents: 1, items: 1, item_ids: ["qa.jsonl#1"] },
  });

  const reparse = () => [...planted, ...clean].map((d) => doc(d.text, d.id));
  const spans = await runFilter(decontaminate, { benchmarks, mode: "remove_spans", window: 20, min_fragment_chars: 50 }, reparse());
  assert.equal(spans.rejected.length, 0);
  for (const d of spans.kept.filter((d) => d.id.endsWith("-doc"))) {
    assert.ok(!/sheep|plants absorb|chess club/i.test(d.text), d.text);
    assert.ok(d.text.startsWith("The committee met on Tuesday"));
    assert.equal((d.metadata.decontaminated as { fragments: number }).fragments, 2);
  }
  assert.equal(contaminationReport(spans.kept).qa.items, 1);
  assert.equal(spans.counts.get("decontaminated"), 3);

  const tooManySplits = await runFilter(decontaminate, { benchmarks, mode: "remove_spans", window: 0, min_fragment_chars: 10, max_splits: 1 }, [
    doc(`${FILLER}${question} ${FILLER}${question} ${FILLER}`, "twice"),
  ]);
  assert.equal(tooManySplits.rejected[0].reason, "too_many_splits");

  const annotated = await runFilter(decontaminate, { benchmarks, annotate: true }, reparse());
  assert.equal(annotated.kept.length, 5);
  assert.equal((annotated.kept[0].metadata.decontaminate as { drop: string }).drop, "contaminated");
  assert.equal(contaminationReport(annotated.kept).mc.documents, 1);

  const strict = await runFilter(decontaminate, { benchmarks, min_matches: 6 }, reparse());
  assert.deepEqual(strict.rejected.map((r) => r.doc.id), ["qa-doc"]);
});

test("configuration mistakes are reported, not ignored", async () => {
  const dir = tmpDir("winnow-decontam-");
  const jsonl = join(dir, "qa.jsonl");
  writeFileSync(jsonl, '{"question": "q"}\n');
  await assert.rejects(runFilter(decontaminate, { benchmarks: [{ name: "qa", path: jsonl, format: "jsonl", fields: ["questoin"] }] }, []), /no record .* has field\(s\) questoin/);
  assert.throws(() => decontaminate.schema.parse({ benchmarks: [{ name: "qa", path: jsonl, format: "jsonl", fields: ["a..b"] }] }));
  assert.throws(() => decontaminate.schema.parse({ benchmarks: [{ name: "qa", path: jsonl, format: "jsonl" }], ngram: 5, min_item_words: 8 }));
});
