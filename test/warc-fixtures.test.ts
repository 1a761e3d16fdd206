import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { constants, gunzipSync } from "node:zlib";
import type { Doc } from "../src/core/doc.js";
import type { InputError, ReaderOptions } from "../src/readers/reader.js";
import { readArc, readWarc, readWet } from "../src/readers/warc.js";
import { cli, hasSharedData, readAllRecords, SHARED_DATA, tmpDir, writePipeline } from "./helpers.js";

const A = join(SHARED_DATA, "A-warc");
const NO_DATA = `${SHARED_DATA} absent: no WARC fixtures`;
const READERS = { warc: readWarc, wet: readWet, arc: readArc };
type Format = keyof typeof READERS;

async function read(rel: string, format: Format) {
  const docs: Doc[] = [];
  const errors: InputError[] = [];
  const skips: Record<string, number> = {};
  const opts: ReaderOptions = {
    textKey: "text", idKey: "id", maxDocBytes: 16e6, signal: new AbortController().signal,
    onBytes() {}, onError: (e) => void errors.push(e), onSkip: (r) => void (skips[r] = (skips[r] ?? 0) + 1),
  };
  for await (const batch of READERS[format]({ path: join(A, rel), source: rel, format }, opts)) docs.push(...batch);
  return { docs, errors, skips };
}

/**
 * Every record file of A-warc: [format, documents, skips by reason, errors]. Verified by hand
 * against an independent scan (Python: split the gunzipped bytes at `WARC/` lines, regex the
 * WARC-Type, HTTP status line and Content-Type of each part), which agrees on every file except
 * the broken records, checked one by one: example-extra's `HTTPX/1.1` status line, a request in
 * pywb/example.warc whose Content-Length is 7 bytes short, clipped.warc.gz's record cut by the
 * end of the gzip stream, example-trunc's response 2 bytes longer than its Content-Length, the
 * four records of cc_net's WET (line endings changed after the lengths were written, as in
 * example-space-in-url.arc), and bad.arc's four bad headers or bodies. The `*.bad` and
 * `wrong-chunks` files are bad only for random access (one gzip member for the whole file, or
 * members split inside records): streamed, they are sound.
 */
const EXPECTED: Record<string, [Format, number, Record<string, number>, number]> = {
  "cc_net/sample.warc.wet.txt": ["wet", 0, {}, 4],
  "dolma/sample-0000.warc.gz": ["warc", 22, { record_type: 26 }, 0],
  "dolma/sample-0001.warc.gz": ["warc", 15, { record_type: 19 }, 0],
  "pywb/bad.arc": ["arc", 0, {}, 4],
  "pywb/dupes.warc.gz": ["warc", 1, { record_type: 22, http_status: 1, mime_type: 1 }, 0],
  "pywb/example-bad.warc.gz.bad": ["warc", 1, { record_type: 4, http_status: 1 }, 0],
  "pywb/example-extra.warc": ["warc", 1, { record_type: 4 }, 1],
  "pywb/example-url-agnostic-orig.warc.gz": ["warc", 1, { record_type: 1 }, 0],
  "pywb/example-url-agnostic-revisit.warc.gz": ["warc", 0, { record_type: 2 }, 0],
  "pywb/example-wget-1-14.warc.gz": ["warc", 1, { record_type: 5 }, 0],
  "pywb/example-wpull.warc.gz": ["warc", 1, { record_type: 3 }, 0],
  "pywb/example.arc": ["arc", 1, { record_type: 1 }, 0],
  "pywb/example.arc.gz": ["arc", 1, { record_type: 1 }, 0],
  "pywb/example.warc": ["warc", 1, { record_type: 3, http_status: 1 }, 1],
  "pywb/example.warc.gz": ["warc", 1, { record_type: 4, http_status: 1 }, 0],
  "pywb/example2.warc.gz": ["warc", 1, { record_type: 2 }, 0],
  "pywb/httpbin-resource.warc.gz": ["warc", 0, { record_type: 1 }, 0],
  "pywb/iana.warc.gz": ["warc", 16, { record_type: 295, mime_type: 28, http_status: 4 }, 0],
  "pywb/missing-status-text.warc": ["warc", 0, { http_status: 1 }, 0],
  "pywb/post-test.warc.gz": ["warc", 0, { record_type: 3, mime_type: 3 }, 0],
  "resiliparse/block-sized-records.warc": ["warc", 0, { record_type: 3 }, 0],
  "resiliparse/block-sized-records.warc.gz": ["warc", 0, { record_type: 3 }, 0],
  "resiliparse/clipped.warc.gz": ["warc", 0, {}, 1],
  "resiliparse/clueweb-quirk.warc.gz": ["warc", 29, { record_type: 1 }, 0],
  "resiliparse/warcfile.warc.gz": ["warc", 16, { record_type: 34 }, 0],
  "warcio/bad.arc": ["arc", 0, {}, 4],
  "warcio/example-bad-non-chunked.warc.gz": ["warc", 1, { record_type: 5 }, 0],
  "warcio/example-bad.warc.gz.bad": ["warc", 1, { record_type: 4, http_status: 1 }, 0],
  "warcio/example-digest.warc": ["warc", 0, { record_type: 4 }, 0],
  "warcio/example-iana.org-chunked.warc": ["warc", 1, { record_type: 2 }, 0],
  "warcio/example-resource.warc.gz": ["warc", 0, { record_type: 3 }, 0],
  "warcio/example-space-in-target-uri.warc.gz": ["warc", 0, { record_type: 2 }, 0],
  "warcio/example-space-in-url.arc": ["arc", 0, { record_type: 1 }, 1],
  "warcio/example-trunc.warc": ["warc", 0, { record_type: 3 }, 1],
  "warcio/example-wget-bad-target-uri.warc.gz": ["warc", 1, { record_type: 5 }, 0],
  "warcio/example-wrong-chunks.warc.gz": ["warc", 1, { record_type: 1 }, 0],
  "warcio/example.arc": ["arc", 1, { record_type: 1 }, 0],
  "warcio/example.arc.gz": ["arc", 1, { record_type: 1 }, 0],
  "warcio/example.warc": ["warc", 1, { record_type: 5 }, 0],
  "warcio/example.warc.gz": ["warc", 1, { record_type: 5 }, 0],
  "warcio/post-test.warc.gz": ["warc", 0, { record_type: 3, mime_type: 3 }, 0],
  "whirlwind/whirlwind.warc": ["warc", 1, { record_type: 3 }, 0],
  "whirlwind/whirlwind.warc.gz": ["warc", 1, { record_type: 3 }, 0],
  "whirlwind/whirlwind.warc.wat": ["warc", 0, { record_type: 2 }, 0],
  "whirlwind/whirlwind.warc.wat.gz": ["warc", 0, { record_type: 2 }, 0],
  "whirlwind/whirlwind.warc.wet": ["wet", 1, { record_type: 1 }, 0],
  "whirlwind/whirlwind.warc.wet.gz": ["wet", 1, { record_type: 1 }, 0],
};

/** Records counted without our parser: `WARC/<digit>` lines, or ARC header lines, in the gunzipped bytes. */
function scanRecords(rel: string, format: Format): number {
  let bytes = readFileSync(join(A, rel));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  const text = bytes.toString("latin1");
  const pattern = format === "arc" ? /^[a-z]+:\S*.* \S+ \d{14,} \S+ \S+$/gm : /^WARC\/\d/gm;
  return text.match(pattern)?.length ?? 0;
}

test("every WARC, WET, WAT and ARC fixture gives exactly the expected documents, skips and errors", { timeout: 20_000 }, async (t) => {
  if (!hasSharedData) return t.skip(NO_DATA);
  const files = readdirSync(A, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(warc|wet|wat|arc)(\.gz)?$|\.bad$|\.wet\.txt$/.test(f))
    .sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort(), "a fixture without expected counts");
  for (const [rel, [format, docs, skips, errors]] of Object.entries(EXPECTED)) {
    const got = await read(rel, format);
    assert.deepEqual([got.docs.length, got.skips, got.errors.length], [docs, skips, errors], `${rel}: ${got.errors.map((e) => e.message).join("; ")}`);
    const skipped = Object.values(got.skips).reduce((a, b) => a + b, 0);
    assert.equal(got.docs.length + skipped + got.errors.length, scanRecords(rel, format), `${rel}: every record is a document, a skip or an error`);
    for (const e of got.errors) assert.ok(e.source === rel && typeof e.offset === "number" && e.message, JSON.stringify(e));
    assert.equal(new Set(got.docs.map((d) => d.id)).size, got.docs.length, `${rel}: unique ids`);
  }
});

test("WARC and WET metadata (Common Crawl whirlwind)", { timeout: 10_000 }, async (t) => {
  if (!hasSharedData) return t.skip(NO_DATA);
  const { docs } = await read("whirlwind/whirlwind.warc.gz", "warc");
  assert.equal(docs.length, 1);
  const [doc] = docs;
  assert.equal(doc.id, doc.metadata.warc_record_id);
  assert.match(doc.id, /^<urn:uuid:[0-9a-f-]{36}>$/);
  assert.deepEqual({ ...doc.metadata, warc_record_id: undefined }, {
    url: "https://an.wikipedia.org/wiki/Escopete", date: "2024-05-18T01:58:10Z", warc_record_id: undefined,
    content_type: "text/html", http_status: 200, truncated: null, warc_file: "whirlwind/whirlwind.warc.gz", charset: "utf-8",
  });
  assert.match(doc.text, /^<!DOCTYPE html>/i);
  assert.match(doc.text, /Escopete/);
  const plain = await read("whirlwind/whirlwind.warc", "warc");
  assert.deepEqual(plain.docs[0].text, doc.text);

  const wet = await read("whirlwind/whirlwind.warc.wet.gz", "wet");
  assert.equal(wet.docs[0].metadata.url, "https://an.wikipedia.org/wiki/Escopete");
  assert.match(wet.docs[0].text, /^Escopete/);
  assert.doesNotMatch(wet.docs[0].text, /<[a-z]+[ >]/);
});

test("ClueWeb Japanese (EUC-JP, header quirks) and Common Crawl Chinese and Russian pages decode to readable text", { timeout: 10_000 }, async (t) => {
  if (!hasSharedData) return t.skip(NO_DATA);
  const replacementRate = (docs: Doc[]) => {
    const text = docs.map((d) => d.text).join("");
    return (text.match(/\ufffd/g)?.length ?? 0) / text.length;
  };
  const ja = await read("resiliparse/clueweb-quirk.warc.gz", "warc");
  assert.equal(ja.docs.length, 29);
  for (const d of ja.docs) {
    assert.equal(d.metadata.charset, "euc-jp");
    assert.ok(d.text.includes("ヘッドポーター"), String(d.metadata.url));
  }
  assert.ok(replacementRate(ja.docs) < 1e-4);

  const cc = await read("resiliparse/warcfile.warc.gz", "warc");
  const byUrl = (u: string) => cc.docs.find((d) => String(d.metadata.url).startsWith(u))!;
  const gbk = byUrl("http://0755krk.com/76104/list_4_1.html");
  assert.equal(gbk.metadata.charset, "gbk");
  assert.ok(gbk.text.includes("新老藏宝图纪录"));
  assert.ok(byUrl("http://0615235.com/").text.includes("上海聚一行工艺礼品有限公司"));
  const ru = byUrl("http://01spb.ru/company/");
  assert.equal(ru.metadata.charset, "windows-1251");
  assert.ok(ru.text.includes("Стратегия пожарной безопасности"));
  assert.ok(replacementRate(cc.docs) < 1e-4);
});

test("broken files give errors with offsets, read on after them, and never hang", { timeout: 10_000 }, async (t) => {
  if (!hasSharedData) return t.skip(NO_DATA);
  const trunc = await read("warcio/example-trunc.warc", "warc");
  assert.deepEqual(trunc.errors.map((e) => [e.offset, e.message]), [[1197, "WARC record declares 973 bytes but the next record starts 979 bytes after its header"]]);
  assert.deepEqual(trunc.skips, { record_type: 3 }); // the request after the bad response is still read

  const clipped = await read("resiliparse/clipped.warc.gz", "warc");
  assert.equal(clipped.errors[0].offset, 0);
  assert.match(clipped.errors[0].message, /cut short: 75207 of 88275 bytes before a failed stream \(unexpected end of file\)/);
  assert.match(clipped.errors[0].excerpt!, /^WARC\/1\.0\r\nWARC-Record-ID/);

  const arc = await read("warcio/bad.arc", "arc");
  assert.deepEqual(arc.errors.map((e) => e.offset), [0, 134, 202, 262]);
  assert.deepEqual(arc.errors.map((e) => e.message), [
    'invalid ARC record length "-1"', 'invalid ARC record length "-1"', 'not an HTTP response (first line: "")', 'invalid ARC record length "abc"',
  ]);

  const extra = await read("pywb/example-extra.warc", "warc");
  assert.match(extra.errors[0].message, /not an HTTP response \(first line: "HTTPX\/1\.1 200 OK"\)/);
});

test("a pipeline reads WARC input end to end through the CLI", { timeout: 30_000 }, (t) => {
  if (!hasSharedData) return t.skip(NO_DATA);
  const dir = tmpDir();
  const file = writePipeline(dir, `
input: { paths: ["${A}/*/*.warc.gz", "${A}/*/*.warc", "${A}/*/*.bad"], format: warc }
output: run
steps:
  - length: {}
`);
  const r = cli(["run", file, "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, /ledger: .*✓/);
  const warcFiles = Object.entries(EXPECTED).filter(([rel, [format]]) => format === "warc" && !/\.wat(\.gz)?$/.test(rel));
  const kept = readAllRecords(join(dir, "run", "output"));
  assert.equal(kept.length, warcFiles.reduce((n, [, [, docs]]) => n + docs, 0));
  const errors = readAllRecords(join(dir, "run", "errors"));
  assert.equal(errors.length, warcFiles.reduce((n, [, [, , , errs]]) => n + errs, 0));
  assert.ok(errors.every((e) => typeof e.offset === "number" && e.message));

  // Formats from file extensions: WARC, WET and ARC in one run (WAT has no reader and is left out).
  const byExt = writePipeline(dir, `
input: { paths: ["${A}/whirlwind", "${A}/warcio/example.arc.gz"] }
output: run2
steps:
  - length: {}
`, "by-ext.yaml");
  const r2 = cli(["run", byExt, "--progress", "off"]);
  assert.equal(r2.status, 0, r2.stderr + r2.stdout);
  const urls = readAllRecords(join(dir, "run2", "output")).map((d) => d.metadata.url).sort();
  assert.deepEqual(urls, ["http://example.com/", ...Array(4).fill("https://an.wikipedia.org/wiki/Escopete")]);
});
