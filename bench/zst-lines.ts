/**
 * The minimal JSONL.zst line reader that the raw limit and the cost ladder share: newlines
 * found in bytes, and only a line that spans two chunks copied. Two decoders: zstd-napi's
 * `DecompressStream` (the definition of the raw limit), and the project's own
 * `inputChunks`, which calls the same zstd function into reused buffers.
 */
import { createReadStream } from "node:fs";
import { DecompressStream } from "zstd-napi";
import { inputChunks } from "../src/io/input-stream.js";

export type Decoder = "DecompressStream" | "inputChunks";
export type LineSink = (buf: Buffer, start: number, end: number) => void;

/** Same read size as the pipeline's input, so both see the same chunking. */
const READ_CHUNK = 1 << 20;
const NEWLINE = 10;

function chunksOf(file: string, decoder: Decoder): AsyncIterable<Buffer> {
  if (decoder === "inputChunks") return inputChunks(file, "zstd", () => {});
  const stream = new DecompressStream();
  createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(stream);
  return stream;
}

/** Reads one file; returns its decompressed size. `onLine` null: decompress only. */
export async function readZstLines(file: string, onLine: LineSink | null, decoder: Decoder = "DecompressStream"): Promise<number> {
  let bytes = 0;
  let carry: Buffer | null = null; // the start of a line that continues in the next chunk (a copy)
  for await (const chunk of chunksOf(file, decoder)) {
    bytes += chunk.length;
    if (!onLine) continue;
    let pos = 0;
    if (carry) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl === -1) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = null;
      onLine(line, 0, line.length);
      pos = nl + 1;
    }
    for (let nl = chunk.indexOf(NEWLINE, pos); nl !== -1; nl = chunk.indexOf(NEWLINE, pos)) {
      if (nl > pos) onLine(chunk, pos, nl);
      pos = nl + 1;
    }
    // Copy: a decoder may reuse a chunk's memory for the next one.
    if (pos < chunk.length) carry = Buffer.from(chunk.subarray(pos));
  }
  if (carry && onLine) onLine(carry, 0, carry.length);
  return bytes;
}
