import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import type { InputError, ReaderOptions } from "../src/readers/reader.js";
import { readWarc } from "../src/readers/warc.js";
import { hasSharedData, SHARED_DATA, tmpDir } from "./helpers.js";

const SAMPLE = join(SHARED_DATA, "A-warc", "dolma", "sample-0000.warc.gz");

async function read(path: string) {
  const docs: Doc[] = [];
  const errors: InputError[] = [];
  const opts: ReaderOptions = {
    textKey: "text", idKey: "id", maxDocBytes: 1 << 24, signal: new AbortController().signal,
    onBytes() {}, onError: (e) => void errors.push(e),
  };
  for await (const batch of readWarc({ path, source: "sample.warc.gz", format: "warc" }, opts)) docs.push(...batch);
  return { docs, errors };
}

/** Member offsets and the WARC-Record-IDs in each member, by Python's zlib (an independent decoder). */
function members(path: string): { offset: number; ids: string[] }[] {
  const script = `
import sys, zlib, json, re
d = open(sys.argv[1], "rb").read()
out, i = [], 0
while i < len(d):
    o = zlib.decompressobj(31)
    text = o.decompress(d[i:])
    out.append({"offset": i, "ids": re.findall(rb"WARC-Record-ID: (<[^>]+>)", text) and [x.decode() for x in re.findall(rb"WARC-Record-ID: (<[^>]+>)", text)]})
    i = len(d) - len(o.unused_data)
print(json.dumps(out))`;
  return JSON.parse(execFileSync("python3", ["-c", script, path], { encoding: "utf8" }));
}

test("a WARC file with a corrupt gzip member in the middle: one error naming file and offset, every other record read", async (t) => {
  if (!hasSharedData) return t.skip(`${SHARED_DATA} absent: no WARC fixtures`);
  const clean = await read(SAMPLE);
  assert.deepEqual(clean.errors, []);
  const parts = members(SAMPLE);
  assert.ok(parts.length > 10, "a file of per-record members");
  const mid = Math.floor(parts.length / 2);
  const start = parts[mid].offset;
  const end = parts[mid + 1].offset;
  const bytes = Buffer.from(readFileSync(SAMPLE));
  // Flip bytes in the middle of the member's deflate data.
  const at = start + Math.floor((end - start) / 2);
  for (let i = at; i < at + 8; i++) bytes[i] ^= 0xa5;
  const path = join(tmpDir("winnow-gzip-"), "corrupt.warc.gz");
  writeFileSync(path, bytes);

  const got = await read(path);
  assert.equal(got.errors.length, 1, got.errors.map((e) => e.message).join("; "));
  assert.equal(got.errors[0].source, "sample.warc.gz");
  assert.equal(got.errors[0].offset, start);
  assert.match(got.errors[0].message, new RegExp(`corrupt gzip member at compressed byte offset ${start} .*resumed at the next gzip member, at compressed byte offset ${end}`));
  const lost = new Set(parts[mid].ids);
  const expected = clean.docs.filter((d) => !lost.has(d.id));
  assert.ok(expected.length < clean.docs.length, "the damaged member held a page");
  assert.deepEqual(got.docs.map((d) => d.id), expected.map((d) => d.id));
  assert.ok(got.docs.some((d) => d.id === clean.docs[clean.docs.length - 1].id), "the records after the damage are read");
});
