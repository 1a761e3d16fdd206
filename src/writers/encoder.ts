import type { Doc } from "../core/doc.js";

export type OutputFormat = "jsonl" | "jsonl.gz" | "jsonl.zst" | "parquet";
export const OUTPUT_FORMATS = ["jsonl", "jsonl.gz", "jsonl.zst", "parquet"] as const;

/**
 * Writes documents into one file, synchronously (each worker owns its files, so there is
 * nothing to wait for but the disk). Output must depend only on the documents given, so that
 * runs are byte-identical.
 */
export interface FileEncoder {
  add(doc: Doc): void;
  /** Bytes written to disk so far (after compression). */
  readonly bytesWritten: number;
  /** Flushes and closes the file. */
  close(): void;
  /** Closes the file without finishing it (the caller deletes it). */
  abort(): void;
}

export interface EncoderOptions {
  /** Compression level (zstd 1–19, gzip 1–9); the format's default when undefined. */
  level?: number;
  /** The file will be cut near this size: blocks are kept below it so parts come out close to it. */
  maxFileBytes?: number;
}

export type EncoderFactory = (path: string, opts: EncoderOptions) => FileEncoder;
