import { closeSync, openSync, writeSync } from "node:fs";
import { gzipSync } from "node:zlib";
import binding from "zstd-napi/binding.js";
import type { Doc } from "../core/doc.js";
import type { EncoderOptions, FileEncoder } from "./encoder.js";
import { escapeJsonText } from "./json-string.js";

/** Text is gathered into blocks of about this size before compressing and writing. */
const BLOCK_CHARS = 1 << 20;
/** Block buffer kept between blocks; one grown past this for a huge document is let go after its block. */
const KEEP_BYTES = 8 << 20;

/** Compresses `src`; the result may be a view of a buffer reused by the next call. */
type Compress = (src: Buffer) => Buffer;

/**
 * Block buffers and zstd compressors of closed encoders, for the next encoders of this thread.
 * Every task opens files anew (output/, removed/…), and each file's 3 MB block, zstd context
 * and output buffer were fresh native memory that stayed until a full GC: peak RSS grew with
 * the number of tasks a worker ran. A few spares cover the files a task has open at once.
 */
const spareBlocks: Buffer[] = [];
const spareZstd = new Map<number, Compress[]>();
const MAX_SPARES = 4;
const ZSTD_DEFAULT_LEVEL = 3;

/**
 * JSON Lines, plain, gzip or zstd. Each block becomes its own gzip member or zstd frame:
 * every standard decoder reads concatenated members/frames as one stream, the result depends
 * only on the documents, and independent frames let a later reader split a file.
 *
 * Lines are UTF-8-encoded straight into one block buffer, and zstd compresses into one output
 * buffer, both reused from block to block. A joined 1 MB string, its Buffer and a compressed
 * copy per block were fresh memory each time, and fresh memory costs a page fault per 4 KB on
 * first touch (this alone halved a run's page faults; see BENCHMARKS.md).
 */
export class JsonlEncoder implements FileEncoder {
  private readonly fd: number;
  private readonly compress: Compress;
  /** zstd's level, when the compressor can go back to `spareZstd`. */
  private readonly zstdLevel: number | undefined;
  private block = spareBlocks.pop() ?? Buffer.allocUnsafe(0);
  /** Bytes of `block` in use. */
  private used = 0;
  private pendingChars = 0;
  private readonly blockChars: number;
  bytesWritten = 0;

  constructor(path: string, compression: "none" | "gzip" | "zstd", opts: EncoderOptions = {}) {
    if (compression === "zstd") {
      this.zstdLevel = opts.level ?? ZSTD_DEFAULT_LEVEL;
      this.compress = spareZstd.get(this.zstdLevel)?.pop() ?? zstdCompressor(this.zstdLevel);
    } else {
      this.compress = compressor(compression, opts.level);
    }
    this.blockChars = Math.max(1, Math.min(BLOCK_CHARS, opts.maxFileBytes ?? BLOCK_CHARS));
    this.fd = openSync(path, "w");
  }

  /** Appends `JSON.stringify({ id, text, metadata })` and a newline. */
  add(doc: Doc): void {
    const { id, text, metadata } = doc;
    if (typeof id !== "string" || typeof text !== "string" || !isPlainData(metadata)) {
      this.addLine(JSON.stringify({ id, text, metadata }));
      return;
    }
    // The same characters in three pieces: the text, nearly all of the line, is escaped by
    // escapeJsonText and encoded straight into the block, without a joined line string.
    const head = `{"id":${JSON.stringify(id)},"text":"`;
    const body = escapeJsonText(text);
    const tail = `","metadata":${JSON.stringify(metadata)}}`;
    const chars = head.length + body.length + tail.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    if (this.used + 3 * chars + 1 > this.block.length) this.reserve(Buffer.byteLength(head) + Buffer.byteLength(body) + Buffer.byteLength(tail) + 1);
    this.used += this.block.write(head, this.used);
    this.used += this.block.write(body, this.used);
    this.used += this.block.write(tail, this.used);
    this.endLine(chars);
  }

  private addLine(line: string): void {
    if (this.used + 3 * line.length + 1 > this.block.length) this.reserve(Buffer.byteLength(line) + 1);
    this.used += this.block.write(line, this.used);
    this.endLine(line.length);
  }

  private endLine(chars: number): void {
    this.block[this.used++] = 10;
    this.pendingChars += chars + 1;
    if (this.pendingChars >= this.blockChars) this.flush();
  }

  /** Makes room for `bytes` more, keeping what the block holds. */
  private reserve(bytes: number): void {
    const need = this.used + bytes;
    if (need <= this.block.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.block.length, 3 * this.blockChars + (64 << 10)));
    this.block.copy(grown, 0, 0, this.used);
    this.block = grown;
  }

  private flush(): void {
    if (this.used === 0) return;
    const out = this.compress(this.block.subarray(0, this.used));
    this.used = 0;
    this.pendingChars = 0;
    if (this.block.length > KEEP_BYTES) this.block = Buffer.allocUnsafe(0);
    let done = 0;
    while (done < out.length) done += writeSync(this.fd, out, done);
    this.bytesWritten += out.length;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.release();
  }

  abort(): void {
    closeSync(this.fd);
    this.release();
  }

  /** Hands the block and compressor to later encoders; this one is done. */
  private release(): void {
    if (this.block.length > 0 && this.block.length <= KEEP_BYTES && spareBlocks.length < MAX_SPARES) spareBlocks.push(this.block);
    this.block = Buffer.allocUnsafe(0);
    if (this.zstdLevel !== undefined) {
      const spares = spareZstd.get(this.zstdLevel) ?? [];
      if (spares.length < MAX_SPARES) spares.push(this.compress);
      spareZstd.set(this.zstdLevel, spares);
    }
  }
}

function compressor(compression: "none" | "gzip", level?: number): Compress {
  if (compression === "none") return (b) => b;
  return (b) => gzipSync(b, { level: level ?? 6 });
}

/**
 * The same parameters zstd-napi's Compressor would set; `compress2` is what it calls. It starts
 * a new frame from the context's parameters on every call, so a reused context (see
 * `spareZstd`) compresses exactly as a fresh one.
 */
function zstdCompressor(level: number): Compress {
  const cctx = new binding.CCtx();
  cctx.setParameter(binding.CParameter.compressionLevel, level);
  cctx.setParameter(binding.CParameter.checksumFlag, 1);
  let out = Buffer.allocUnsafe(0);
  return (src) => {
    const bound = binding.compressBound(src.length);
    if (out.length < bound || out.length > Math.max(2 * bound, KEEP_BYTES)) out = Buffer.allocUnsafe(bound);
    return out.subarray(0, cctx.compress2(out, src));
  };
}

/**
 * An object that JSON.stringify serializes alone exactly as it would as a property value: a
 * `toJSON` method is called with its key, which differs ("" alone, "metadata" in the doc).
 */
function isPlainData(v: unknown): boolean {
  return v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}
