import type { Readable } from "node:stream";
import type { Limiter } from "./limiter.js";
import type { RetryPolicy } from "./retry.js";

/** One stored object. */
export interface ObjectInfo {
  url: string;
  size: number;
  /** Last modification (ms since the epoch), 0 when the store does not tell. */
  mtimeMs: number;
  etag?: string;
}

/** A byte range [start, end) of an object; `end` absent: to the end. */
export interface ByteRange {
  start: number;
  end?: number;
}

/**
 * What winnow needs from a store: list, stat, streamed (ranged) reads and whole-object writes.
 * There is no rename: a store that has none gets atomic completion from writing an object and
 * then its completion marker (see storage/publish.ts).
 */
export interface Storage {
  /** Every object whose URL starts with `prefix`, in no particular order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** The object, or null when there is none. */
  stat(url: string): Promise<ObjectInfo | null>;
  /** The object's bytes as a stream; a dropped connection resumes where it stopped. */
  read(url: string, range?: ByteRange): Readable;
  /** Writes the whole object (multipart when large). Read-only stores throw. */
  write(url: string, body: Buffer | AsyncIterable<Uint8Array>): Promise<void>;
  /** Deletes the objects (missing ones are fine). */
  remove(urls: string[]): Promise<void>;
}

/** What every backend shares: one request limiter and one retry policy per process. */
export interface BackendContext {
  limiter: Limiter;
  retry: RetryPolicy;
  /** Size of a multipart upload's parts, and the size from which uploads are multipart. */
  partBytes: number;
  endpoint?: string;
  region?: string;
  anonymous: boolean;
  forcePathStyle: boolean;
}
