import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type Compressors, type FileMetaData } from "hyparquet";
import { decompress as zstdDecompress } from "zstd-napi";
import type { Doc } from "../core/doc.js";
import { errorMessage } from "../core/errors.js";
import { isUrl, storageFor } from "../storage/index.js";
import { excerpt, recordToDoc, type Reader } from "./reader.js";

const BATCH_DOCS = 512;

/** A Parquet object on storage as hyparquet's random-access buffer: one ranged GET per slice it asks for. */
async function asyncBufferFromUrl(url: string): Promise<AsyncBuffer> {
  const store = storageFor(url);
  const info = await store.stat(url);
  if (!info) throw new Error(`not found: ${url}`);
  return {
    byteLength: info.size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const chunks: Buffer[] = [];
      for await (const c of store.read(url, { start, end: end ?? info.size })) chunks.push(c as Buffer);
      const b = Buffer.concat(chunks);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
    },
  };
}

/** Codecs that common writers use besides snappy, which hyparquet has built in. */
export const DECOMPRESSORS: Compressors = {
  ZSTD: (input) => zstdDecompress(input),
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
};

/**
 * Parquet, one row group at a time through ranged reads, so memory holds one row group
 * rather than the file. Each row is an object of its columns, mapped like a JSONL record;
 * a row's number (1-based, over the whole file) stands in for the line number.
 */
export const readParquet: Reader = async function* (slice, opts) {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = isUrl(slice.path) ? await asyncBufferFromUrl(slice.path) : await asyncBufferFromFile(slice.path);
    // Smallest Parquet: "PAR1", footer length, "PAR1"; hyparquet's own message for less is obscure.
    if (file.byteLength < 12) throw new Error(`${file.byteLength} bytes is too short`);
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    opts.onError({ source: slice.source, message: `not a readable Parquet file (or truncated): ${errorMessage(err)}` });
    return;
  }
  if (metadata.num_rows === 0n) {
    opts.onError({ source: slice.source, line: 0, message: "empty file: no documents" });
    return;
  }

  let batch: Doc[] = [];
  let groupStart = 0;
  let bytesReported = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    if (opts.signal.aborted) break;
    const groupRows = Number(group.num_rows);
    const groupEnd = groupStart + groupRows;
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart: groupStart, rowEnd: groupEnd, compressors: DECOMPRESSORS });
    } catch (err) {
      opts.onError({
        source: slice.source, line: groupStart + 1,
        message: `row group ${index} (rows ${groupStart + 1}–${groupEnd}) unreadable, skipped: ${errorMessage(err)}`,
      });
      rows = [];
    }
    const groupBytes = group.columns.reduce((sum, c) => sum + Number(c.meta_data?.total_compressed_size ?? 0n), 0);
    opts.onBytes(groupBytes);
    bytesReported += groupBytes;

    for (const [i, raw] of rows.entries()) {
      const row = groupStart + i + 1;
      const record = jsonValue(raw) as Record<string, unknown>;
      if (typeof record.metadata === "string") record.metadata = parseObject(record.metadata);
      const text = record[opts.textKey];
      // UTF-8 takes at least one byte per UTF-16 unit and at most three, so most texts skip the count.
      if (typeof text === "string" && text.length * 3 > opts.maxDocBytes && Buffer.byteLength(text) > opts.maxDocBytes) {
        opts.onError({
          source: slice.source, line: row,
          message: `document of ${Buffer.byteLength(text)} bytes is larger than input.max_doc_bytes (${opts.maxDocBytes}); skipped`,
          excerpt: excerpt(text),
        });
        continue;
      }
      const doc = recordToDoc(record, opts, `${slice.source}#${row}`);
      if (typeof doc === "string") {
        opts.onError({ source: slice.source, line: row, message: doc, excerpt: excerpt(JSON.stringify(record)) });
        continue;
      }
      batch.push(doc);
      if (batch.length >= BATCH_DOCS) {
        yield batch;
        batch = [];
      }
    }
    groupStart = groupEnd;
  }
  // The rest is header, page indexes and footer: counted so progress ends at the file size.
  if (!opts.signal.aborted) opts.onBytes(Math.max(0, file.byteLength - bytesReported));
  if (batch.length) yield batch;
};

/** A metadata column of JSON text (not marked as JSON) holding an object becomes that object. */
export function parseObject(text: string): unknown {
  if (!text.startsWith("{")) return text;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : text;
  } catch {
    return text;
  }
}

/**
 * Parquet values that JSON cannot hold become JSON values, so documents can be written to
 * any format: INT64 → number (a decimal string when beyond 2^53, to stay exact), timestamps
 * → ISO strings, raw bytes → base64.
 */
export function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = jsonValue(v);
    return out;
  }
  return value;
}
