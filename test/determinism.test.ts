import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { cli, makeText, treeHashes, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

/** A corpus with a big plain file (split into ranges), a .gz file and a small file. */
export function makeCorpus(dir: string, docs = 6000): void {
  const big = Array.from({ length: docs }, (_, i) => ({ id: `big-${i}`, text: makeText(i, 20 + (i % 300)), metadata: { n: i } }));
  writeJsonl(join(dir, "a-big.jsonl"), big);
  const gz = Array.from({ length: 800 }, (_, i) => ({ text: makeText(10_000 + i, 10 + (i % 120)), lang: i % 3 ? "en" : "de" }));
  writeFileSync(join(dir, "b.jsonl.gz"), gzipSync(gz.map((d) => JSON.stringify(d)).join("\n") + "\n"));
  writeJsonl(join(dir, "c-small.jsonl"), [{ text: "one two three" }, { text: makeText(7, 80) }]);
}

export const PIPELINE = `
input: { paths: ["*.jsonl", "*.jsonl.gz"] }
output: run
seed: 7
tasks: { max_bytes: 1MB }
steps:
  - length: { min_words: 30 }
  - sample: { rate: 0.7 }
  - write: { format: jsonl.zst, max_file_bytes: 20kB }
`;

test("output is byte-identical with 1, 2 and 4 workers", () => {
  const dir = tmpDir();
  makeCorpus(dir);
  const file = writePipeline(dir, PIPELINE);
  let reference: Record<string, string> | undefined;
  for (const workers of ["1", "2", "4"]) {
    const r = cli(["run", file, "--workers", workers, "--restart", "--progress", "off"]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const hashes = treeHashes(join(dir, "run"));
    assert.ok(Object.keys(hashes).some((k) => k.startsWith("output/") && /-1\.jsonl\.zst$/.test(k)), "expected outputs split into parts");
    if (!reference) reference = hashes;
    else assert.deepEqual(hashes, reference, `${workers} workers differ from 1`);
  }
  assert.ok(Object.keys(reference!).length > 10);
});
