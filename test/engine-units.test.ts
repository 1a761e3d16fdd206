import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import type { StepContext } from "../src/core/step.js";
import { lengthFilter } from "../src/filters/length.js";
import { metadataFieldFilter } from "../src/filters/metadata-field.js";
import { sampleFilter, unitHash } from "../src/filters/sample.js";
import { parseBytes } from "../src/io/bytes.js";
import { planTasks } from "../src/plan/plan.js";
import { readJsonl } from "../src/readers/jsonl.js";
import type { InputError, InputSlice } from "../src/readers/reader.js";
import { emptyMetric, mergeMetric, observe, variance } from "../src/stats/metric.js";
import { ShardedWriter } from "../src/writers/sharded-writer.js";
import { makeText, readRecords, tmpDir, writeJsonl } from "./helpers.js";

function fakeContext(step = "s") {
  const rejected: { doc: Doc; reason: string; value?: unknown }[] = [];
  const counts: Record<string, number> = {};
  const ctx: StepContext = {
    step, task: 0, seed: 42, signal: new AbortController().signal,
    count: (c, n = 1) => void (counts[c] = (counts[c] ?? 0) + n),
    observe: () => {},
    reject: (doc, reason, value) => void rejected.push({ doc, reason, value }),
    fail: (_doc, err) => { throw err; },
    io: { runDir: "", taskName: "00000", stepDir: "", tasks: 1, inputBytes: 0, kept: () => {}, wrote: () => {} },
  };
  return { ctx, rejected, counts };
}

const doc = (text: string, metadata: Record<string, unknown> = {}, id = text): Doc => ({ id, text, metadata });

async function runFilter(def: any, options: unknown, docs: Doc[]) {
  const f = fakeContext(def.name);
  const rt = await def.create(def.schema.parse(options), f.ctx);
  return { kept: (await rt.process(docs)) as Doc[], ...f };
}

test("length filter: bounds in characters and words, reasons with values, annotate mode", async () => {
  const docs = [doc("one two"), doc("one two three four"), doc("a".repeat(50))];
  const r = await runFilter(lengthFilter, { min_words: 3, max_chars: 40 }, docs);
  assert.deepEqual(r.kept.map((d) => d.text), ["one two three four"]);
  assert.deepEqual(r.rejected.map((x) => [x.reason, x.value]), [["too_few_words", 2], ["too_many_chars", 50]]);
  const a = await runFilter(lengthFilter, { min_words: 3, annotate: true }, [doc("one two"), doc("x\u3000y\tz\n w")]);
  assert.equal(a.kept.length, 2);
  assert.deepEqual(a.kept[0].metadata.length, { chars: 7, words: 2, drop: "too_few_words" });
  assert.deepEqual(a.kept[1].metadata.length, { chars: 8, words: 4, drop: null });
  assert.deepEqual(a.counts, { too_few_words: 1 });
});

test("sampler: a function of (seed, id) only, close to the rate", async () => {
  const docs = Array.from({ length: 20_000 }, (_, i) => doc(`t${i}`, {}, `id-${i}`));
  const r1 = await runFilter(sampleFilter, { rate: 0.3 }, docs);
  const frac = r1.kept.length / docs.length;
  assert.ok(Math.abs(frac - 0.3) < 0.015, `kept ${frac}`);
  const r2 = await runFilter(sampleFilter, { rate: 0.3 }, [...docs].reverse());
  assert.deepEqual(new Set(r2.kept.map((d) => d.id)), new Set(r1.kept.map((d) => d.id)));
  const r3 = await runFilter(sampleFilter, { rate: 0.3, seed: 43 }, docs);
  assert.notDeepEqual(r3.kept.map((d) => d.id), r1.kept.map((d) => d.id));
  // Known answer, computed with sha256sum: sha256("42\0id-0") starts 8dc48630b9db7bb6; its top 53 bits / 2^53.
  assert.equal(unitHash(42, "id-0"), 0.553779971023557);
});

test("metadata filter: equals, in, range, dotted paths, invert", async () => {
  const docs = [doc("a", { lang: "en", score: 0.9, src: { domain: "x.org" } }), doc("b", { lang: "de", score: 0.2 }), doc("c", {})];
  assert.deepEqual((await runFilter(metadataFieldFilter, { field: "lang", in: ["en", "fr"] }, docs)).kept.map((d) => d.text), ["a"]);
  assert.deepEqual((await runFilter(metadataFieldFilter, { field: "score", min: 0.5 }, docs)).rejected.map((x) => x.reason), ["no_match", "missing_field"]);
  assert.deepEqual((await runFilter(metadataFieldFilter, { field: "src.domain", equals: "x.org" }, docs)).kept.map((d) => d.text), ["a"]);
  assert.deepEqual((await runFilter(metadataFieldFilter, { field: "lang", equals: "de", invert: true }, docs)).kept.map((d) => d.text), ["a", "c"]);
  assert.throws(() => metadataFieldFilter.schema.parse({ field: "x" }), /set at least one of/);
});

test("a big JSONL file split into ranges reads every line exactly once, with true line numbers", async () => {
  const dir = tmpDir();
  const path = join(dir, "big.jsonl");
  const docs = Array.from({ length: 3000 }, (_, i) => ({ text: makeText(i, 5 + (i % 97)) }));
  writeJsonl(path, docs);
  const size = readFileSync(path).length;
  const tasks = planTasks([{ source: "big.jsonl", path, format: "jsonl", size, mtime_ms: 0 }], 20_000);
  assert.ok(tasks.length > 10);
  const ids: string[] = [];
  const texts: string[] = [];
  for (const t of tasks) {
    for await (const batch of readJsonl(t.slices[0] as InputSlice, readerOpts([]))) {
      for (const d of batch) {
        ids.push(d.id);
        texts.push(d.text);
      }
    }
  }
  assert.deepEqual(ids, docs.map((_, i) => `big.jsonl#${i + 1}`));
  assert.deepEqual(texts, docs.map((d) => d.text));
});

test("a line longer than max_doc_bytes is skipped while streaming, across chunk boundaries", async () => {
  const dir = tmpDir();
  const path = join(dir, "long.jsonl");
  const long = JSON.stringify({ text: "y".repeat(3 << 20) });
  writeFileSync(path, [JSON.stringify({ text: "a" }), long, JSON.stringify({ text: "b" })].join("\n"));
  const errors: InputError[] = [];
  const got: string[] = [];
  for await (const batch of readJsonl({ path, source: "long.jsonl", format: "jsonl" }, { ...readerOpts(errors), maxDocBytes: 1 << 20 })) {
    got.push(...batch.map((d) => d.text));
  }
  assert.deepEqual(got, ["a", "b"]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 2);
  assert.match(errors[0].message, new RegExp(`document of ${long.length} bytes`));
});

test("sharded writer: parts near max_file_bytes, temp names until complete, readable by an independent decoder", () => {
  const dir = tmpDir();
  const w = new ShardedWriter({ dir, prefix: "00007", format: "jsonl.zst", maxFileBytes: 50_000 });
  const docs = Array.from({ length: 4000 }, (_, i) => doc(makeText(i * 7, 40) + ` ${i}`, { i }, `d${i}`));
  for (const d of docs) w.write(d);
  const files = w.close();
  assert.ok(files.length > 2);
  assert.equal(files[0].endsWith("00007.jsonl.zst"), true);
  assert.equal(files[1].endsWith("00007-1.jsonl.zst"), true);
  const back = files.flatMap(readRecords);
  assert.deepEqual(back.map((r) => r.id), docs.map((d) => d.id));
  assert.deepEqual(back[5], { id: "d5", text: docs[5].text, metadata: { i: 5 } });
});

test("metrics merged from parts equal one pass over all values", () => {
  const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 100 + i / 10);
  const all = emptyMetric();
  values.forEach((v) => observe(all, v));
  const a = emptyMetric();
  const b = emptyMetric();
  values.forEach((v, i) => observe(i < 313 ? a : b, v));
  const m = mergeMetric(a, b);
  assert.equal(m.n, all.n);
  assert.equal(m.min, all.min);
  assert.equal(m.max, all.max);
  assert.ok(Math.abs(m.mean - all.mean) < 1e-9);
  assert.ok(Math.abs(variance(m) - variance(all)) < 1e-6);
});

test("sizes parse with decimal and binary units", () => {
  assert.equal(parseBytes("64MB"), 64e6);
  assert.equal(parseBytes("1 GiB"), 2 ** 30);
  assert.equal(parseBytes(1234), 1234);
  assert.equal(parseBytes("12 parsecs"), undefined);
});

function readerOpts(errors: InputError[]) {
  return { textKey: "text", idKey: "id", maxDocBytes: 16e6, signal: new AbortController().signal, onBytes() {}, onError: (e: InputError) => void errors.push(e) };
}
