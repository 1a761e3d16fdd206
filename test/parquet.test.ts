import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Int64, Table, TimestampMillisecond, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { parquetMetadata } from "hyparquet";
import * as parquetWasm from "parquet-wasm";
import type { Doc } from "../src/core/doc.js";
import { readParquet } from "../src/readers/parquet.js";
import type { InputError, ReaderOptions } from "../src/readers/reader.js";
import { ParquetEncoder } from "../src/writers/parquet-encoder.js";

const dir = fs.mkdtempSync(join(tmpdir(), "winnow-parquet-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeDocs(name: string, docs: Doc[]): string {
  const path = join(dir, name);
  const encoder = new ParquetEncoder(path, {});
  for (const doc of docs) encoder.add(doc);
  encoder.close();
  return path;
}

async function read(path: string, options: Partial<ReaderOptions> = {}) {
  const docs: Doc[] = [];
  const errors: InputError[] = [];
  const batchSizes: number[] = [];
  let bytes = 0;
  const opts: ReaderOptions = {
    textKey: "text", idKey: "id", maxDocBytes: 1 << 20, signal: new AbortController().signal,
    onBytes: (n) => { bytes += n; }, onError: (e) => { errors.push(e); },
    ...options,
  };
  for await (const batch of readParquet({ path, source: "in.parquet", format: "parquet" }, opts)) {
    batchSizes.push(batch.length);
    docs.push(...batch);
  }
  return { docs, errors, bytes, batchSizes };
}

/** Documents with hex text, which compresses poorly, so files have realistic sizes. */
function manyDocs(n: number): Doc[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `doc-${i}`,
    text: createHash("sha256").update(String(i)).digest("hex"),
    metadata: { i, even: i % 2 === 0 },
  }));
}

/** A Parquet file written by arrow-rs (via parquet-wasm), an implementation independent of ours. */
function writeWithArrow(name: string, table: Table, compression: parquetWasm.Compression, maxRowGroupSize: number): string {
  const props = new parquetWasm.WriterPropertiesBuilder()
    .setCompression(compression)
    .setMaxRowGroupSize(maxRowGroupSize)
    .build();
  const bytes = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(table, "stream")), props);
  const path = join(dir, name);
  fs.writeFileSync(path, bytes);
  return path;
}

const SAMPLE: Doc[] = [
  { id: "ünï-1", text: "Grüße, 世界! 🌍🚀 עברית e\u0301 \u0000 end", metadata: { lang: "mixed", "ключ": "значение" } },
  { id: "empty", text: "", metadata: {} },
  { id: "nested", text: "line one\nline two\r\n\ttabbed", metadata: { a: { b: [1, { c: null, d: [true, false] }], e: 1.5 }, tags: [] } },
];

test("round trip keeps unicode, empty text and nested metadata, byte for byte", async () => {
  const first = writeDocs("a.parquet", SAMPLE);
  const second = writeDocs("b.parquet", SAMPLE);
  assert.deepEqual(fs.readFileSync(first), fs.readFileSync(second));

  const { docs, errors, bytes } = await read(first);
  assert.deepEqual(errors, []);
  assert.deepEqual(docs, SAMPLE);
  assert.equal(bytes, fs.statSync(first).size);

  const meta = parquetMetadata(fs.readFileSync(first));
  assert.equal(meta.created_by, "winnow");
  const metadataColumn = meta.schema.find((e) => e.name === "metadata");
  assert.equal(metadataColumn?.converted_type, "JSON");
  assert.equal(metadataColumn?.logical_type?.type, "JSON");
  assert.equal(meta.row_groups[0].columns[0].meta_data?.codec, "ZSTD");
});

test("many documents become several row groups, read back in order and in batches", async () => {
  const input = manyDocs(45_000);
  const path = join(dir, "many.parquet");
  const encoder = new ParquetEncoder(path, { level: 1 });
  for (const doc of input.slice(0, 20_000)) encoder.add(doc);
  assert.ok(encoder.bytesWritten > 0, "a full row group is on disk before close");
  assert.equal(encoder.bytesWritten, fs.statSync(path).size);
  for (const doc of input.slice(20_000)) encoder.add(doc);
  encoder.close();
  assert.equal(encoder.bytesWritten, fs.statSync(path).size);

  const meta = parquetMetadata(fs.readFileSync(path));
  assert.deepEqual(meta.row_groups.map((g) => g.num_rows), [20_000n, 20_000n, 5_000n]);

  const { docs, errors, batchSizes } = await read(path);
  assert.deepEqual(errors, []);
  assert.deepEqual(docs, input);
  assert.ok(Math.max(...batchSizes) <= 512);

  const controller = new AbortController();
  let seen = 0;
  for await (const batch of readParquet({ path, source: "in.parquet", format: "parquet" }, {
    textKey: "text", idKey: "id", maxDocBytes: 1 << 20, signal: controller.signal, onBytes: () => {}, onError: () => {},
  })) {
    seen += batch.length;
    controller.abort();
  }
  assert.ok(seen <= 20_000, "abort stops at the next row group");
});

test("reads one row group at a time, never the whole file", async () => {
  const rows = 4_000;
  const texts = manyDocs(rows).map((d) => d.text.repeat(8)); // 512 bytes each
  const table = new Table({ text: vectorFromArray(texts, new Utf8()) });
  const path = writeWithArrow("groups.parquet", table, parquetWasm.Compression.UNCOMPRESSED, 100);
  const size = fs.statSync(path).size;

  // hyparquet reads through fs.createReadStream, one stream per byte range.
  const reads: number[] = [];
  const original = fs.createReadStream;
  fs.createReadStream = ((file: fs.PathLike, options?: { start?: number; end?: number }) => {
    if (file === path) reads.push((options?.end ?? size - 1) - (options?.start ?? 0) + 1);
    return original(file, options);
  }) as typeof fs.createReadStream;
  syncBuiltinESMExports();
  try {
    let readAtFirstBatch = -1;
    let count = 0;
    for await (const batch of readParquet({ path, source: "in.parquet", format: "parquet" }, {
      textKey: "text", idKey: "id", maxDocBytes: 1 << 20, signal: new AbortController().signal, onBytes: () => {}, onError: (e) => assert.fail(e.message),
    })) {
      if (readAtFirstBatch < 0) readAtFirstBatch = reads.slice(1).reduce((a, b) => a + b, 0);
      count += batch.length;
    }
    assert.equal(count, rows);
    const groupBytes = 100 * 520; // 100 texts of 512 bytes plus length prefixes, and page headers
    const dataReads = reads.slice(1); // the first read is the footer
    assert.ok(dataReads.length >= rows / 100, `one read per row group, got ${dataReads.length}`);
    assert.ok(Math.max(...dataReads) < groupBytes + 1024, `largest read ${Math.max(...dataReads)} bytes`);
    assert.ok(readAtFirstBatch < size / 4, `read ${readAtFirstBatch} of ${size} bytes before the first batch`);
  } finally {
    fs.createReadStream = original;
    syncBuiltinESMExports();
  }
});

test("a corrupt, truncated or empty file is one readable error, not a throw", async () => {
  const good = fs.readFileSync(writeDocs("good.parquet", manyDocs(100)));
  const cases: Record<string, Buffer> = {
    "truncated.parquet": good.subarray(0, Math.floor(good.length / 2)),
    "text.parquet": Buffer.from('{"id": "1", "text": "this is JSON, not Parquet"}\n'),
    "zero.parquet": Buffer.alloc(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const path = join(dir, name);
    fs.writeFileSync(path, bytes);
    const { docs, errors } = await read(path);
    assert.equal(docs.length, 0, name);
    assert.equal(errors.length, 1, name);
    assert.equal(errors[0].source, "in.parquet");
    assert.match(errors[0].message, /^not a readable Parquet file/, name);
    assert.doesNotMatch(errors[0].message, /\n\s+at /, "no stack trace");
  }
});

test("a damaged row group is one error; the other row groups are read", async () => {
  const path = writeDocs("damaged.parquet", manyDocs(41_000));
  const bytes = fs.readFileSync(path);
  const text = parquetMetadata(bytes).row_groups[1].columns[1].meta_data!;
  const middle = Number(text.data_page_offset + text.total_compressed_size / 2n);
  for (let i = middle; i < middle + 64; i++) bytes[i] ^= 0xff;
  fs.writeFileSync(path, bytes);

  const { docs, errors } = await read(path);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 20_001);
  assert.match(errors[0].message, /row group 1 \(rows 20001–40000\) unreadable/);
  assert.equal(docs.length, 21_000);
  assert.equal(docs[20_000].id, "doc-40000");
});

test("rows without usable text are errors with their row number; the rest is read", async () => {
  const path = writeDocs("notext.parquet", SAMPLE);
  const missing = await read(path, { textKey: "body" });
  assert.equal(missing.docs.length, 0);
  assert.deepEqual(missing.errors.map((e) => e.line), [1, 2, 3]);
  assert.match(missing.errors[0].message, /missing text field "body"/);
  assert.ok(missing.errors[0].excerpt?.includes("ünï-1"));

  const long = await read(path, { maxDocBytes: 40 });
  assert.deepEqual(long.docs.map((d) => d.id), ["empty", "nested"]);
  assert.equal(long.errors.length, 1);
  assert.equal(long.errors[0].line, 1);
  assert.match(long.errors[0].message, /larger than input.max_doc_bytes \(40\)/);
});

test("arrow-rs reads what ParquetEncoder writes", async () => {
  const input = [...SAMPLE, ...manyDocs(25_000)];
  const bytes = fs.readFileSync(writeDocs("cross.parquet", input));
  const table = tableFromIPC(parquetWasm.readParquet(bytes).intoIPCStream());
  assert.equal(table.numRows, input.length);
  assert.deepEqual(table.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`), ["id:Utf8:false", "text:Utf8:false", "metadata:Utf8:false"]);
  const ids = table.getChild("id")!.toArray();
  const texts = table.getChild("text")!.toArray();
  const metadata = table.getChild("metadata")!.toArray();
  for (const [i, doc] of input.entries()) {
    assert.equal(ids[i], doc.id);
    assert.equal(texts[i], doc.text);
    assert.deepEqual(JSON.parse(metadata[i]), doc.metadata);
  }
  const file = await parquetWasm.ParquetFile.fromFile(new Blob([bytes]));
  const meta = file.metadata();
  assert.equal(meta.numRowGroups(), 2);
  assert.equal(meta.fileMetadata().createdBy(), "winnow");
  assert.equal(meta.rowGroup(0).column(1).compression(), parquetWasm.Compression.ZSTD);
});

test("reads files written by arrow-rs, whatever their codec", async () => {
  const table = new Table({
    id: vectorFromArray(["a", "b", "c", "d"], new Utf8()),
    content: vectorFromArray(["first", null, "third ✓", "fourth"], new Utf8()),
    n: vectorFromArray([1n, 2n, 2n ** 60n + 1n, -5n], new Int64()),
    ts: vectorFromArray([new Date(0), new Date(86_400_000), null, new Date(1_700_000_000_000)], new TimestampMillisecond()),
    metadata: vectorFromArray(['{"lang":"en","score":0.5}', "{}", "not json", null], new Utf8()),
  });
  for (const codec of ["UNCOMPRESSED", "SNAPPY", "GZIP", "BROTLI", "ZSTD"] as const) {
    const path = writeWithArrow(`arrow-${codec}.parquet`, table, parquetWasm.Compression[codec], 3);
    const { docs, errors } = await read(path, { textKey: "content" });
    assert.equal(errors.length, 1, codec);
    assert.equal(errors[0].line, 2);
    assert.match(errors[0].message, /text field "content" is null/);
    assert.deepEqual(docs, [
      { id: "a", text: "first", metadata: { n: 1, ts: "1970-01-01T00:00:00.000Z", lang: "en", score: 0.5 } },
      { id: "c", text: "third ✓", metadata: { n: "1152921504606846977", ts: null, metadata: "not json" } },
      { id: "d", text: "fourth", metadata: { n: -5, ts: "2023-11-14T22:13:20.000Z", metadata: null } },
    ], codec);
  }
  const path = join(dir, "arrow-ZSTD.parquet");
  const { docs } = await read(path, { textKey: "content", idKey: "key" });
  assert.deepEqual(docs.map((d) => d.id), ["in.parquet#1", "in.parquet#3", "in.parquet#4"], "fallback ids count rows over the whole file");
  assert.equal(docs[1].metadata.id, "c");
});
