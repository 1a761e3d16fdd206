import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, makeText, readAllRecords, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

test("tokenize in a pipeline: nanoGPT shards per task, token counts in metadata add up, EOS after each document", () => {
  const dir = tmpDir();
  writeJsonl(join(dir, "in.jsonl"), Array.from({ length: 300 }, (_, i) => ({ text: makeText(i, 5 + (i % 60)) })));
  const file = writePipeline(dir, `
input: { paths: in.jsonl }
output: run
tasks: { max_bytes: 20kB }
steps:
  - tokenize: { encoding: cl100k_base, format: nanogpt }
  - write: { format: jsonl }
`);
  const r = cli(["run", file, "--progress", "off", "-w", "2"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const kept = readAllRecords(join(dir, "run", "output"));
  const shards = readdirSync(join(dir, "run", "tokens")).filter((f) => f.endsWith(".bin")).sort();
  assert.ok(shards.length > 1, "one shard per task");
  const ids = shards.flatMap((f) => {
    const b = readFileSync(join(dir, "run", "tokens", f));
    return Array.from(new Uint32Array(b.buffer, b.byteOffset, b.length / 4));
  });
  assert.equal(ids.length, kept.reduce((a, d) => a + d.metadata.tokens, 0));
  assert.equal(ids.filter((id) => id === 100257).length, kept.length); // <|endoftext|> in cl100k_base
});
