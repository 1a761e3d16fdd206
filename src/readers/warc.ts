import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { gunzipMembers } from "../io/gzip-members.js";
import { isUrl, storageFor } from "../storage/index.js";
import type { Doc } from "../core/doc.js";
import { compressionOf, openInput, type Compression } from "../io/input-stream.js";
import { decodeText } from "../text/charset.js";
import { excerpt, type InputSlice, type Reader, type ReaderOptions } from "./reader.js";
import { arcFormat, type ArcFields } from "./warc/arc-format.js";
import { ByteReader } from "./warc/byte-reader.js";
import type { Fields } from "./warc/fields.js";
import { records, type RawRecord, type RecordFormat } from "./warc/framing.js";
import { acceptResponse, decodeResponse, DEFAULT_CONTENT_TYPES, type SkipReason } from "./warc/html-response.js";
import { WARC_FORMAT } from "./warc/warc-format.js";

/** Yield a batch when it holds this many documents or text characters (pages are large). */
const BATCH_DOCS = 512;
const BATCH_CHARS = 1 << 20;

type Outcome = { doc: Doc } | { skip: SkipReason } | { error: string };

interface Context {
  source: string;
  contentTypes: ReadonlySet<string>;
  skipTruncated: boolean;
  maxDocBytes: number;
}

/**
 * WARC (`response` records, as decoded HTML for `extract_html`), WET (`conversion` records, as
 * text) and ARC (HTTP responses, as decoded HTML) files, plain or gzip (one member per record or
 * one for the file), streamed with memory bounded by `input.max_doc_bytes`. Records that are
 * not pages by design (other record types, non-2xx statuses, other media types) are skipped and
 * counted through `onSkip`; broken records are errors, and reading goes on after them.
 */
export const readWarc: Reader = (slice, opts) => readArchive(slice, opts, WARC_FORMAT, warcDoc);
export const readWet: Reader = (slice, opts) => readArchive(slice, opts, WARC_FORMAT, wetDoc);
export const readArc: Reader = (slice, opts) => readArchive(slice, opts, arcFormat(), arcDoc);

async function* readArchive<H>(
  slice: InputSlice,
  opts: ReaderOptions,
  format: RecordFormat<H>,
  toDoc: (rec: RawRecord<H>, ctx: Context) => Outcome,
): AsyncGenerator<Doc[]> {
  const ctx: Context = {
    source: slice.source,
    contentTypes: new Set((opts.warc?.contentTypes ?? DEFAULT_CONTENT_TYPES).map((t) => t.toLowerCase())),
    skipTruncated: opts.warc?.skipTruncated ?? false,
    maxDocBytes: opts.maxDocBytes,
  };
  const compression = await sniffCompression(slice.path);
  const chunks: AsyncIterator<Buffer> = compression === "gzip"
    ? gunzipMembers(
        (start) => (isUrl(slice.path) ? storageFor(slice.path).read(slice.path, { start }) : createReadStream(slice.path, { start, highWaterMark: 1 << 20 })),
        opts.onBytes,
        (c) => {
          seen++;
          opts.onError({ source: slice.source, offset: c.offset, message: c.message });
        },
      )
    : openInput(slice.path, compression, opts.onBytes)[Symbol.asyncIterator]();
  const input = new ByteReader(chunks);
  let seen = 0;
  let batch: Doc[] = [];
  let batchChars = 0;
  const onBroken = (b: { offset: number; message: string; excerpt?: string }) => {
    seen++;
    opts.onError({ source: slice.source, ...b });
  };
  try {
    for await (const rec of records(input, format, opts.maxDocBytes, onBroken)) {
      if (opts.signal.aborted) break;
      seen++;
      const out = toDoc(rec, ctx);
      if ("skip" in out) opts.onSkip?.(out.skip);
      else if ("error" in out) {
        opts.onError({ source: slice.source, offset: rec.offset, message: out.error, excerpt: excerpt(rec.head.toString("latin1", 0, 400)) });
      } else {
        batch.push(out.doc);
        batchChars += out.doc.text.length;
        if (batch.length >= BATCH_DOCS || batchChars >= BATCH_CHARS) {
          yield batch;
          batch = [];
          batchChars = 0;
        }
      }
    }
  } finally {
    await chunks.return?.();
  }
  if (seen === 0 && !opts.signal.aborted) opts.onError({ source: slice.source, offset: 0, message: "empty file: no records" });
  if (batch.length) yield batch;
}

/**
 * By magic number, not name: fixtures and real crawls have gzip files named `.bad` or without
 * `.gz`. A URL is judged by its name, which saves a request per file.
 */
async function sniffCompression(path: string): Promise<Compression> {
  if (isUrl(path)) return compressionOf(path);
  const magic = Buffer.alloc(4);
  try {
    const fd = openSync(path, "r");
    try {
      readSync(fd, magic, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return compressionOf(path); // the open error surfaces from the stream, as an error entry
  }
  if (magic[0] === 0x1f && magic[1] === 0x8b) return "gzip";
  if (magic.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  return "none";
}

function warcDoc(rec: RawRecord<Fields>, ctx: Context): Outcome {
  const f = rec.fields;
  if (f.get("warc-type") !== "response") return { skip: "record_type" };
  // Heritrix stores DNS lookups as responses of type text/dns.
  if (!/^application\/http\b/i.test(f.get("content-type") ?? "application/http")) return { skip: "mime_type" };
  const accepted = acceptResponse(rec.head, ctx.contentTypes, f.get("warc-identified-payload-type") || undefined);
  if (!("head" in accepted)) return accepted;
  const truncated = f.get("warc-truncated") || null;
  if (truncated && ctx.skipTruncated) return { skip: "truncated" };
  if (!rec.body) return tooLarge(rec, ctx);
  const html = decodeResponse(rec.body, accepted, ctx.maxDocBytes);
  if ("error" in html) return html;
  const id = f.get("warc-record-id") || `${ctx.source}#${rec.offset}`;
  return {
    doc: {
      id,
      text: html.text,
      metadata: {
        url: targetUri(f),
        date: f.get("warc-date") ?? null,
        warc_record_id: f.get("warc-record-id") ?? null,
        content_type: accepted.mime,
        http_status: accepted.head.status,
        truncated,
        warc_file: ctx.source,
        charset: html.charset,
      },
    },
  };
}

function wetDoc(rec: RawRecord<Fields>, ctx: Context): Outcome {
  const f = rec.fields;
  if (f.get("warc-type") !== "conversion") return { skip: "record_type" };
  if (!rec.body) return tooLarge(rec, ctx);
  const contentType = f.get("content-type") ?? "text/plain";
  const text = decodeText(rec.body, contentType);
  return {
    doc: {
      id: f.get("warc-record-id") || `${ctx.source}#${rec.offset}`,
      text: text.text,
      metadata: {
        url: targetUri(f),
        date: f.get("warc-date") ?? null,
        warc_record_id: f.get("warc-record-id") ?? null,
        content_type: contentType.split(";")[0].trim().toLowerCase(),
        warc_file: ctx.source,
        charset: text.charset,
      },
    },
  };
}

function arcDoc(rec: RawRecord<ArcFields>, ctx: Context): Outcome {
  const { url, date, mime } = rec.fields;
  // The filedesc record describes the file; non-HTTP captures (dns:, ftp:) carry no HTTP response.
  if (!/^https?:/i.test(url)) return { skip: "record_type" };
  const accepted = acceptResponse(rec.head, ctx.contentTypes, mime);
  if (!("head" in accepted)) return accepted;
  if (!rec.body) return tooLarge(rec, ctx);
  const html = decodeResponse(rec.body, accepted, ctx.maxDocBytes);
  if ("error" in html) return html;
  return {
    doc: {
      id: `${ctx.source}#${rec.offset}`,
      text: html.text,
      metadata: {
        url,
        date: arcDate(date),
        warc_record_id: null,
        content_type: accepted.mime,
        http_status: accepted.head.status,
        truncated: null,
        warc_file: ctx.source,
        charset: html.charset,
      },
    },
  };
}

function tooLarge(rec: RawRecord<unknown>, ctx: Context): Outcome {
  return { error: `record of ${rec.length} bytes is larger than input.max_doc_bytes (${ctx.maxDocBytes}); skipped` };
}

/** WARC 1.0 examples wrap the URI in angle brackets, and some writers followed them. */
function targetUri(f: Fields): string | null {
  const uri = f.get("warc-target-uri");
  return uri === undefined ? null : uri.replace(/^<(.*)>$/, "$1");
}

/** ARC's YYYYMMDDhhmmss as ISO 8601 (UTC), like WARC-Date; kept as written when it is not 14 digits. */
function arcDate(d: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(d);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : d;
}
