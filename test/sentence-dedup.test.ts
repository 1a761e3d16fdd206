import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { splitUnits } from "../src/dedup/text-units.js";
import { assertKilledRunResumes, cli, makeText, readAllRecords, tmpDir, treeHashes, writeJsonl, writePipeline } from "./helpers.js";

interface Row {
  id: string;
  text: string;
}

const sentence = (k: number) => {
  const words = makeText(7000 + k, 6 + (k % 9)).replace(/[.\s]+/g, " ").trim();
  return words[0].toUpperCase() + words.slice(1) + (k % 4 === 0 ? "?" : ".");
};

/** 2 files × 300 pages of sentences, some from a shared pool of 40 (so 3-sentence spans repeat), some pages entirely copied. */
function corpus(dir: string): Row[] {
  const all: Row[] = [];
  for (let f = 0; f < 2; f++) {
    const rows: Row[] = [];
    for (let i = 0; i < 300; i++) {
      const n = f * 300 + i;
      const s: string[] = [];
      for (let j = 0; j < 4 + (n % 7); j++) s.push(sentence(1000 + n * 20 + j));
      // A run of pool sentences in the middle: consecutive, so spans of 3 recur across pages.
      if (n % 3 === 0) s.splice(2, 0, ...[0, 1, 2, 3].map((j) => sentence((n % 10) + j)));
      if (n % 13 === 0) s.splice(0, s.length, ...[0, 1, 2, 3].map((j) => sentence((n % 10) + j)));
      rows.push({ id: `f${f}-${i}`, text: s.join(n % 2 ? " " : "\n") });
    }
    writeJsonl(join(dir, `in-${f}.jsonl`), rows);
    all.push(...rows);
  }
  return all;
}

/** The answer with an exact set of 3-sentence windows (lowercased, whitespace collapsed). */
function expected(rows: Row[]) {
  const seen = new Set<string>();
  const kept: { id: string; text: string; info?: unknown }[] = [];
  const removed: string[] = [];
  for (const r of rows) {
    const { units, seps } = splitUnits(r.text, "sentence");
    const idx = units.map((_, i) => i).filter((i) => units[i].trim() !== "");
    const remove = new Set<number>();
    for (let j = 0; j + 3 <= idx.length; j++) {
      const key = idx.slice(j, j + 3).map((i) => units[i].toLowerCase().replace(/\s+/g, " ").trim()).join("\u0000");
      if (seen.has(key)) for (const i of idx.slice(j, j + 3)) remove.add(i);
      seen.add(key);
    }
    if (remove.size === 0) {
      kept.push({ id: r.id, text: r.text });
      continue;
    }
    let text = "";
    let chars = 0;
    let first = true;
    units.forEach((u, i) => {
      if (remove.has(i)) chars += u.length;
      else {
        text += (first ? "" : seps[i - 1]) + u;
        first = false;
      }
    });
    if (idx.length - remove.size < 3) removed.push(r.id);
    else kept.push({ id: r.id, text, info: { removed_sentences: remove.size, removed_chars: chars } });
  }
  return { kept, removed };
}

test("sentence splitting keeps separators, so that kept text is the original minus removed sentences", () => {
  const t = 'He said "stop." Then left!  Why?\nNext line e.g. here\n\n  last';
  const { units, seps } = splitUnits(t, "sentence");
  assert.deepEqual(units, ['He said "stop."', "Then left!", "Why?", "Next line e.g.", "here", "last"]);
  assert.equal(units.map((u, i) => (i ? seps[i - 1] : "") + u).join(""), t);
});

test("sentence_dedup removes every 3-sentence span seen before (C4), as an exact set does; same bytes with 1, 2 and 4 workers", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const file = writePipeline(
    dir,
    `
input: { paths: ["in-*.jsonl"] }
output: run
tasks: { max_bytes: 30kB }
steps:
  - sentence_dedup: { false_positive_rate: 1.0e-9 }
  - write: { format: jsonl }
`,
  );
  const hashes: Record<string, string>[] = [];
  for (const w of ["1", "2", "4"]) {
    const r = cli(["run", file, "--restart", "--progress", "off", "-w", w]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    hashes.push(treeHashes(join(dir, "run")));
  }
  assert.deepEqual(hashes[1], hashes[0]);
  assert.deepEqual(hashes[2], hashes[0]);
  const want = expected(rows);
  const kept = readAllRecords(join(dir, "run", "output")).map((d) => ({
    id: d.id,
    text: d.text,
    ...(d.metadata.sentence_dedup ? { info: d.metadata.sentence_dedup } : {}),
  }));
  const removed = readAllRecords(join(dir, "run", "removed", "sentence_dedup"));
  assert.deepEqual(kept, want.kept);
  assert.deepEqual(removed.map((d) => d.id), want.removed);
  for (const d of removed) assert.equal(d.metadata.removed_by.reason, "too_few_sentences");
  // Both cases occur: copied pages dropped, shared runs cut out of longer pages.
  assert.ok(want.removed.length >= 20, `${want.removed.length} removed`);
  assert.ok(want.kept.filter((d) => d.info).length >= 100, "changed pages");
});

test("sentence_dedup killed at a random moment resumes to the same result", async () => {
  const dir = tmpDir();
  corpus(dir);
  const yaml = (out: string) => `
input: { paths: ["in-*.jsonl"] }
output: ${out}
tasks: { max_bytes: 30kB }
steps:
  - sentence_dedup: {}
  - write: { format: jsonl }
`;
  const r = cli(["run", writePipeline(dir, yaml("ref"), "ref.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr);
  const file = writePipeline(dir, yaml("run"));
  await assertKilledRunResumes(file, join(dir, "run"), join(dir, "ref"));
});
