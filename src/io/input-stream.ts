import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { DecompressStream } from "zstd-napi";
import binding from "zstd-napi/binding.js";
import { isUrl, storageFor } from "../storage/index.js";

export type Compression = "none" | "gzip" | "zstd";

/** Chunks of 1 MiB: fewer callbacks, and still small next to a worker's memory budget. */
const CHUNK = 1 << 20;
/** zstd's recommended output size (what DecompressStream uses per call). */
const ZSTD_OUT = binding.dStreamOutSize();

/**
 * Read buffers, output buffers and zstd contexts of finished reads, for the next ones in this
 * thread. Fresh ones per file were native memory that stayed until a full GC (a zstd context
 * holds its 2 MB+ window, and V8 does not know about it), so peak RSS grew with the number of
 * files a worker read. A few spares cover the files read at once.
 */
const spareInputs: Buffer[] = [];
const spareOutputs: Buffer[] = [];
const spareDctx: InstanceType<typeof binding.DCtx>[] = [];
const MAX_SPARES = 4;

const spare = (pool: Buffer[], size: number) => pool.pop() ?? Buffer.allocUnsafe(size);
const keep = <T>(pool: T[], item: T) => void (pool.length < MAX_SPARES && pool.push(item));

/**
 * Decompressed bytes of a file or URL (or of a byte range of a plain one). `onRaw` sees the count
 * of bytes read from disk, so progress can be shown against file sizes.
 */
export function openInput(
  path: string,
  compression: Compression,
  onRaw: (n: number) => void,
  range?: { start: number; end: number },
): Readable {
  const file: Readable = isUrl(path)
    ? storageFor(path).read(path, range)
    : createReadStream(path, {
        highWaterMark: CHUNK,
        ...(range ? { start: range.start, end: range.end - 1 } : {}),
      });
  file.on("data", (chunk) => onRaw(chunk.length));
  if (compression === "none") return file;
  // zlib's gunzip reads concatenated members, which is how multi-member .gz files are made.
  const decoder = compression === "gzip" ? createGunzip({ chunkSize: CHUNK }) : new DecompressStream();
  file.on("error", (err) => decoder.destroy(err));
  return file.pipe(decoder);
}

/**
 * The same bytes as `openInput`, pulled one chunk at a time. A chunk is valid only until the
 * next one is requested: plain and zstd input reuse one read buffer and one output buffer
 * instead of allocating per chunk, because fresh memory costs a page fault per 4 KB on first
 * touch (reading zstd JSONL this way is about a third faster; see BENCHMARKS.md). Stop early
 * with `return()` (a `for await` loop that breaks does it), which closes the file.
 */
export async function* inputChunks(
  path: string,
  compression: Compression,
  onRaw: (n: number) => void,
  range?: { start: number; end: number },
): AsyncGenerator<Buffer, void, undefined> {
  if (compression === "gzip" || isUrl(path)) {
    const stream = openInput(path, compression, onRaw, range);
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      stream.destroy();
    }
    return;
  }
  const file = await open(path, "r");
  const input = spare(spareInputs, CHUNK);
  const dctx = compression === "zstd" ? spareDctx.pop() ?? new binding.DCtx() : null;
  const output = dctx ? spare(spareOutputs, ZSTD_OUT) : null;
  try {
    let pos = range?.start ?? 0;
    const end = range?.end ?? Infinity;
    // zstd: the calls DecompressStream makes, with the same read and output sizes, so that
    // output, and where a damaged file fails, do not change; only the output buffer is reused.
    let inFrame = false;
    for (;;) {
      const { bytesRead } = await file.read(input, 0, Math.min(CHUNK, end - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      onRaw(bytesRead);
      if (!dctx || !output) {
        yield input.subarray(0, bytesRead);
        continue;
      }
      let src = input.subarray(0, bytesRead);
      for (;;) {
        const [ret, produced, consumed] = dctx.decompressStream(output, src);
        if (produced > 0) yield output.subarray(0, produced);
        src = src.subarray(consumed);
        if (src.length === 0 && (produced < output.length || ret === 0)) {
          inFrame = ret !== 0;
          break;
        }
      }
    }
    if (inFrame) throw new Error("Stream ended in middle of compressed data frame");
  } finally {
    await file.close();
    // The consumer is done with the last chunk: it asked for the next one, or stopped.
    keep(spareInputs, input);
    if (output) keep(spareOutputs, output);
    if (dctx) {
      dctx.reset(binding.ResetDirective.sessionOnly); // a read that stopped or failed mid-frame
      keep(spareDctx, dctx);
    }
  }
}

export function compressionOf(path: string): Compression {
  if (path.endsWith(".gz")) return "gzip";
  if (path.endsWith(".zst") || path.endsWith(".zstd")) return "zstd";
  return "none";
}
