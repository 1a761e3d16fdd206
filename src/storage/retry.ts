import { setTimeout as sleep } from "node:timers/promises";

/** How often and how patiently a request is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Delay cap of the first retry; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** An answer from a store, with what it said: status, the store's error code, the URL. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const RETRY_CODES = new Set(["SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "ServerBusy", "OperationTimedOut"]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ERR_STREAM_PREMATURE_CLOSE"]);

/**
 * Whether trying again can help: throttling (429, S3's SlowDown — Common Crawl's bucket sends
 * it under load), server errors (5xx), timeouts and dropped connections. Client errors (403,
 * 404, bad requests) are final.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof StorageError) {
    if (err.code && RETRY_CODES.has(err.code)) return true;
    if (err.status !== undefined) return err.status === 429 || err.status >= 500;
  }
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError" && depth > 0) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && /socket hang up|other side closed|terminated|premature close/i.test(message)) return true;
  }
  return false;
}

/**
 * Delay before retry number `attempt` (0-based): exponential backoff with full jitter, a
 * uniform draw in [0, min(max, base·2^attempt)) — the variant that spreads competing clients
 * best (M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/** Runs `fn` until it succeeds, fails with a final error, or the retries are spent. */
export async function withRetry<T>(policy: RetryPolicy, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.retries || !isRetryable(err)) throw err;
      await sleep(backoffMs(policy, attempt));
    }
  }
}
