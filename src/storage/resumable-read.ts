import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffMs, isRetryable, StorageError } from "./retry.js";
import type { BackendContext, ByteRange } from "./storage.js";

/** Opens the object's bytes from `range.start`: the body of one (ranged) GET. */
export type OpenBody = (range: ByteRange) => Promise<AsyncIterable<Uint8Array>>;

/**
 * A streamed read that holds one request slot while it streams and survives dropped
 * connections: after a reset or a cut body it asks again for the bytes from where it stopped
 * (a ranged GET), with the same backoff as other retries. Nothing is buffered beyond the
 * chunk in hand.
 */
export function resumableRead(url: string, range: ByteRange | undefined, ctx: BackendContext, open: OpenBody, size?: () => Promise<number | undefined>): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let pos = range?.start ?? 0;
    let end = range?.end;
    let failures = 0;
    const release = await ctx.limiter.acquire();
    try {
      for (;;) {
        try {
          if (end !== undefined && pos >= end) return;
          const body = await open({ start: pos, end });
          for await (const chunk of body) {
            pos += chunk.length;
            failures = 0;
            yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
          }
          // A body that ends early without an error (a proxy cut it): ask for the rest.
          if (end === undefined && size) end = await size();
          if (end === undefined || pos >= end) return;
          throw new StorageError(`${url}: body ended after ${pos} of ${end} bytes`, url, undefined, "ERR_STREAM_PREMATURE_CLOSE");
        } catch (err) {
          const premature = err instanceof StorageError && err.code === "ERR_STREAM_PREMATURE_CLOSE";
          if (failures >= ctx.retry.retries || !(premature || isRetryable(err))) throw err;
          await sleep(backoffMs(ctx.retry, failures++));
        }
      }
    } finally {
      release();
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 20 });
}
