import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { brotliCompressSync, deflateRawSync, gzipSync } from "node:zlib";
import type { Doc } from "../src/core/doc.js";
import { formatOf } from "../src/plan/list-inputs.js";
import type { InputError, InputFormat, ReaderOptions } from "../src/readers/reader.js";
import { readArc, readWarc, readWet } from "../src/readers/warc.js";
import { ByteReader } from "../src/readers/warc/byte-reader.js";
import type { Fields } from "../src/readers/warc/fields.js";
import { records, type Broken } from "../src/readers/warc/framing.js";
import { WARC_FORMAT } from "../src/readers/warc/warc-format.js";
import { makeText, tmpDir } from "./helpers.js";

const dir = tmpDir("winnow-warc-");
const READERS = { warc: readWarc, wet: readWet, arc: readArc };

async function read(path: string, format: "warc" | "wet" | "arc", options: Partial<ReaderOptions> = {}) {
  const docs: Doc[] = [];
  const errors: InputError[] = [];
  const skips: Record<string, number> = {};
  const opts: ReaderOptions = {
    textKey: "text", idKey: "id", maxDocBytes: 1 << 20, signal: new AbortController().signal,
    onBytes() {}, onError: (e) => void errors.push(e), onSkip: (r) => void (skips[r] = (skips[r] ?? 0) + 1),
    ...options,
  };
  for await (const batch of READERS[format]({ path, source: "in", format }, opts)) docs.push(...batch);
  return { docs, errors, skips };
}

function file(name: string, data: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

let ids = 0;
function warc(fields: Record<string, string>, block: Buffer | string, lengthDelta = 0): Buffer {
  const body = Buffer.from(block);
  const all = { "WARC-Record-ID": `<urn:uuid:test-${++ids}>`, "WARC-Date": "2024-05-18T01:58:10Z", ...fields, "Content-Length": String(body.length + lengthDelta) };
  const head = ["WARC/1.0", ...Object.entries(all).map(([k, v]) => `${k}: ${v}`)].join("\r\n");
  return Buffer.concat([Buffer.from(head + "\r\n\r\n"), body, Buffer.from("\r\n\r\n")]);
}

function http(status: number, headers: Record<string, string>, body: Buffer | string): Buffer {
  const head = [`HTTP/1.1 ${status} X`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join("\r\n");
  return Buffer.concat([Buffer.from(head + "\r\n\r\n"), Buffer.from(body)]);
}

const HTML = (n: number) => `<html><body><p>page ${n} ${"text ".repeat(n)}</p></body></html>`;
const response = (url: string, block: Buffer, extra: Record<string, string> = {}) =>
  warc({ "WARC-Type": "response", "WARC-Target-URI": url, "Content-Type": "application/http; msgtype=response", ...extra }, block);
const page = (n: number, headers: Record<string, string> = {}) => response(`http://example.com/${n}`, http(200, { "Content-Type": "text/html; charset=utf-8", ...headers }, HTML(n)));

function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const piece = body.subarray(i, i + size);
    parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), piece, Buffer.from("\r\n"));
  }
  return Buffer.concat([...parts, Buffer.from("0\r\n\r\n")]);
}

test("extensions map to formats, longest suffix first", () => {
  const cases: [string, InputFormat][] = [
    ["a.warc", "warc"], ["a.warc.gz", "warc"], ["a.warc.wet", "wet"], ["a.warc.wet.gz", "wet"], ["a.wet", "wet"],
    ["a.wet.gz", "wet"], ["a.arc", "arc"], ["a.arc.gz", "arc"], ["CC-MAIN-x.WARC.GZ", "warc"],
  ];
  for (const [name, format] of cases) assert.equal(formatOf(name), format, name);
  assert.equal(formatOf("a.warc.wat.gz"), undefined);
});

test("WARC responses: HTML kept with metadata; other records skipped and counted per reason", async () => {
  const body = HTML(3);
  const path = file("mixed.warc", Buffer.concat([
    warc({ "WARC-Type": "warcinfo", "Content-Type": "application/warc-fields" }, "software: test\r\n"),
    warc({ "WARC-Type": "request", "WARC-Target-URI": "http://example.com/1" }, "GET / HTTP/1.1\r\n\r\n"),
    response("http://example.com/1", http(200, { "Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked", "Content-Encoding": "gzip" }, chunked(gzipSync(body), 7)), { "WARC-Truncated": "length" }),
    response("<http://example.com/2>", http(200, { "Content-Type": "application/xhtml+xml", "Content-Encoding": "br" }, brotliCompressSync(body))),
    response("http://example.com/3", http(200, { "Content-Type": "text/html", "Content-Encoding": "deflate" }, deflateRawSync(body))),
    // ClueWeb stores decoded payloads under their original Content-Encoding header.
    response("http://example.com/4", http(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" }, body)),
    response("http://example.com/5", http(404, { "Content-Type": "text/html" }, body)),
    response("http://example.com/6", http(200, { "Content-Type": "image/png" }, "\x89PNG")),
    response("http://example.com/7", http(200, {}, body), { "WARC-Identified-Payload-Type": "text/html" }),
    warc({ "WARC-Type": "response", "WARC-Target-URI": "dns:example.com", "Content-Type": "text/dns" }, "20240518 example.com. 300 IN A 1.2.3.4"),
    warc({ "WARC-Type": "revisit", "WARC-Target-URI": "http://example.com/1" }, http(200, { "Content-Type": "text/html" }, "")),
    warc({ "WARC-Type": "metadata" }, "fetchTimeMs: 12\r\n"),
  ]));
  const { docs, errors, skips } = await read(path, "warc");
  assert.deepEqual(errors, []);
  assert.deepEqual(skips, { record_type: 4, http_status: 1, mime_type: 2 });
  assert.deepEqual(docs.map((d) => d.metadata.url), ["http://example.com/1", "http://example.com/2", "http://example.com/3", "http://example.com/4", "http://example.com/7"]);
  for (const d of docs) assert.equal(d.text, body);
  assert.deepEqual(docs[0], {
    id: "<urn:uuid:test-3>",
    text: body,
    metadata: {
      url: "http://example.com/1", date: "2024-05-18T01:58:10Z", warc_record_id: "<urn:uuid:test-3>", content_type: "text/html",
      http_status: 200, truncated: "length", warc_file: "in", charset: "utf-8",
    },
  });
  assert.equal(docs[1].metadata.content_type, "application/xhtml+xml");

  const only = await read(path, "warc", { warc: { contentTypes: ["image/png"], skipTruncated: true } });
  assert.deepEqual(only.docs.map((d) => d.metadata.url), ["http://example.com/6"]);
  assert.deepEqual(only.skips, { record_type: 4, mime_type: 6, http_status: 1 });
  const whole = await read(path, "warc", { warc: { contentTypes: ["text/html", "application/xhtml+xml"], skipTruncated: true } });
  assert.equal(whole.docs.length, 4);
  assert.deepEqual(whole.skips, { record_type: 4, truncated: 1, http_status: 1, mime_type: 2 });
});

test("framing gives the same records and errors whatever the chunk boundaries", async () => {
  const data = Buffer.concat([
    page(1),
    Buffer.from("garbage between records\r\nmore garbage\r\n"),
    page(2),
    // Content-Length 40 bytes too long: it swallows the start of the next record, which must survive.
    warc({ "WARC-Type": "response", "WARC-Target-URI": "http://example.com/3" }, http(200, { "Content-Type": "text/html" }, HTML(3)), 40),
    page(4),
    warc({ "WARC-Type": "response", "WARC-Target-URI": "http://example.com/5" }, http(200, {}, HTML(5)), -7), // too short
    response("http://example.com/6", http(200, { "Transfer-Encoding": "chunked" }, chunked(Buffer.from(HTML(6)), 5))),
    Buffer.from("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\nbody\r\n\r\n"),
    page(7),
    page(8).subarray(0, page(8).length - 30), // cut by the end of the input
  ]);
  const run = async (chunkSize: number) => {
    async function* chunks() {
      for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    }
    const got: string[] = [];
    const broken: Broken[] = [];
    for await (const r of records(new ByteReader(chunks()), WARC_FORMAT, 1 << 20, (b) => broken.push(b))) {
      got.push(`${r.offset}:${(r.fields as Fields).get("warc-target-uri")}:${r.body!.length}`);
    }
    return { got, broken: broken.map((b) => `${b.offset}: ${b.message}`) };
  };
  const whole = await run(data.length);
  assert.deepEqual(whole.got.map((g) => g.split(":").slice(1, -1).join(":")), [1, 2, 4, 6, 7].map((n) => `http://example.com/${n}`));
  assert.equal(whole.broken.length, 5, whole.broken.join("\n"));
  assert.match(whole.broken[0], /WARC record expected: skipped 39 bytes/);
  assert.match(whole.broken[1], /declares \d+ bytes but the next record starts \d+ bytes after its header/);
  assert.match(whole.broken[2], /declares \d+ bytes but the next record starts/);
  assert.match(whole.broken[3], /invalid WARC Content-Length "x"/);
  assert.match(whole.broken[4], /record cut short: \d+ of \d+ bytes before the end of the file/);
  for (const size of [1, 2, 3, 7, 64, 1000]) assert.deepEqual(await run(size), whole, `chunks of ${size}`);
});

test("records larger than input.max_doc_bytes stream past: pages become errors, other records skips", async () => {
  const big = "x".repeat(300_000);
  const path = file("big.warc", Buffer.concat([
    response("http://example.com/big", http(200, { "Content-Type": "text/html" }, `<p>${big}</p>`)),
    response("http://example.com/img", http(200, { "Content-Type": "image/jpeg" }, big)),
    warc({ "WARC-Type": "resource", "Content-Type": "video/mp4" }, big),
    page(1),
  ]));
  const { docs, errors, skips } = await read(path, "warc", { maxDocBytes: 100_000 });
  assert.deepEqual(docs.map((d) => d.metadata.url), ["http://example.com/1"]);
  assert.deepEqual(skips, { mime_type: 1, record_type: 1 });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].offset, 0);
  assert.match(errors[0].message, /record of 300\d+ bytes is larger than input.max_doc_bytes \(100000\)/);
  // A payload that only inflates past the limit is caught while decoding, not after.
  const bomb = file("bomb.warc", response("http://example.com/bomb", http(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" }, gzipSync(big))));
  const b = await read(bomb, "warc", { maxDocBytes: 100_000 });
  assert.deepEqual(b.docs, []);
  assert.match(b.errors[0].message, /payload decodes to more than 100000 bytes/);
});

test("a compressed payload cut short gives the text that decodes", async () => {
  const body = `<p>${makeText(1, 5000)}</p>`;
  const gz = gzipSync(body);
  const path = file("cut-payload.warc", response("http://example.com/cut", http(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" }, gz.subarray(0, gz.length >> 1))));
  const { docs, errors } = await read(path, "warc");
  assert.deepEqual(errors, []);
  assert.ok(docs[0].text.length > 100 && body.startsWith(docs[0].text), docs[0].text.slice(0, 100));
});

test("per-record gzip members; a corrupt member is one error and reading resumes at the next member", async () => {
  const members = [1, 2, 3, 4].map((n) => gzipSync(page(n)));
  const good = file("members.warc.gz", Buffer.concat(members));
  const ok = await read(good, "warc");
  assert.deepEqual(ok.docs.map((d) => d.metadata.url), [1, 2, 3, 4].map((n) => `http://example.com/${n}`));
  assert.deepEqual(ok.errors, []);

  const bad = Buffer.from(members[2]);
  bad.fill(0xff, 10, 40);
  const path = file("corrupt.warc.bad", Buffer.concat([members[0], members[1], bad, members[3]])); // gzip found by its magic, not its name
  const { docs, errors } = await read(path, "warc");
  // The members before the bad one (decoded in the same zlib call) and the one after it are all read.
  assert.deepEqual(docs.map((d) => d.metadata.url), [1, 2, 4].map((n) => `http://example.com/${n}`));
  const badAt = members[0].length + members[1].length;
  assert.deepEqual(errors.map((e) => [e.source, e.offset]), [["in", badAt]]);
  assert.match(errors[0].message, new RegExp(`^corrupt gzip member at compressed byte offset ${badAt} \\(.+\\); resumed at the next gzip member, at compressed byte offset ${badAt + bad.length}$`));
});

test("empty and garbage-only files are errors, not crashes", async () => {
  const empty = await read(file("empty.warc", ""), "warc");
  assert.deepEqual(empty.errors.map((e) => e.message), ["empty file: no records"]);
  const junk = await read(file("junk.warc", "<html>not a warc</html>\n".repeat(1000)), "warc");
  assert.equal(junk.errors.length, 1);
  assert.match(junk.errors[0].message, /WARC record expected: skipped 24000 bytes up to the end/);
  const arcJunk = await read(file("junk.arc", Buffer.alloc(100_000, 7)), "arc");
  assert.equal(arcJunk.errors.length, 1);
});

test("WET: conversion records become documents as they are", async () => {
  const text = "Título de la página\nUna línea de texto extraído.\n";
  const path = file("x.warc.wet", Buffer.concat([
    warc({ "WARC-Type": "warcinfo", "Content-Type": "application/warc-fields" }, "isPartOf: CC-MAIN-2024-22\r\n"),
    warc({ "WARC-Type": "conversion", "WARC-Target-URI": "https://es.example.org/", "Content-Type": "text/plain" }, text),
  ]));
  const { docs, errors, skips } = await read(path, "wet");
  assert.deepEqual(errors, []);
  assert.deepEqual(skips, { record_type: 1 });
  assert.deepEqual(docs, [{
    id: "<urn:uuid:test-" + ids + ">",
    text,
    metadata: { url: "https://es.example.org/", date: "2024-05-18T01:58:10Z", warc_record_id: "<urn:uuid:test-" + ids + ">", content_type: "text/plain", warc_file: "in", charset: "utf-8" },
  }]);
});

test("ARC version 1 and 2: URLs with spaces, dates as ISO, bad lengths as errors", async () => {
  const resp = http(200, { "Content-Type": "text/html; charset=windows-1252" }, Buffer.from("<p>caf\xe9 \x93quoted\x94</p>", "latin1"));
  const version1 = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
  const v1 = Buffer.concat([
    Buffer.from(`filedesc://t.arc 0.0.0.0 20140216050221 text/plain ${version1.length}\n${version1}\n`),
    Buffer.from(`http://example.com/a b?c=d 93.184.216.119 20140216050221 text/html ${resp.length}\n`), resp, Buffer.from("\n"),
    Buffer.from("dns:example.com 1.2.3.4 20140216050221 text/dns 7\nexample\n"),
    Buffer.from("http://example.com/bad 1.2.3.4 20140216050221 text/html 12x\nHTTP/1.1 200 OK\n\n"),
    Buffer.from(`http://example.com/again 93.184.216.119 20140216050222 text/html ${resp.length}\n`), resp, Buffer.from("\n"),
  ]);
  const a = await read(file("v1.arc", v1), "arc");
  assert.deepEqual(a.docs.map((d) => [d.metadata.url, d.metadata.date, d.text]), [
    ["http://example.com/a b?c=d", "2014-02-16T05:02:21Z", "<p>café “quoted”</p>"],
    ["http://example.com/again", "2014-02-16T05:02:22Z", "<p>café “quoted”</p>"],
  ]);
  assert.deepEqual(a.docs[0].metadata, {
    url: "http://example.com/a b?c=d", date: "2014-02-16T05:02:21Z", warc_record_id: null, content_type: "text/html",
    http_status: 200, truncated: null, warc_file: "in", charset: "windows-1252",
  });
  assert.equal(a.docs[0].id, `in#${v1.indexOf("http://example.com/a")}`);
  assert.deepEqual(a.skips, { record_type: 2 });
  assert.deepEqual(a.errors.map((e) => [e.offset, e.message]), [[v1.indexOf("http://example.com/bad"), 'invalid ARC record length "12x"']]);

  const version2 = "2 0 Test\nURL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename Archive-length\n";
  const v2 = Buffer.concat([
    Buffer.from(`filedesc://t.arc 0.0.0.0 20140216050221 text/plain 200 - - 0 t.arc ${version2.length}\n${version2}\n`),
    Buffer.from(`http://example.com/v2 93.184.216.119 20140216050221 text/html 200 ABC - 1234 t.arc ${resp.length}\n`), resp, Buffer.from("\n"),
  ]);
  const b = await read(file("v2.arc.gz", gzipSync(v2)), "arc");
  assert.deepEqual(b.errors, []);
  assert.deepEqual(b.docs.map((d) => d.metadata.url), ["http://example.com/v2"]);
});
