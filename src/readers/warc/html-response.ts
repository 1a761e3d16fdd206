import { decodeHtml, type Decoded } from "../../text/charset.js";
import { httpPayload, parseHttpHead, type HttpHead } from "./http.js";

/** Why a record is not a document (not an error either): reported through `ReaderOptions.onSkip`. */
export type SkipReason = "record_type" | "http_status" | "mime_type" | "truncated";

/** Content types kept by default: what `extract_html` reads. */
export const DEFAULT_CONTENT_TYPES = ["text/html", "application/xhtml+xml"];

export interface Accepted {
  head: HttpHead;
  /** Media type without parameters, e.g. "text/html". */
  mime: string;
  /** The full Content-Type, whose charset decoding uses. */
  contentType: string;
}

/**
 * Whether an HTTP response is a page to keep: a 2xx status and a wanted media type, from the
 * HTTP Content-Type or else `fallbackType` (the crawler's identification). Reads only the head,
 * so records too large to load can be judged too.
 */
export function acceptResponse(head: Buffer, contentTypes: ReadonlySet<string>, fallbackType?: string): Accepted | { skip: SkipReason } | { error: string } {
  const parsed = parseHttpHead(head);
  if (typeof parsed === "string") return { error: parsed };
  if (parsed.status < 200 || parsed.status > 299) return { skip: "http_status" };
  const contentType = parsed.fields.get("content-type") || fallbackType || "";
  const mime = contentType.split(";")[0].trim().toLowerCase();
  if (!contentTypes.has(mime)) return { skip: "mime_type" };
  return { head: parsed, mime, contentType };
}

/** The page's text, decoded from its bytes with the charset they declare or show. */
export function decodeResponse(block: Buffer, accepted: Accepted, maxBytes: number): Decoded | { error: string } {
  const payload = httpPayload(block, accepted.head, maxBytes);
  if (typeof payload === "string") return { error: payload };
  return decodeHtml(payload, accepted.contentType);
}
