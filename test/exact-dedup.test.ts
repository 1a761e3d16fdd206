import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, cliAsync, makeText, readAllRecords, treeHashes, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

interface Row {
  id: string;
  text: string;
  url: string;
  date: string;
}

/** 3 files, 4,500 documents, many exact copies up to case and whitespace, across files and tasks. */
function corpus(dir: string): Row[] {
  const all: Row[] = [];
  for (let f = 0; f < 3; f++) {
    const rows: Row[] = [];
    for (let i = 0; i < 1500; i++) {
      const n = f * 1500 + i;
      const base = makeText(n % 1100, 20 + (n % 1100) % 50);
      const text = n % 7 === 0 ? base.toUpperCase() : n % 11 === 0 ? base.replace(/ /g, "  \t") : base;
      rows.push({ id: `f${f}-${i}`, text: n % 13 === 0 ? text + " extra" : text, url: `https://www.site${n % 900}.org/page/`, date: `2024-01-${String(1 + (n % 28)).padStart(2, "0")}` });
    }
    writeJsonl(join(dir, `in-${f}.jsonl`), rows);
    all.push(...rows);
  }
  return all;
}

const norm = (t: string) => t.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

function yaml(opts: string, output = "run") {
  return `
input: { paths: ["in-*.jsonl"] }
output: ${output}
tasks: { max_bytes: 200kB }
steps:
  - exact_dedup: ${opts}
  - write: { format: jsonl }
`;
}

test("exact dedup keeps the first copy in input order, removes the others with the kept id", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const file = writePipeline(dir, yaml("{ partitions: 3 }"));
  const reference: Record<string, string>[] = [];
  for (const w of ["1", "2", "4"]) {
    const r = cli(["run", file, "--restart", "--progress", "off", "-w", w]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    reference.push(treeHashes(join(dir, "run")));
  }
  assert.deepEqual(reference[1], reference[0]);
  assert.deepEqual(reference[2], reference[0]);

  const first = new Map<string, string>();
  for (const r of rows) if (!first.has(norm(r.text))) first.set(norm(r.text), r.id);
  const kept = readAllRecords(join(dir, "run", "output"));
  assert.deepEqual(kept.map((d) => d.id), [...first.values()]);
  const removed = readAllRecords(join(dir, "run", "removed", "exact_dedup"));
  assert.equal(removed.length, rows.length - first.size);
  for (const d of removed) assert.equal(d.metadata.removed_by.value.duplicate_of, first.get(norm(d.text)));

  // Bytes read are the input files' bytes, not also what later stages read back from earlier ones.
  const stats = JSON.parse(readFileSync(join(dir, "run", "stats.json"), "utf8"));
  const inputBytes = [0, 1, 2].reduce((n, f) => n + statSync(join(dir, `in-${f}.jsonl`)).size, 0);
  assert.equal(stats.input_bytes, inputBytes);
  assert.ok(stats.received_bytes > 0);
});

test("keep: longest and newest; key: url", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const run = (opts: string, out: string) => {
    const r = cli(["run", writePipeline(dir, yaml(opts, out), `${out}.yaml`), "--progress", "off"]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    return readAllRecords(join(dir, out, "output")).map((d) => d.id).sort();
  };
  // Independent answers: best per key by score, ties to the first in input order.
  const best = (key: (r: Row) => string, score: (r: Row) => number) => {
    const m = new Map<string, Row>();
    for (const r of rows) {
      const b = m.get(key(r));
      if (!b || score(r) > score(b)) m.set(key(r), r);
    }
    return [...m.values()].map((r) => r.id).sort();
  };
  assert.deepEqual(run("{ keep: longest }", "longest"), best((r) => norm(r.text), (r) => r.text.length));
  assert.deepEqual(run("{ key: url, keep: newest }", "newest"), best((r) => r.url.replace("www.", "").replace(/\/$/, ""), (r) => Date.parse(r.date)));
});

test("multi-stage run killed at random moments resumes to the same result", async () => {
  const dir = tmpDir();
  corpus(dir);
  const r = cli(["run", writePipeline(dir, yaml("{ partitions: 4 }", "ref"), "ref.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr);
  const file = writePipeline(dir, yaml("{ partitions: 4 }"));
  for (const delay of [300, 700, 1100]) {
    const child = cliAsync(["run", file, "--progress", "off"]);
    const exited = new Promise((res) => child.on("exit", res));
    await sleep(delay);
    child.kill("SIGKILL");
    await exited;
  }
  const status = cli(["status", join(dir, "run")]);
  const final = cli(["run", file, "--progress", "off"]);
  assert.equal(final.status, 0, final.stderr + final.stdout + status.stdout);
  assert.deepEqual(treeHashes(join(dir, "run")), treeHashes(join(dir, "ref")));
});
