import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import type { StepContext } from "../src/core/step.js";
import { loadEncoding } from "../src/tokenize/encoding.js";
import { tokenize } from "../src/tokenize/index.js";
import { TOKEN_LAYOUTS } from "../src/tokenize/formats.js";
import { TokenShardWriter } from "../src/tokenize/shard-writer.js";
import { TokenList } from "../src/tokenize/token-list.js";
import { makeText, tmpDir } from "./helpers.js";

const EOS = 100257;
const TEXTS = ["hello world", "", "Text with <|endoftext|> inside", "漢字 and 👩‍👩‍👧", makeText(1, 300), makeText(2, 50)];

function docs(): Doc[] {
  return TEXTS.map((text, i) => ({ id: `d${i}`, text, metadata: {} }));
}

/** A context with io, recording counters and observations, for a step the engine does not know yet. */
function context(runDir: string) {
  const counts = new Map<string, number>();
  const observed: number[] = [];
  const ctx: StepContext = {
    step: "tokenize",
    task: 3,
    seed: 0,
    signal: new AbortController().signal,
    count: (c, n = 1) => void counts.set(c, (counts.get(c) ?? 0) + n),
    observe: (_m, v) => void observed.push(v),
    reject: () => assert.fail("tokenize rejects nothing"),
    fail: (_d, err) => assert.fail(String(err)),
    io: { runDir, taskName: "00003", kept: () => {}, wrote: () => {}, stepDir: join(runDir, "stages"), tasks: 1, inputBytes: 0 },
  };
  return { ctx, counts, observed };
}

async function run(options: object, runDir = tmpDir()) {
  const { ctx, counts, observed } = context(runDir);
  const rt = await tokenize.create(tokenize.schema.parse(options), ctx);
  const input = docs();
  const out = [...(await rt.process(input.slice(0, 3))), ...(await rt.process(input.slice(3)))];
  await rt.finish?.();
  const dir = join(runDir, "tokens");
  const files = readdirSync(dir).sort();
  return { out, counts, observed, dir, files };
}

/** Expected tokens per document, from the library directly (not the step's cached encoder). */
async function expected(opts: { eos?: boolean; bos?: number } = {}): Promise<number[][]> {
  const enc = await loadEncoding("cl100k_base");
  return TEXTS.map((t) => [...(opts.bos !== undefined ? [opts.bos] : []), ...enc.encodeOrdinary(t), ...(opts.eos === false ? [] : [EOS])]);
}

// Independent readers, from the formats' descriptions only (no code shared with the writer).
function readU(path: string, bytes: 2 | 4): number[] {
  const b = readFileSync(path);
  assert.equal(b.length % bytes, 0);
  const out: number[] = [];
  for (let o = 0; o < b.length; o += bytes) out.push(bytes === 2 ? b.readUInt16LE(o) : b.readUInt32LE(o));
  return out;
}

function readMegatron(prefix: string) {
  const idx = readFileSync(`${prefix}.idx`);
  assert.equal(idx.subarray(0, 9).toString("latin1"), "MMIDIDX\x00\x00");
  assert.equal(idx.readBigUInt64LE(9), 1n);
  const code = idx.readUInt8(17);
  const seqs = Number(idx.readBigUInt64LE(18));
  const docCount = Number(idx.readBigUInt64LE(26));
  let o = 34;
  const lengths = Array.from({ length: seqs }, (_, i) => idx.readInt32LE(o + 4 * i));
  o += 4 * seqs;
  const pointers = Array.from({ length: seqs }, (_, i) => Number(idx.readBigInt64LE(o + 8 * i)));
  o += 8 * seqs;
  const docIdx = Array.from({ length: docCount }, (_, i) => Number(idx.readBigInt64LE(o + 8 * i)));
  assert.equal(o + 8 * docCount, idx.length);
  const size = code === 8 ? 2 : 4;
  const bin = readFileSync(`${prefix}.bin`);
  const seq = (i: number) => Array.from({ length: lengths[i] }, (_, k) => (size === 2 ? bin.readUInt16LE(pointers[i] + 2 * k) : bin.readInt32LE(pointers[i] + 4 * k)));
  return { code, docIdx, docs: lengths.map((_, i) => seq(i)) };
}

function readDatatrove(prefix: string): number[][] {
  const ids = readU(`${prefix}.ds`, 4);
  const index = readFileSync(`${prefix}.ds.index`);
  const docs: number[][] = [];
  let start = 0;
  for (let o = 0; o < index.length; o += 8) {
    const end = Number(index.readBigUInt64LE(o));
    docs.push(ids.slice(start, end));
    start = end;
  }
  assert.equal(start, ids.length);
  return docs;
}

const hasNumpy = spawnSync("python3", ["-c", "import numpy"]).status === 0;

/** Megatron files read with numpy memmap, as Megatron's `_IndexReader` does. */
function readMegatronNumpy(prefix: string): number[][] {
  const py = `
import json, struct, sys, numpy as np
p = sys.argv[1]
with open(p + ".idx", "rb") as f:
    assert f.read(9) == b"MMIDIDX\\x00\\x00"
    assert struct.unpack("<Q", f.read(8))[0] == 1
    code = struct.unpack("<B", f.read(1))[0]
    n = struct.unpack("<Q", f.read(8))[0]
    d = struct.unpack("<Q", f.read(8))[0]
    off = f.tell()
dtype = {4: np.int32, 8: np.uint16}[code]
idx = np.memmap(p + ".idx", mode="r")
lengths = np.frombuffer(idx, dtype=np.int32, count=n, offset=off)
ptrs = np.frombuffer(idx, dtype=np.int64, count=n, offset=off + lengths.nbytes)
docs = np.frombuffer(idx, dtype=np.int64, count=d, offset=off + lengths.nbytes + ptrs.nbytes)
assert list(docs) == list(range(n + 1))
binf = np.memmap(p + ".bin", mode="r")
print(json.dumps([np.frombuffer(binf, dtype=dtype, count=int(l), offset=int(q)).tolist() for l, q in zip(lengths, ptrs)]))
`;
  const r = spawnSync("python3", ["-c", py, prefix], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("nanoGPT: flat uint32 ids, each document followed by EOS; metadata, counters, observations", async () => {
  const r = await run({ format: "nanogpt" });
  assert.deepEqual(r.files, ["00003.bin"]);
  const want = await expected();
  assert.deepEqual(readU(join(r.dir, "00003.bin"), 4), want.flat());
  assert.deepEqual(r.out.map((d) => d.metadata.tokens), want.map((w) => w.length));
  assert.deepEqual(r.out.map((d) => d.id), TEXTS.map((_, i) => `d${i}`));
  assert.equal(r.counts.get("tokens"), want.flat().length);
  assert.equal(r.counts.get("documents"), TEXTS.length);
  assert.deepEqual(r.observed, want.map((w) => w.length));
  // "<|endoftext|>" in text is not the EOS id: exactly one EOS per document.
  assert.equal(want.flat().filter((id) => id === EOS).length, TEXTS.length);
});

test("Megatron: .bin + .idx read back independently (and with numpy when present)", async () => {
  const r = await run({ format: "megatron", bos: 100257, metadata: false });
  assert.deepEqual(r.files, ["00003.bin", "00003.idx"]);
  const want = await expected({ bos: 100257 });
  const m = readMegatron(join(r.dir, "00003"));
  assert.equal(m.code, 4, "int32: Megatron has no uint32");
  assert.deepEqual(m.docIdx, TEXTS.map((_, i) => i).concat(TEXTS.length));
  assert.deepEqual(m.docs, want);
  if (hasNumpy) assert.deepEqual(readMegatronNumpy(join(r.dir, "00003")), want);
  else console.log("python3 with numpy absent: Megatron checked with the TypeScript reader only");
  assert.equal(r.out[0].metadata.tokens, undefined);
});

test("datatrove: .ds ids + .ds.index u64 document ends", async () => {
  const r = await run({ format: "datatrove", append_eos: false });
  assert.deepEqual(r.files, ["00003.ds", "00003.ds.index"]);
  assert.deepEqual(readDatatrove(join(r.dir, "00003")), await expected({ eos: false }));
});

test("max_file_bytes splits at document boundaries; every part is a complete dataset", async () => {
  const r = await run({ format: "megatron", max_file_bytes: 200 });
  assert.ok(r.files.length > 2 && !r.files.some((f) => f.endsWith(".tmp")), r.files.join());
  assert.ok(r.files.includes("00003-1.bin") && r.files.includes("00003-1.idx"));
  const parts = r.files.filter((f) => f.endsWith(".idx")).map((f) => f.slice(0, -4)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  assert.deepEqual(parts.flatMap((p) => readMegatron(join(r.dir, p)).docs), await expected());
});

test("dtype: uint16 refused for cl100k (ids above 65535); deterministic bytes across runs", async () => {
  await assert.rejects(run({ dtype: "uint16" }), /uint16/);
  const a = await run({ format: "datatrove" });
  const b = await run({ format: "datatrove" });
  for (const f of a.files) assert.ok(readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f))), f);
});

test("abort leaves no files", async () => {
  const runDir = tmpDir();
  const { ctx } = context(runDir);
  const rt = await tokenize.create(tokenize.schema.parse({}), ctx);
  await rt.process(docs());
  rt.abort?.();
  assert.deepEqual(readdirSync(join(runDir, "tokens")), []);
});

test("uint16 layout (code 8), through the shard writer, for vocabularies under 65536 ids", () => {
  const dir = tmpDir();
  const w = new TokenShardWriter({ dir, prefix: "00000", layout: TOKEN_LAYOUTS.megatron, dtype: "uint16", maxFileBytes: 1e9 });
  const docsIds = [[1, 65535, 7], [], [42]];
  for (const ids of docsIds) {
    const list = new TokenList();
    list.pushAll(ids);
    w.write(list);
  }
  w.close();
  const m = readMegatron(join(dir, "00000"));
  assert.equal(m.code, 8);
  assert.deepEqual(m.docs, docsIds);
  if (hasNumpy) assert.deepEqual(readMegatronNumpy(join(dir, "00000")), docsIds);
});
