import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import { escapeJsonText } from "../src/writers/json-string.js";
import { JsonlEncoder } from "../src/writers/jsonl-encoder.js";
import { makeText, readRecords, tmpDir } from "./helpers.js";

/** Strings JSON.stringify escapes in every way it can, and ways it must not. */
const TRICKY = [
  "",
  "plain prose, nothing to escape",
  'quote " backslash \\ newline \n tab \t end',
  "\\n is not a newline, \\\" is not a quote",
  "controls \x00 \x01 \b \f \r \x1f and DEL \x7f",
  "latin-1 é ü ÿ and beyond: 漢字 — “quotes”",
  "U+2028 \u2028 and U+2029 \u2029 stay raw",
  "pair 😀 ok, lone high \ud83d then text, lone low \ude00 too",
  "ends with a lone high \ud800",
  "\udc00 starts with a lone low",
  "\ud800\ud800\udc00\udc00",
  "a\r\nwindows\r\nline",
];

test("escapeJsonText gives what JSON.stringify puts between the quotes, for any string", () => {
  const quoted = (s: string) => `"${escapeJsonText(s)}"`;
  for (const s of TRICKY) assert.equal(quoted(s), JSON.stringify(s), JSON.stringify(s));
  for (let c = 0; c < 0x10000; c += 1) {
    const s = `a${String.fromCharCode(c)}"\n\tb\\`;
    if (quoted(s) !== JSON.stringify(s)) assert.fail(`U+${c.toString(16)}`);
  }
});

test("JSONL encoder writes each document as JSON.stringify({ id, text, metadata }) and a newline", () => {
  const dir = tmpDir();
  const docs: Doc[] = [
    ...TRICKY.map((text, i) => ({ id: `t${i}`, text, metadata: { note: TRICKY[(i + 1) % TRICKY.length], n: i, nested: { ok: true, list: [1, "x"] } } })),
    ...Array.from({ length: 300 }, (_, i) => ({ id: `d"${i}`, text: makeText(i * 7, 200) + "\n\"tail\"\t", metadata: {} })),
    { id: "dated", text: "x", metadata: { when: new Date(0) } },
    // Not a Doc by its type, but a step may produce it: the line must still be what stringify gives.
    { id: 7, text: "numeric id", metadata: { toJSON: (key: string) => ({ key }) } } as unknown as Doc,
  ];
  const path = join(dir, "out.jsonl");
  const enc = new JsonlEncoder(path, "none", { maxFileBytes: 4096 });
  for (const d of docs) enc.add(d);
  enc.close();
  const expected = docs.map((d) => JSON.stringify({ id: d.id, text: d.text, metadata: d.metadata }) + "\n").join("");
  assert.equal(readFileSync(path, "utf8"), expected);
});

test("JSONL encoders that reuse a closed encoder's block and zstd context write the same bytes", () => {
  const dir = tmpDir();
  const docs = Array.from({ length: 2000 }, (_, i): Doc => ({ id: `d${i}`, text: makeText(i, 120), metadata: { i } }));
  const write = (name: string, list: Doc[]) => {
    const enc = new JsonlEncoder(join(dir, name), "zstd", { maxFileBytes: 200_000 });
    for (const d of list) enc.add(d);
    return enc;
  };
  write("first.jsonl.zst", docs).close();
  // Two open at once (output and removed/ of one task), then one more after both closed.
  const a = write("a.jsonl.zst", docs);
  const b = write("b.jsonl.zst", docs.slice(0, 7));
  b.close();
  a.close();
  write("again.jsonl.zst", docs).close();
  const bytes = (name: string) => readFileSync(join(dir, name));
  assert.ok(bytes("first.jsonl.zst").equals(bytes("a.jsonl.zst")));
  assert.ok(bytes("first.jsonl.zst").equals(bytes("again.jsonl.zst")));
  assert.equal(readRecords(join(dir, "b.jsonl.zst")).length, 7);
});
