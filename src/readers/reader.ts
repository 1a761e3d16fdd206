import type { Doc } from "../core/doc.js";

/** Something in the input that could not become a document; one line of `errors/<task>.jsonl`. */
export interface InputError {
  source: string;
  /** 1-based line (JSONL) or row (Parquet), when known. */
  line?: number;
  /** Byte offset in the (decompressed) file, when known. */
  offset?: number;
  message: string;
  excerpt?: string;
}

/** The part of one input file that one task reads. */
export interface InputSlice {
  /** Absolute path. */
  path: string;
  /** Path as the user named it (relative to the config file): used in ids and messages. */
  source: string;
  format: InputFormat;
  /** Byte range [start, end) of an uncompressed JSONL file, starting at a line start. */
  start?: number;
  end?: number;
  /** Line number of the first line of the range (1-based). */
  firstLine?: number;
}

export type InputFormat = "jsonl" | "jsonl.gz" | "jsonl.zst" | "parquet" | "warc" | "wet" | "arc";

export interface ReaderOptions {
  textKey: string;
  idKey: string;
  /** A document (line or row) larger than this goes to errors instead of memory. */
  maxDocBytes: number;
  signal: AbortSignal;
  /** Raw bytes consumed from the file, for progress. */
  onBytes(n: number): void;
  onError(err: InputError): void;
  /** Which WARC/ARC records become documents (defaults when absent). */
  warc?: WarcReaderOptions;
  /** A record skipped by design, not a document and not an error (WARC: "record_type", "http_status", "mime_type", "truncated"): count it per reason. */
  onSkip?(reason: string): void;
}

export interface WarcReaderOptions {
  /** Media types of HTTP responses kept (default text/html, application/xhtml+xml). */
  contentTypes: string[];
  /** Skip records marked WARC-Truncated instead of keeping them with `metadata.truncated`. */
  skipTruncated: boolean;
}

/** Reads one slice as batches of documents; bad records go to `onError` and reading goes on. */
export type Reader = (slice: InputSlice, opts: ReaderOptions) => AsyncGenerator<Doc[]>;

const EXCERPT_CHARS = 200;

export function excerpt(text: string): string {
  return text.length <= EXCERPT_CHARS ? text : text.slice(0, EXCERPT_CHARS) + "…";
}

/**
 * Maps one input record to a Doc: `text_key` → text, `id_key` → id (else the fallback id),
 * a `metadata` object is merged, and every other field is kept under metadata.
 * Returns a message instead when the record cannot be a document.
 */
export function recordToDoc(record: unknown, opts: ReaderOptions, fallbackId: string): Doc | string {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return `expected a JSON object, got ${record === null ? "null" : Array.isArray(record) ? "an array" : typeof record}`;
  }
  const rec = record as Record<string, unknown>;
  const text = rec[opts.textKey];
  if (typeof text !== "string") {
    return text === undefined
      ? `missing text field "${opts.textKey}" (set input.text_key to the field that holds the text)`
      : `text field "${opts.textKey}" is ${text === null ? "null" : typeof text}, expected a string`;
  }
  const rawId = rec[opts.idKey];
  const id = typeof rawId === "string" || typeof rawId === "number" || typeof rawId === "bigint" ? String(rawId) : fallbackId;
  const metadata: Record<string, unknown> = {};
  for (const key in rec) {
    if (key === opts.textKey || key === opts.idKey) continue;
    const value = rec[key];
    if (key === "metadata" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      Object.assign(metadata, value);
    } else {
      metadata[key] = value;
    }
  }
  return { id, text, metadata };
}
