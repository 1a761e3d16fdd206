import { isUtf8 } from "node:buffer";
import type { Doc } from "../core/doc.js";
import { errorMessage } from "../core/errors.js";
import { compressionOf, inputChunks } from "../io/input-stream.js";
import { excerpt, recordToDoc, type Reader } from "./reader.js";

const NEWLINE = 10;
/** Yield a batch when it holds this many documents or text characters. */
const BATCH_DOCS = 512;
const BATCH_CHARS = 1 << 20;

/**
 * JSON Lines, plain or compressed. Lines are found in bytes, so every line knows its byte
 * offset and number; UTF-8 is validated per chunk (per line only when a chunk fails), and a
 * line longer than `maxDocBytes` is skipped as it streams past instead of being buffered.
 */
export const readJsonl: Reader = async function* (slice, opts) {
  const compression = compressionOf(slice.path);
  const range = slice.start !== undefined && slice.end !== undefined ? { start: slice.start, end: slice.end } : undefined;
  const chunks = inputChunks(slice.path, compression, opts.onBytes, range);

  let lineNo = (slice.firstLine ?? 1) - 1;
  let offset = slice.start ?? 0; // byte offset of the next unread byte of the decompressed file
  let carry: Buffer[] = []; // pieces of a line that spans chunks
  let carryBytes = 0;
  let skipping: { line: number; offset: number; head: string } | null = null;
  let batch: Doc[] = [];
  let batchChars = 0;
  let sawAny = false;
  let failed = false;

  const emitLine = (buf: Buffer, start: number, end: number, lineOffset: number, checked: boolean) => {
    lineNo++;
    if (end > start && buf[end - 1] === 13) end--; // CRLF
    if (end === start) return;
    if (!checked && !isUtf8(buf.subarray(start, end))) {
      opts.onError({
        source: slice.source, line: lineNo, offset: lineOffset,
        message: "invalid UTF-8 in line", excerpt: excerpt(buf.toString("utf8", start, end)),
      });
      return;
    }
    const line = buf.toString("utf8", start, end);
    if (line.trim() === "") return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      opts.onError({ source: slice.source, line: lineNo, offset: lineOffset, message: `invalid JSON: ${errorMessage(err)}`, excerpt: excerpt(line) });
      return;
    }
    const doc = recordToDoc(record, opts, `${slice.source}#${lineNo}`);
    if (typeof doc === "string") {
      opts.onError({ source: slice.source, line: lineNo, offset: lineOffset, message: doc, excerpt: excerpt(line) });
      return;
    }
    batch.push(doc);
    batchChars += doc.text.length;
  };

  const tooLong = (lineOffset: number, head: Buffer) => {
    skipping = { line: lineNo + 1, offset: lineOffset, head: head.toString("utf8", 0, Math.min(head.length, 400)) };
  };

  const endSkip = (skippedBytes: number) => {
    const s = skipping!;
    lineNo++;
    opts.onError({
      source: slice.source, line: s.line, offset: s.offset,
      message: `document of ${skippedBytes} bytes is larger than input.max_doc_bytes (${opts.maxDocBytes}); skipped`,
      excerpt: excerpt(s.head),
    });
    skipping = null;
  };

  const processChunk = (chunk: Buffer) => {
    sawAny ||= chunk.length > 0;
    let pos = 0;
    const chunkOffset = offset;
    offset += chunk.length;
    // Finish a line carried over from earlier chunks (or skip the rest of an oversized one).
    if (carryBytes > 0 || skipping) {
      const nl = chunk.indexOf(NEWLINE);
      const upto = nl === -1 ? chunk.length : nl;
      if (skipping) {
        carryBytes += upto;
        if (nl === -1) return;
        endSkip(carryBytes);
        carry = [];
        carryBytes = 0;
      } else if (carryBytes + upto > opts.maxDocBytes) {
        const lineOffset = chunkOffset - carryBytes;
        tooLong(lineOffset, Buffer.concat(carry));
        carryBytes += upto;
        carry = [];
        if (nl === -1) return;
        endSkip(carryBytes);
        carryBytes = 0;
      } else if (nl === -1) {
        carry.push(Buffer.from(chunk)); // copy: the chunk's memory is reused for the next one
        carryBytes += chunk.length;
        return;
      } else {
        const lineOffset = chunkOffset - carryBytes;
        carry.push(chunk.subarray(0, nl));
        const line = Buffer.concat(carry);
        carry = [];
        carryBytes = 0;
        emitLine(line, 0, line.length, lineOffset, false);
      }
      pos = nl + 1;
    }
    const lastNl = chunk.lastIndexOf(NEWLINE);
    if (lastNl >= pos) {
      const valid = isUtf8(chunk.subarray(pos, lastNl));
      while (pos <= lastNl) {
        const nl = chunk.indexOf(NEWLINE, pos);
        if (nl - pos > opts.maxDocBytes) {
          tooLong(chunkOffset + pos, chunk.subarray(pos, pos + 400));
          endSkip(nl - pos);
        } else {
          emitLine(chunk, pos, nl, chunkOffset + pos, valid);
        }
        pos = nl + 1;
      }
    }
    if (pos < chunk.length) {
      const rest = chunk.length - pos;
      if (rest > opts.maxDocBytes) {
        tooLong(chunkOffset + pos, chunk.subarray(pos, pos + 400));
        carryBytes = rest;
      } else {
        // Copy: the chunk's memory is reused for the next one.
        carry.push(Buffer.from(chunk.subarray(pos)));
        carryBytes = rest;
      }
    }
  };

  try {
    for await (const chunk of chunks) {
      if (opts.signal.aborted) break;
      processChunk(chunk);
      if (batch.length >= BATCH_DOCS || batchChars >= BATCH_CHARS) {
        yield batch;
        batch = [];
        batchChars = 0;
      }
    }
  } catch (err) {
    failed = true;
    const lineOffset = offset - carryBytes;
    opts.onError({
      source: slice.source,
      line: lineNo + 1,
      offset: lineOffset,
      message: `${compression === "none" ? "read" : compression + " stream"} failed after ${offset} bytes: ${errorMessage(err)}`,
      excerpt: carry.length ? excerpt(Buffer.concat(carry).toString("utf8")) : undefined,
    });
    carry = [];
    carryBytes = 0;
    skipping = null;
  } finally {
    await chunks.return(); // closes the file when the loop stopped early
  }
  if (skipping) endSkip(carryBytes);
  else if (carryBytes > 0) {
    const line = Buffer.concat(carry); // last line without a final newline
    emitLine(line, 0, line.length, offset - carryBytes, false);
  }
  if (!sawAny && !failed && slice.start === undefined) {
    opts.onError({ source: slice.source, line: 0, offset: 0, message: "empty file: no documents" });
  }
  if (batch.length) yield batch;
};
