/**
 * Packing, shuffling and per-field token counts of the tokenize step, read back from the
 * Megatron .bin/.idx with a reader written here from the format description.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Packer } from "../src/tokenize/packer.js";
import { cli, makeText, readAllRecords, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

/** Sequences of a Megatron dataset: header, i32 lengths, i64 byte offsets (uint32 ids here). */
function readMegatron(base: string): number[][] {
  const idx = readFileSync(`${base}.idx`);
  const bin = readFileSync(`${base}.bin`);
  assert.equal(idx.toString("latin1", 0, 9), "MMIDIDX\x00\x00");
  const n = Number(idx.readBigUInt64LE(18));
  const lengths = Array.from({ length: n }, (_, i) => idx.readInt32LE(34 + 4 * i));
  const offsets = Array.from({ length: n }, (_, i) => Number(idx.readBigInt64LE(34 + 4 * n + 8 * i)));
  return lengths.map((len, i) => Array.from({ length: len }, (_, k) => bin.readUInt32LE(offsets[i] + 4 * k)));
}

test("Packer: full windows across documents, remainder dropped, padded or kept", () => {
  const run = (remainder: "drop" | "pad" | "keep") => {
    const seqs: number[][] = [];
    const p = new Packer(4, (s) => seqs.push(Array.from(s.ids.subarray(0, s.length))));
    for (const doc of [[1, 2, 3], [4, 5, 6, 7, 8, 9], [10]]) p.add({ ids: Uint32Array.from(doc), length: doc.length });
    p.finish(remainder, 0);
    return { seqs, dropped: p.dropped, padded: p.padded };
  };
  assert.deepEqual(run("drop"), { seqs: [[1, 2, 3, 4], [5, 6, 7, 8]], dropped: 2, padded: 0 });
  assert.deepEqual(run("pad"), { seqs: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 0, 0]], dropped: 0, padded: 2 });
  assert.deepEqual(run("keep"), { seqs: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]], dropped: 0, padded: 0 });
});

function pipeline(dir: string, opts: string, workers: string, out = "run") {
  const file = writePipeline(dir, `
input: { paths: in.jsonl }
output: ${out}
seed: 7
tasks: { max_bytes: 8kB }
steps:
  - tokenize: { encoding: cl100k_base, format: megatron, ${opts} }
  - write: { format: jsonl }
`, `${out}.yaml`);
  const r = cli(["run", file, "--progress", "off", "-w", workers]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
}

test("packed Megatron shards: every sequence pack_length long, tokens conserved; shuffle is seeded and worker-independent; counts per source and lang", { timeout: 30_000 }, () => {
  const dir = tmpDir();
  const docs = Array.from({ length: 120 }, (_, i) => ({ id: `d${i}`, text: makeText(i, 20 + (i % 50)), source: i % 3 ? "web" : "books", lang: i % 4 ? "en" : "fr" }));
  writeJsonl(join(dir, "in.jsonl"), docs);
  const L = 64;

  const summary = pipeline(dir, `pack_length: ${L}, pack_remainder: drop, shuffle_buffer: 16`, "2");
  const tokensDir = join(dir, "run", "tokens");
  const bases = readdirSync(tokensDir).filter((f) => f.endsWith(".idx")).sort().map((f) => join(tokensDir, f.slice(0, -4)));
  assert.ok(bases.length > 1, "several tasks");
  const seqs = bases.flatMap(readMegatron);
  for (const s of seqs) assert.equal(s.length, L);
  const stats = JSON.parse(readFileSync(join(dir, "run", "stats.json"), "utf8"));
  const counters = stats.steps.find((s: { step: string }) => s.step === "tokenize").counters as Record<string, number>;
  assert.equal(seqs.length * L + counters.pack_dropped_tokens, counters.tokens);
  assert.equal(seqs.flat().filter((id) => id === 100257).length <= docs.length, true);

  // Per source and language: the counters add up to the documents' own token counts.
  const kept = readAllRecords(join(dir, "run", "output"));
  const sum = (f: (d: Record<string, any>) => boolean) => kept.filter(f).reduce((a, d) => a + d.metadata.tokens, 0);
  assert.equal(counters["tokens:source=web"], sum((d) => d.metadata.source === "web"));
  assert.equal(counters["tokens:source=books"], sum((d) => d.metadata.source === "books"));
  assert.equal(counters["tokens:lang=fr"], sum((d) => d.metadata.lang === "fr"));
  assert.equal(counters["tokens:source=web"] + counters["tokens:source=books"], counters.tokens);
  assert.match(summary, /tokens:source=books/);

  // Unpacked and shuffled: each task's documents are all there, in a new, seeded order, the same with one worker.
  pipeline(dir, "shuffle_buffer: 16", "1", "shuf1");
  pipeline(dir, "shuffle_buffer: 16", "2", "shuf2");
  pipeline(dir, "shuffle_buffer: 0", "2", "plain");
  const read = (run: string) => readdirSync(join(dir, run, "tokens")).filter((f) => f.endsWith(".idx")).sort().map((f) => readMegatron(join(dir, run, "tokens", f.slice(0, -4))));
  const [a, b, plain] = [read("shuf1"), read("shuf2"), read("plain")];
  assert.deepEqual(a, b);
  const key = (task: number[][]) => task.map((d) => d.join(",")).sort();
  assert.deepEqual(a.map(key), plain.map(key));
  assert.notDeepEqual(a, plain);
});
