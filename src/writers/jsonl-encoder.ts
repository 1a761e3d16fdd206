import { closeSync, openSync, writeSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { Compressor } from "zstd-napi";
import type { Doc } from "../core/doc.js";
import type { EncoderOptions, FileEncoder } from "./encoder.js";

/** Text is gathered into blocks of about this size before compressing and writing. */
const BLOCK_CHARS = 1 << 20;

type Compress = (block: Buffer) => Buffer;

/**
 * JSON Lines, plain, gzip or zstd. Each block becomes its own gzip member or zstd frame:
 * every standard decoder reads concatenated members/frames as one stream, the result depends
 * only on the documents, and independent frames let a later reader split a file.
 */
export class JsonlEncoder implements FileEncoder {
  private readonly fd: number;
  private readonly compress: Compress;
  private parts: string[] = [];
  private pendingChars = 0;
  private readonly blockChars: number;
  bytesWritten = 0;

  constructor(path: string, compression: "none" | "gzip" | "zstd", opts: EncoderOptions = {}) {
    this.compress = compressor(compression, opts.level);
    this.blockChars = Math.max(1, Math.min(BLOCK_CHARS, opts.maxFileBytes ?? BLOCK_CHARS));
    this.fd = openSync(path, "w");
  }

  add(doc: Doc): void {
    const line = JSON.stringify({ id: doc.id, text: doc.text, metadata: doc.metadata });
    this.parts.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= this.blockChars) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.parts.push("");
    const block = this.compress(Buffer.from(this.parts.join("\n")));
    this.parts = [];
    this.pendingChars = 0;
    let done = 0;
    while (done < block.length) done += writeSync(this.fd, block, done);
    this.bytesWritten += block.length;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  abort(): void {
    closeSync(this.fd);
  }
}

function compressor(compression: "none" | "gzip" | "zstd", level?: number): Compress {
  if (compression === "none") return (b) => b;
  if (compression === "gzip") return (b) => gzipSync(b, { level: level ?? 6 });
  const zstd = new Compressor();
  zstd.setParameters({ compressionLevel: level ?? 3, checksumFlag: true });
  return (b) => zstd.compress(b);
}
