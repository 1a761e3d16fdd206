import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { errorMessage } from "../../core/errors.js";
import { headerEnd, parseFields, type Fields } from "./fields.js";

export interface HttpHead {
  status: number;
  fields: Fields;
  /** Offset of the payload in the block. */
  bodyStart: number;
}

/** The status line and headers of an HTTP response block, or why it is not one. */
export function parseHttpHead(block: Buffer): HttpHead | string {
  let start = 0;
  while (block[start] === 13 || block[start] === 10) start++;
  const end = headerEnd(block, start);
  // Latin-1: HTTP header bytes are opaque, and the fields read here are ASCII.
  const { first, fields } = parseFields(block.toString("latin1", start, end === -1 ? block.length : end));
  const m = /^HTTP\/\d+(?:\.\d+)?\s+(\d{3})(?:\s|$)/i.exec(first);
  if (!m) return `not an HTTP response (first line: ${JSON.stringify(first.slice(0, 80))})`;
  return { status: Number(m[1]), fields, bodyStart: end === -1 ? block.length : end };
}

/**
 * The payload as the server meant it: chunked transfer coding removed, then content codings
 * (gzip, deflate, br) undone, output capped at `maxBytes`. Crawlers often store payloads already
 * decoded but keep the headers (ClueWeb says gzip over plain HTML), so a payload that fails to
 * decode but looks like markup is taken as it is. Truncated compressed payloads give what
 * decodes. Returns a message when the payload cannot be decoded.
 */
export function httpPayload(block: Buffer, head: HttpHead, maxBytes: number): Buffer | string {
  let body = block.subarray(head.bodyStart);
  if (/chunked/i.test(head.fields.get("transfer-encoding") ?? "")) body = dechunk(body) ?? body;
  const codings = (head.fields.get("content-encoding") ?? "").toLowerCase().split(",").map((c) => c.trim()).filter((c) => c && c !== "identity");
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) return `unsupported Content-Encoding "${coding}"`;
    if (coding.endsWith("gzip") && !(body[0] === 0x1f && body[1] === 0x8b) && looksLikeMarkup(body)) continue; // stored decoded
    try {
      body = decode(body, maxBytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return `payload decodes to more than ${maxBytes} bytes (input.max_doc_bytes)`;
      if (!looksLikeMarkup(body)) return `cannot decode Content-Encoding ${coding}: ${errorMessage(err)}`;
    }
  }
  return body;
}

const DECODERS: Record<string, (b: Buffer, max: number) => Buffer> = {
  gzip: (b, max) => gunzipSync(b, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: max }),
  "x-gzip": (b, max) => gunzipSync(b, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: max }),
  // "deflate" should be zlib-wrapped, but many servers send raw deflate.
  deflate: (b, max) => {
    try {
      return inflateSync(b, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: max });
    } catch {
      return inflateRawSync(b, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: max });
    }
  },
  br: (b, max) => brotliDecompressSync(b, { finishFlush: constants.BROTLI_OPERATION_FLUSH, maxOutputLength: max }),
};

/** Chunked transfer coding removed; null when the body does not start with a chunk size (stored de-chunked). */
function dechunk(b: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const nl = b.indexOf(10, i);
    if (nl === -1) break;
    const m = /^\s*([0-9a-f]+)\s*(?:;[^\r\n]*)?\s*$/i.exec(b.toString("latin1", i, nl));
    if (!m) {
      if (parts.length === 0) return null;
      break;
    }
    const size = parseInt(m[1], 16);
    if (size === 0) break;
    parts.push(b.subarray(nl + 1, Math.min(nl + 1 + size, b.length)));
    i = nl + 1 + size;
    if (b[i] === 13) i++;
    if (b[i] === 10) i++;
  }
  return Buffer.concat(parts);
}

function looksLikeMarkup(b: Buffer): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < b.length && i < 1024 && (b[i] === 32 || b[i] === 9 || b[i] === 10 || b[i] === 13)) i++;
  return b[i] === 0x3c; // "<"
}
