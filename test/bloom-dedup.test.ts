import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { BloomFilter, bloomSize } from "../src/dedup/bloom/bloom-filter.js";
import { fmix32 } from "../src/dedup/minhash/hash32.js";
import { assertKilledRunResumes, cli, makeText, readAllRecords, tmpDir, treeHashes, writeJsonl, writePipeline } from "./helpers.js";

/** Distinct 64-bit keys: two independent bijections of a counter. */
const keyA = (i: number) => fmix32(i ^ 0x3c6ef372);
const keyB = (i: number) => fmix32(Math.imul(i, 0x9e3779b1) ^ 0x12345);

test("bloom filter: size from n and p, no false negatives, measured false-positive rate close to the configured one", () => {
  for (const p of [0.01, 0.001]) {
    const n = 100_000;
    const { bits, hashes } = bloomSize(n, p);
    // m = −n ln p / (ln 2)², k = (m/n) ln 2, computed here from the formulas.
    const m = (-n * Math.log(p)) / Math.LN2 ** 2;
    assert.ok(bits >= m && bits < m + 32, `${bits} bits for ${m}`);
    assert.equal(hashes, Math.round((bits / n) * Math.LN2));
    const f = new BloomFilter(bits, hashes);
    for (let i = 0; i < n; i++) f.add(keyA(i), keyB(i));
    for (let i = 0; i < n; i++) assert.ok(f.has(keyA(i), keyB(i)));
    let fp = 0;
    const trials = 2_000_000;
    for (let i = n; i < n + trials; i++) if (f.has(keyA(i), keyB(i))) fp++;
    const rate = fp / trials;
    // Expected ±4 standard deviations of a binomial; k rounded makes the true rate differ from p by a few %.
    const theory = (1 - Math.exp((-hashes * n) / bits)) ** hashes;
    const sd = Math.sqrt((theory * (1 - theory)) / trials);
    assert.ok(Math.abs(rate - theory) < 4 * sd, `p=${p}: measured ${rate}, theory ${theory}`);
    assert.ok(Math.abs(rate - p) < 0.1 * p, `p=${p}: measured ${rate}`);
    const fill = 1 - Math.exp((-hashes * n) / bits);
    assert.ok(Math.abs(f.fill() - fill) < 0.005, `fill ${f.fill()}, expected ${fill}`);
  }
});

test("bloom filter: OR of two filters is the filter of the union", () => {
  const { bits, hashes } = bloomSize(5000, 0.01);
  const x = new BloomFilter(bits, hashes);
  const y = new BloomFilter(bits, hashes);
  const both = new BloomFilter(bits, hashes);
  for (let i = 0; i < 5000; i++) {
    (i % 2 ? x : y).add(keyA(i), keyB(i));
    both.add(keyA(i), keyB(i));
  }
  x.or(y);
  assert.deepEqual(x.words, both.words);
});

interface Row {
  id: string;
  text: string;
}

const NAV = "Home | About us | Contact | Subscribe to our newsletter for weekly updates on everything";
const LINES = Array.from({ length: 60 }, (_, k) => makeText(9000 + k, 16).replace(/\s+/g, " ").trim());

/**
 * 3 files × 300 pages of lines: unique lines, lines shared across pages (sometimes with other
 * case and punctuation: the same 13-grams), lines that extend a shared one (half their 13-grams are its), a navigation
 * line, short lines; every 11th page is made of shared lines only.
 */
function corpus(dir: string): Row[] {
  const all: Row[] = [];
  for (let f = 0; f < 3; f++) {
    const rows: Row[] = [];
    for (let i = 0; i < 300; i++) {
      const n = f * 300 + i;
      const lines: string[] = [];
      if (n % 3 === 0) lines.push("Menu");
      if (n % 4 !== 1) lines.push(NAV);
      if (n % 11 !== 0) lines.push(...makeText(n, 30 + (n % 50)).split("\n").map((l) => l.trim()));
      if (n % 5 === 0) lines.push(n % 2 ? LINES[n % 60].toUpperCase() + "!" : LINES[n % 60]);
      if (n % 7 === 0) lines.push(LINES[(n + 1) % 60] + " " + makeText(n + 1e5, 4));
      if (n % 11 === 0) lines.push(LINES[n % 60], LINES[(n + 7) % 60]);
      rows.push({ id: `f${f}-${i}`, text: lines.join("\n") });
    }
    writeJsonl(join(dir, `in-${f}.jsonl`), rows);
    all.push(...rows);
  }
  return all;
}

/** The answer with an exact set of n-gram strings (no bloom filter): words lowercased, punctuation dropped. */
function expected(rows: Row[], ngram: number, threshold: number) {
  const seen = new Set<string>();
  const kept: { id: string; text: string; info?: unknown }[] = [];
  const removed: string[] = [];
  for (const r of rows) {
    const lines = r.text.split("\n");
    const out: string[] = [];
    let removedChars = 0;
    let removedUnits = 0;
    for (const line of lines) {
      const words = line.toLowerCase().replace(/[^\w\s]/g, "").split(/\s+/).filter((w) => w !== "");
      const n = Math.min(ngram, words.length);
      const grams: string[] = [];
      if (line.trim().length >= 20) for (let i = 0; n > 0 && i + n <= words.length; i++) grams.push(words.slice(i, i + n).join(" "));
      const found = grams.filter((g) => seen.has(g)).length;
      for (const g of grams) seen.add(g);
      if (grams.length > 0 && found >= threshold * grams.length) {
        removedChars += line.length;
        removedUnits++;
      } else out.push(line);
    }
    const text = out.join("\n");
    if (removedUnits === 0) kept.push({ id: r.id, text: r.text });
    else if (removedChars > 0.8 * r.text.length || text.trim() === "") removed.push(r.id);
    else kept.push({ id: r.id, text, info: { removed_units: removedUnits, removed_chars: removedChars } });
  }
  return { kept, removed };
}

function yaml(step: string, opts: string, output = "run") {
  return `
input: { paths: ["in-*.jsonl"] }
output: ${output}
tasks: { max_bytes: 40kB }
steps:
  - ${step}: ${opts}
  - write: { format: jsonl }
`;
}

function results(dir: string, out: string, step: string, meta: string) {
  const kept = readAllRecords(join(dir, out, "output")).map((d) => ({
    id: d.id,
    text: d.text,
    ...(d.metadata[meta] ? { info: d.metadata[meta] } : {}),
  }));
  const removed = readAllRecords(join(dir, out, "removed", step));
  return { kept, removed: removed.map((d) => d.id), reasons: new Set(removed.map((d) => d.metadata.removed_by.reason)) };
}

test("bloom_dedup removes lines whose 13-grams were all seen before, as an exact set does; same bytes with 1, 2 and 4 workers", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const file = writePipeline(dir, yaml("bloom_dedup", "{ false_positive_rate: 1.0e-9 }"));
  const hashes: Record<string, string>[] = [];
  for (const w of ["1", "2", "4"]) {
    const r = cli(["run", file, "--restart", "--progress", "off", "-w", w]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    hashes.push(treeHashes(join(dir, "run")));
  }
  assert.deepEqual(hashes[1], hashes[0]);
  assert.deepEqual(hashes[2], hashes[0]);
  const want = expected(rows, 13, 1);
  const got = results(dir, "run", "bloom_dedup", "bloom_dedup");
  assert.deepEqual(got.kept, want.kept);
  assert.deepEqual(got.removed, want.removed);
  assert.deepEqual([...got.reasons], ["mostly_duplicate"]);
  // The corpus exercises every case: pages of shared lines go, NAV survives once, half-overlapping lines stay.
  assert.ok(want.removed.length >= 30, `${want.removed.length}`);
  const text = got.kept.map((d) => d.text).join("\n");
  assert.equal(text.split("\n").filter((l) => l === NAV).length, 1);
  assert.ok(got.kept.filter((d) => d.info).length > 300);
});

test("bloom_dedup: overlap threshold 0.5 also removes half-copied lines", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const r = cli(["run", writePipeline(dir, yaml("bloom_dedup", "{ overlap_threshold: 0.5, false_positive_rate: 1.0e-9 }", "half"), "half.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const half = results(dir, "half", "bloom_dedup", "bloom_dedup");
  const want = expected(rows, 13, 0.5);
  assert.deepEqual(half.kept, want.kept);
  assert.deepEqual(half.removed, want.removed);
  assert.notDeepEqual(want, expected(rows, 13, 1));

});

test("bloom_dedup: a large false-positive rate removes more than the exact answer, never less", () => {
  const dir = tmpDir();
  corpus(dir);
  const runs = { exact: "{ ngram: 0, false_positive_rate: 1.0e-9 }", fp: "{ ngram: 0, false_positive_rate: 0.3, expected_spans: 3000 }" };
  for (const [name, opts] of Object.entries(runs)) {
    const r = cli(["run", writePipeline(dir, yaml("bloom_dedup", opts, name), `${name}.yaml`), "--progress", "off"]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
  }
  const exact = results(dir, "exact", "bloom_dedup", "bloom_dedup");
  const fp = results(dir, "fp", "bloom_dedup", "bloom_dedup");
  // Whole lines, case-sensitive: the capitalized copies are other lines and stay; NAV stays once.
  const keptText = exact.kept.map((d) => d.text).join("\n");
  assert.ok(keptText.includes(LINES[5].toUpperCase() + "!"));
  assert.equal(keptText.split("\n").filter((l) => l === NAV).length, 1);
  assert.equal(fp.kept.length + fp.removed.length, 900);
  for (const id of exact.removed) assert.ok(fp.removed.includes(id), id);
  const fpText = new Map(fp.kept.map((d) => [d.id, d.text]));
  let fewer = 0;
  for (const d of exact.kept) {
    const t = fpText.get(d.id);
    if (t === undefined) continue;
    const lines = new Set(d.text.split("\n"));
    for (const l of t.split("\n")) assert.ok(lines.has(l), `${d.id}: ${l}`);
    if (t.length < d.text.length) fewer++;
  }
  assert.ok(fewer > 10, `${fewer} documents lost lines to false positives`);
});

test("killed at a random moment, the run resumes to the same result", async () => {
  const dir = tmpDir();
  corpus(dir);
  const r = cli(["run", writePipeline(dir, yaml("bloom_dedup", "{}", "ref"), "ref.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr);
  const file = writePipeline(dir, yaml("bloom_dedup", "{}"));
  await assertKilledRunResumes(file, join(dir, "run"), join(dir, "ref"));
});
