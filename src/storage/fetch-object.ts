import { StorageError, withRetry } from "./retry.js";
import type { BackendContext, ByteRange } from "./storage.js";

/** The Range header of a byte range, or none for the whole object. */
export function rangeHeader(r: ByteRange | undefined): Record<string, string> {
  if (!r || (r.start === 0 && r.end === undefined)) return {};
  return { range: `bytes=${r.start}-${r.end === undefined ? "" : r.end - 1}` };
}

/**
 * One HTTP request (no body streaming: for list/stat/write calls), through the limiter and the
 * retry policy. A non-2xx answer becomes a StorageError naming the URL; 403/404 say what to check.
 */
export async function fetchChecked(ctx: BackendContext, url: string, init: RequestInit, shown = url, okStatuses: number[] = []): Promise<Response> {
  return withRetry(ctx.retry, async () => {
    const release = await ctx.limiter.acquire();
    try {
      const res = await fetch(url, init);
      if (!res.ok && !okStatuses.includes(res.status)) {
        const text = await res.text().catch(() => "");
        throw httpError(res.status, text, shown);
      }
      return res;
    } finally {
      release();
    }
  });
}

/** A failed answer as a StorageError; the store's error code is taken from an XML `<Code>` when there is one. */
export function httpError(status: number, body: string, url: string): StorageError {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? /"error"\s*:\s*"([^"]*)"/.exec(body)?.[1];
  const what = code ? `${status} ${code}` : String(status);
  if (status === 401 || status === 403) return new StorageError(`access denied to ${url} (${what}): check the credentials and their permissions`, url, status, code);
  if (status === 404) return new StorageError(`not found: ${url} (${what})`, url, status, code);
  return new StorageError(`${url}: ${what}${body && !code ? `: ${body.slice(0, 200)}` : ""}`, url, status, code);
}

/**
 * The body of a ranged GET as chunks. A server that ignores Range (answers 200 to a request
 * from an offset) has the skipped bytes dropped here, so the caller still gets its range.
 */
export async function rangedBody(url: string, shown: string, range: ByteRange, headers: Record<string, string>): Promise<AsyncIterable<Uint8Array>> {
  const res = await fetch(url, { headers: { ...headers, ...rangeHeader(range) } });
  if (!res.ok) throw httpError(res.status, await res.text().catch(() => ""), shown);
  if (!res.body) return (async function* () {})();
  const skip = res.status === 200 ? range.start : 0;
  const body = res.body as unknown as AsyncIterable<Uint8Array>;
  if (skip === 0) return body;
  return (async function* () {
    let left = skip;
    for await (const chunk of body) {
      if (left >= chunk.length) {
        left -= chunk.length;
        continue;
      }
      yield left > 0 ? chunk.subarray(left) : chunk;
      left = 0;
    }
  })();
}
