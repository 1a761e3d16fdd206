import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { DecompressStream } from "zstd-napi";

export type Compression = "none" | "gzip" | "zstd";

/** Chunks of 1 MiB: fewer callbacks, and still small next to a worker's memory budget. */
const CHUNK = 1 << 20;

/**
 * Decompressed bytes of a file (or of a byte range of a plain file). `onRaw` sees the count
 * of bytes read from disk, so progress can be shown against file sizes.
 */
export function openInput(
  path: string,
  compression: Compression,
  onRaw: (n: number) => void,
  range?: { start: number; end: number },
): Readable {
  const file = createReadStream(path, {
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

export function compressionOf(path: string): Compression {
  if (path.endsWith(".gz")) return "gzip";
  if (path.endsWith(".zst") || path.endsWith(".zstd")) return "zstd";
  return "none";
}
