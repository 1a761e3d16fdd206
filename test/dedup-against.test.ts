import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, makeText, readAllRecords, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

interface Row {
  id: string;
  text: string;
}

const norm = (t: string) => t.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/**
 * Corpus A (2 files, 1,200 documents with copies among them) and corpus B (2 files, 1,200):
 * a third of B copies A (case and spacing changed), some of B copies earlier B, the rest is new.
 */
function corpora(dir: string): { a: Row[]; b: Row[] } {
  const a: Row[] = [];
  const b: Row[] = [];
  for (const [name, rows] of [["a", a], ["b", b]] as const) {
    mkdirSync(join(dir, name));
    for (let f = 0; f < 2; f++) {
      const file: Row[] = [];
      for (let i = 0; i < 600; i++) {
        const n = f * 600 + i;
        const seed = name === "a" ? n % 900 : n % 3 === 0 ? (n * 7) % 900 : 2000 + (n % 700);
        const base = makeText(seed, 20 + (seed % 40));
        file.push({ id: `${name}${f}-${i}`, text: n % 5 === 0 ? base.toUpperCase() : n % 4 === 0 ? base.replace(/ /g, "  ") : base });
      }
      writeJsonl(join(dir, name, `in-${f}.jsonl`), file);
      rows.push(...file);
    }
  }
  return { a, b };
}

function pipeline(input: string, output: string, step: string) {
  return `
input: { paths: ["${input}/in-*.jsonl"] }
output: ${output}
tasks: { max_bytes: 60kB }
steps:
  - ${step}
  - write: { format: jsonl }
`;
}

function run(dir: string, name: string, yaml: string) {
  return cli(["run", writePipeline(dir, yaml, `${name}.yaml`), "--progress", "off"]);
}

test("exact_dedup against an earlier run removes exactly B's documents seen in A or earlier in B, naming the earlier copy", () => {
  const dir = tmpDir();
  const { a, b } = corpora(dir);
  let r = run(dir, "A", pipeline("a", "runA", "exact_dedup: { partitions: 3 }"));
  assert.equal(r.status, 0, r.stderr + r.stdout);

  // Independent answer: the first id of each normalized text, A before B.
  const first = new Map<string, string>();
  for (const row of a) if (!first.has(norm(row.text))) first.set(norm(row.text), row.id);
  const want = new Map<string, string>();
  for (const row of b) {
    const k = norm(row.text);
    if (first.has(k)) want.set(row.id, first.get(k)!);
    else first.set(k, row.id);
  }
  const fromA = [...want.values()].filter((id) => id.startsWith("a")).length;
  assert.ok(fromA > 300 && want.size - fromA > 100, `${fromA} from A, ${want.size - fromA} within B`);

  // keep: longest would prefer B's spaced-out copies; the earlier run wins anyway. Other partition counts read A's index too.
  for (const [name, opts] of [
    ["B1", "{ partitions: 3, against: runA }"],
    ["B2", "{ partitions: 2, against: runA/stages/exact_dedup, keep: longest }"],
  ]) {
    r = run(dir, name, pipeline("b", `run${name}`, `exact_dedup: ${opts}`));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const removed = readAllRecords(join(dir, `run${name}`, "removed", "exact_dedup"));
    const got = new Map(removed.map((d) => [d.id as string, d.metadata.removed_by.value.duplicate_of as string]));
    if (name === "B1") assert.deepEqual(got, want);
    else {
      // keep: longest changes which of B's own copies stays, not what A removes.
      for (const [id, of] of want) if (of.startsWith("a")) assert.equal(got.get(id), of, id);
      assert.equal(got.size, want.size);
    }
    const kept = readAllRecords(join(dir, `run${name}`, "output"));
    assert.equal(kept.length + removed.length, b.length);
  }
});

test("against: a mismatched key option or a missing run is a clear error before anything runs", () => {
  const dir = tmpDir();
  corpora(dir);
  let r = run(dir, "A", pipeline("a", "runA", "exact_dedup: {}"));
  assert.equal(r.status, 0, r.stderr + r.stdout);
  r = run(dir, "B", pipeline("b", "runB", "exact_dedup: { against: runA, lowercase: false }"));
  assert.equal(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /against: lowercase is false here but true in .*runA/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  r = run(dir, "C", pipeline("b", "runC", "exact_dedup: { against: nowhere }"));
  assert.equal(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /steps\[0\]\.exact_dedup\.against: no such file or folder: .*nowhere/);
});

/** Replaces one word: a near-copy (5-shingle Jaccard ≈ 0.93), far above FineWeb's ~0.77 threshold. */
const edit = (text: string, salt: number) =>
  text
    .split(" ")
    .map((w, i) => (i === 5 + (salt % 100) ? `edit${salt}` : w))
    .join(" ");

test("minhash_dedup against an earlier run removes what one run over both corpora removes from the second", () => {
  const dir = tmpDir();
  const planted = new Set<string>();
  const fresh = new Set<string>();
  for (const name of ["a", "b"]) {
    mkdirSync(join(dir, name));
    for (let f = 0; f < 2; f++) {
      const rows: Row[] = [];
      for (let i = 0; i < 250; i++) {
        const n = f * 250 + i;
        const id = `${name}${f}-${i}`;
        let text: string;
        if (name === "a") text = n % 6 === 5 ? edit(makeText(n - 1, 150 + ((n - 1) % 100)), n) : makeText(n, 150 + (n % 100));
        else if (n % 3 === 0) {
          text = edit(makeText(n % 500 === 499 ? 0 : n % 500, 150 + (n % 500 === 499 ? 0 : n % 500 % 100)), n + 7);
          planted.add(id);
        } else if (n % 5 === 1 && n > 3) text = edit(makeText(10000 + n - 3, 150), n);
        else {
          text = makeText(10000 + n, 150);
          fresh.add(id);
        }
        rows.push({ id, text });
      }
      writeJsonl(join(dir, name, `in-${f}.jsonl`), rows);
    }
  }
  const both = `
input: { paths: ["a/in-*.jsonl", "b/in-*.jsonl"] }
output: runAB
tasks: { max_bytes: 120kB }
steps:
  - minhash_dedup: { partitions: 2 }
  - write: { format: jsonl }
`;
  for (const [name, yaml] of [
    ["AB", both],
    ["A", pipeline("a", "runA", "minhash_dedup: { partitions: 3 }")],
    ["B", pipeline("b", "runB", "minhash_dedup: { partitions: 2, against: runA }")],
  ]) {
    const r = run(dir, name, yaml);
    assert.equal(r.status, 0, r.stderr + r.stdout);
  }
  const removedB = readAllRecords(join(dir, "runB", "removed", "minhash_dedup"));
  const removedAB = readAllRecords(join(dir, "runAB", "removed", "minhash_dedup"));
  const ids = removedB.map((d) => d.id as string).sort();
  assert.deepEqual(ids, removedAB.map((d) => d.id as string).filter((id) => id.startsWith("b")).sort());
  for (const id of planted) assert.ok(ids.includes(id), `${id}, a near-copy of A, is removed`);
  for (const id of fresh) assert.ok(!ids.includes(id), `${id} is new`);
  assert.ok(ids.length > planted.size + 40, `${ids.length} removed, also within B`);
  for (const d of removedB) {
    const of = d.metadata.removed_by.value.duplicate_of as string;
    assert.ok(of.startsWith("a") || !ids.includes(of), `${d.id} is a duplicate of ${of}, which is kept`);
  }
});
