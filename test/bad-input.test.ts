import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { compress as zstdCompress } from "zstd-napi";
import { cli, readAllRecords, tmpDir, writePipeline } from "./helpers.js";

const good = (i: number) => JSON.stringify({ text: `document number ${i} has a few words in it` });
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => good(from + i));

test("bad input never crashes the run or vanishes: each problem is an error with file and line", () => {
  const dir = tmpDir();
  const w = (name: string, data: string | Buffer) => writeFileSync(join(dir, name), data);
  w("malformed.jsonl", [...lines(3), '{"text": "unterminated', ...lines(2, 3)].join("\n") + "\n");
  w("utf8.jsonl", Buffer.concat([Buffer.from(lines(2).join("\n") + "\n"), Buffer.from('{"text": "bad \xff\xfe bytes"}\n', "latin1"), Buffer.from(lines(2, 2).join("\n") + "\n")]));
  const gz = gzipSync(lines(2000).join("\n") + "\n");
  w("truncated.jsonl.gz", gz.subarray(0, Math.floor(gz.length / 2)));
  const zst = zstdCompress(Buffer.from(lines(2000).join("\n") + "\n"));
  w("truncated.jsonl.zst", zst.subarray(0, Math.floor(zst.length / 2)));
  w("empty.jsonl", "");
  const huge = JSON.stringify({ text: "x".repeat(50 * 1024 * 1024) });
  w("huge.jsonl", [good(0), huge, good(1)].join("\n") + "\n");
  w("fields.jsonl", [good(0), '{"body": "no text field"}', '{"text": 42}', "[1, 2]", "", "   ", good(1) + "\r", good(2)].join("\n")); // no final newline
  const file = writePipeline(dir, `
input: { paths: ["*.jsonl", "*.jsonl.gz", "*.jsonl.zst"] }
output: run
steps:
  - length: { min_words: 1 }
`);
  const r = cli(["run", file, "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr, /\n\s+at /);

  const errors = readAllRecords(join(dir, "run", "errors"));
  const bySource = (s: string) => errors.filter((e) => e.source === s);
  const one = (s: string) => {
    const list = bySource(s);
    assert.equal(list.length, 1, `${s}: ${JSON.stringify(list)}`);
    return list[0];
  };
  assert.deepEqual(pick(one("malformed.jsonl")), { line: 4, offset: lineOffset(dir, "malformed.jsonl", 4) });
  assert.match(one("malformed.jsonl").message, /invalid JSON/);
  assert.deepEqual(pick(one("utf8.jsonl")), { line: 3, offset: lineOffset(dir, "utf8.jsonl", 3) });
  assert.match(one("utf8.jsonl").message, /invalid UTF-8/);
  assert.match(one("truncated.jsonl.gz").message, /gzip stream failed.*unexpected end of file/i);
  assert.match(one("truncated.jsonl.zst").message, /zstd stream failed/i);
  assert.match(one("empty.jsonl").message, /empty file/);
  const big = one("huge.jsonl");
  assert.equal(big.line, 2);
  assert.equal(big.offset, good(0).length + 1);
  assert.match(big.message, /larger than input\.max_doc_bytes/);
  const fields = bySource("fields.jsonl");
  assert.deepEqual(fields.map((e) => e.line), [2, 3, 4]);
  assert.match(fields[0].message, /missing text field "text"/);
  assert.match(fields[1].message, /is number, expected a string/);
  assert.match(fields[2].message, /expected a JSON object, got an array/);

  const kept = readAllRecords(join(dir, "run", "output"));
  const ids = new Set(kept.map((d) => d.id));
  for (const id of ["malformed.jsonl#5", "malformed.jsonl#6", "utf8.jsonl#4", "huge.jsonl#3", "fields.jsonl#7", "fields.jsonl#8"]) {
    assert.ok(ids.has(id), `${id} should have been read after the bad line`);
  }
  const truncatedKept = kept.filter((d) => d.id.startsWith("truncated.jsonl.gz#")).length;
  assert.ok(truncatedKept > 100 && truncatedKept < 2000, `documents before the truncation are kept (${truncatedKept})`);
  const stats = JSON.parse(readFileSync(join(dir, "run", "stats.json"), "utf8"));
  assert.equal(stats.read, kept.length + stats.errors);
  assert.equal(stats.errors, errors.length);
  const shown = cli(["inspect", join(dir, "run"), "--errors", "-n", "100"]);
  assert.match(shown.stdout, /malformed\.jsonl:4 \(byte \d+\)\ninvalid JSON/);
});

function pick(e: Record<string, any>) {
  return { line: e.line, offset: e.offset };
}

function lineOffset(dir: string, name: string, line: number): number {
  const bytes = readFileSync(join(dir, name));
  let off = 0;
  for (let l = 1; l < line; l++) off = bytes.indexOf(10, off) + 1;
  return off;
}
