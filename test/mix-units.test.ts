import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { UserError } from "../src/core/errors.js";
import { parseCount } from "../src/mix/count-format.js";
import { CountRecordWriter, readCountRecords } from "../src/mix/count-records.js";
import { validateMix } from "../src/mix/load.js";
import { resolveTotal, sourceQuotas, temperatureProportions } from "../src/mix/quota.js";
import { inRemainder, remainderCut } from "../src/mix/remainder-cut.js";
import { ShuffleBuckets } from "../src/mix/shuffle-buckets.js";
import { SHARED_DATA, cli, hasSharedData, makeText, readRecords, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

const key48 = (s: string) => createHash("sha256").update(s).digest().readUIntBE(0, 6);

test("remainder cut (histogram + one bin) equals sorting the whole source, across bins and with 100k documents", () => {
  const dir = tmpDir();
  // Two count files, 100,000 documents: more than the 65,536 bins, so bins hold several.
  const files = [join(dir, "a.counts"), join(dir, "b.counts")];
  const docs: { id: string; tokens: number }[] = [];
  for (const [f, file] of files.entries()) {
    const w = new CountRecordWriter(file);
    for (let i = 0; i < 50_000; i++) {
      const id = `f${f}/doc-${i}-é`;
      const tokens = (key48(`t${i}${f}`) % 900) + 1;
      w.add(id, tokens, tokens * 4);
      docs.push({ id, tokens });
    }
    w.complete();
  }
  const back: { id: string; tokens: number }[] = [];
  for (const f of files) for (const r of readCountRecords(f)) back.push({ id: r.id, tokens: r.tokens });
  assert.deepEqual(back, docs);
  const total = docs.reduce((a, d) => a + d.tokens, 0);
  for (const [seed, remainder] of [[1, 1], [2, 12_345], [3, Math.floor(total / 3)], [4, total - 1]]) {
    const ranked = docs.map((d, i) => ({ ...d, i, key: key48(`mix-select\0${seed}\0src\0${d.id}`) })).sort((a, b) => a.key - b.key || a.i - b.i);
    const want = new Set<number>();
    let sum = 0;
    for (const r of ranked) {
      if (sum >= remainder) break;
      want.add(r.i);
      sum += r.tokens;
    }
    const cut = remainderCut(files, seed, "src", remainder);
    const got = new Set<number>();
    ranked.forEach((r) => inRemainder(cut, r.key, r.i) && got.add(r.i));
    assert.deepEqual(got, want, `seed ${seed}, remainder ${remainder}`);
  }
});

test("shuffle buckets: the same order for 1 or 37 buckets, balanced buckets", () => {
  const dir = tmpDir();
  const orders: string[][] = [];
  for (const count of [1, 37]) {
    const b = new ShuffleBuckets(join(dir, String(count)), count);
    for (let i = 0; i < 20_000; i++) b.add(key48(`k${i % 15_000}`), JSON.stringify({ i, text: "x".repeat(i % 50) }));
    b.close();
    const order: string[] = [];
    for (let k = 0; k < b.count; k++) order.push(...b.sorted(k));
    orders.push(order);
    if (count === 37) for (const n of b.lines) assert.ok(n > 20_000 / 37 / 2 && n < (2 * 20_000) / 37, `bucket of ${n} lines`);
    b.remove();
  }
  assert.equal(orders[0].length, 20_000);
  assert.deepEqual(orders[1], orders[0]);
  // Equal keys (i and i + 15,000) keep their insertion order.
  const pos = new Map(orders[0].map((l, p) => [JSON.parse(l).i as number, p]));
  for (let i = 0; i < 5_000; i++) assert.ok(pos.get(i)! < pos.get(i + 15_000)!);
});

test("quotas: whole epochs plus remainder, capped at max_epochs; temperature as the formula; default total repeats nothing", () => {
  const sizes = [
    { name: "web", group: "en", available: 1000 },
    { name: "wiki", group: "en", available: 200 },
    { name: "de", group: "de", available: 50 },
  ];
  const p = new Map([["web", 0.5], ["wiki", 0.3], ["de", 0.2]]);
  const q = sourceQuotas(sizes, p, 1000, 4);
  assert.deepEqual(q.map((x) => [x.asked, x.quota, x.fullEpochs, x.remainder, x.capped]), [
    [500, 500, 0, 500, false],
    [300, 300, 1, 100, false],
    [200, 200, 4, 0, false],
  ]);
  const capped = sourceQuotas(sizes, p, 2000, 4);
  assert.deepEqual([capped[2].quota, capped[2].fullEpochs, capped[2].capped], [200, 4, true]);
  assert.equal(resolveTotal(sizes, p, undefined), 250); // de: 50 / 0.2
  // Groups: en = 1200 tokens, de = 50; p_g ∝ n^0.5, shared within en by size.
  const t = temperatureProportions(sizes, 0.5);
  const z = Math.sqrt(1200) + Math.sqrt(50);
  assert.ok(Math.abs(t.get("de")! - Math.sqrt(50) / z) < 1e-15);
  assert.ok(Math.abs(t.get("web")! - ((Math.sqrt(1200) / z) * 1000) / 1200) < 1e-15);
  assert.ok(Math.abs(t.get("web")! + t.get("wiki")! + t.get("de")! - 1) < 1e-12);
  assert.throws(() => resolveTotal([{ name: "e", group: "e", available: 0 }], new Map([["e", 1]]), 10), /"e" has no tokens/);
  assert.deepEqual(["140B", "1.3B", "350M", "7e9", "20k", 12].map((v) => parseCount(v)), [140e9, 1.3e9, 350e6, 7e9, 20e3, 12]);
  assert.equal(parseCount("7 bananas"), undefined);
});

test("bad mix configs: every error names its key and what was expected", () => {
  const dir = tmpDir();
  const base = () => ({ sources: [{ name: "a", files: ["*.jsonl"] }, { name: "b", files: ["*.jsonl"] }], proportions: { a: 0.5, b: 0.5 }, output: { dir: "out" } });
  const cases: [string, (m: any) => void, RegExp][] = [
    ["unknown key", (m) => (m.proportion = 1), /\(top level\): unknown key "proportion"/],
    ["sum", (m) => (m.proportions.b = 0.6), /proportions: must sum to 1, sum to 1\.1/],
    ["unknown source", (m) => (m.proportions.c = 0), /proportions\.c: no source named "c" \(sources: a, b\)/],
    ["missing source", (m) => delete m.proportions.b, /proportions: missing source "b"/],
    ["neither", (m) => delete m.proportions, /proportions: give proportions or temperature/],
    ["both", (m) => (m.temperature = { alpha: 0.5 }), /proportions: give proportions or temperature/],
    ["alpha", (m) => (delete m.proportions, (m.temperature = { alpha: 2 })), /temperature\.alpha: expected a number ≤ 1/],
    ["run and files", (m) => (m.sources[1].run = "r"), /sources\[1\]\.run: give run or files/],
    ["duplicate", (m) => (m.sources[1].name = "a"), /sources\[1\]\.name: duplicate source name "a"/],
    ["total", (m) => (m.total_tokens = "lots"), /total_tokens: expected a token count such as 2000000, 2M or 140B, got "lots"/],
    ["epochs", (m) => (m.max_epochs = 0), /max_epochs: expected a number > 0/],
    ["format", (m) => (m.output.format = "parquet"), /output\.format: /],
    ["tokens format", (m) => (m.output.tokens = { format: "hdf5" }), /output\.tokens\.format: expected one of "nanogpt", "megatron", "datatrove", got "hdf5"/],
    ["run dir", (m) => ((m.sources[0] = { name: "a", run: "nowhere" })), /sources\[0\]\.run: .*nowhere is not a winnow run directory \(no run\.json\)/],
    ["tokenizer", (m) => (m.tokenizer = "gpt5"), /tokenizer: expected cl100k_base or o200k_base or a tokenizer\.json file, got "gpt5"/],
  ];
  for (const [what, edit, re] of cases) {
    const m = base();
    edit(m);
    assert.throws(() => validateMix(m, dir, "mix.yaml"), (e: Error) => e instanceof UserError && re.test(e.message), what);
  }
  assert.doesNotThrow(() => validateMix(base(), dir));
  // From the CLI: exit code 2, the message alone, no stack trace.
  const file = writePipeline(dir, "sources: [{ name: a, files: ['*.jsonl'] }]\nproportions: { a: 2 }\noutput: { dir: out }\n", "bad.yaml");
  const r = cli(["mix", file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /invalid mix\n {2}proportions: must sum to 1, sum to 2/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test("DATASHEET.md reports the source run's decontamination findings", { skip: !hasSharedData && "needs ../shared/data" }, () => {
  const dir = tmpDir();
  const gsm8k = join(SHARED_DATA, "D-benchmarks", "gsm8k", "test.jsonl");
  const question = JSON.parse(readFileSync(gsm8k, "utf8").split("\n")[0]).question as string;
  const docs = Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, text: makeText(i, 120), metadata: { lang: "en", license: "CC0" } }));
  docs[7].text += `\n${question}\n`;
  writeJsonl(join(dir, "in.jsonl"), docs);
  writePipeline(dir, `name: clean\ninput: { paths: [in.jsonl] }\noutput: run\nsteps:\n  - decontaminate: { benchmarks: [{ name: gsm8k, path: ${JSON.stringify(gsm8k)}, format: jsonl, fields: [question, answer] }] }\n  - write: {}\n`);
  const run = cli(["run", "pipeline.yaml", "--progress", "off"], dir);
  assert.equal(run.status, 0, run.stderr);
  writePipeline(dir, "sources: [{ name: clean, run: run }]\nproportions: { clean: 1 }\nmax_epochs: 1\noutput: { dir: mix }\n", "mix.yaml");
  const mix = cli(["mix", "mix.yaml"], dir);
  assert.equal(mix.status, 0, mix.stderr);
  const sheet = readFileSync(join(dir, "mix", "DATASHEET.md"), "utf8");
  assert.match(sheet, /\*\*clean\*\* \(step `decontaminate`, 13-grams\): 1 of 30 documents contaminated\./);
  assert.match(sheet, /gsm8k: 1 of \d+ items found, in 1 documents/);
  assert.match(sheet, /removed by decontaminate: 1/);
  assert.match(sheet, /\*\*clean\*\*: CC0 29 documents/);
  // No budget given: the largest mix that repeats nothing, i.e. the whole source once.
  const rep = JSON.parse(readFileSync(join(dir, "mix", "mix-report.json"), "utf8"));
  assert.equal(rep.total_from_sizes, true);
  assert.equal(rep.sources[0].used_tokens, rep.sources[0].available_tokens);
  assert.equal(rep.output.documents, 29);
  // One source, proportion 1, no budget: a global shuffle of the run, every kept document once.
  const kept = readdirSync(join(dir, "run", "output")).sort().flatMap((f) => readRecords(join(dir, "run", "output", f)).map((d) => d.id));
  const mixed = readRecords(join(dir, "mix", "mix-00000.jsonl.zst")).map((d) => d.id);
  assert.deepEqual([...mixed].sort(), [...kept].sort());
  assert.notDeepEqual(mixed, kept);
});
