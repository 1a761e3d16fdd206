import { setTimeout as sleep } from "node:timers/promises";

export interface ChatEndpoint {
  /** e.g. https://api.openai.com/v1 — `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  maxTokens: number;
  temperature: number;
  /** Per attempt. */
  timeoutMs: number;
  maxRetries: number;
  /** First backoff; doubles per retry, capped at `maxBackoffMs`, with full jitter. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface ChatAnswer {
  content: string;
  promptTokens: number;
  completionTokens: number;
  /** Attempts that failed and were retried. */
  retries: number;
}

/** A request that will not succeed by retrying (400, 401, 403, 404…), or retries exhausted. */
export class ChatError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Retry-After in ms: seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or bad. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const retryable = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * One chat completion (OpenAI's `POST /chat/completions`, which vLLM, TGI, llama.cpp and
 * most hosted APIs serve). 429, 408, 409, 5xx, timeouts and network errors are retried up to
 * `maxRetries` times, waiting the server's Retry-After when it gives one, else exponential
 * backoff with full jitter (random in [0, backoff · 2^attempt]), so that many clients do not
 * retry in step. Other statuses fail at once.
 */
export async function chatCompletion(e: ChatEndpoint, prompt: string, random: () => number = Math.random): Promise<ChatAnswer> {
  const url = `${e.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const body = JSON.stringify({ model: e.model, messages: [{ role: "user", content: prompt }], max_tokens: e.maxTokens, temperature: e.temperature });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (e.apiKey) headers.authorization = `Bearer ${e.apiKey}`;
  let lastError = "";
  for (let attempt = 0; ; attempt++) {
    let wait: number | undefined;
    try {
      const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(e.timeoutMs) });
      const text = await res.text();
      if (res.ok) {
        let json: { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
        try {
          json = JSON.parse(text);
        } catch {
          throw new ChatError(`${url}: response is not JSON: ${text.slice(0, 200)}`, res.status);
        }
        const content = json.choices?.[0]?.message?.content;
        if (typeof content !== "string") throw new ChatError(`${url}: no choices[0].message.content in the response`, res.status);
        return { content, promptTokens: json.usage?.prompt_tokens ?? 0, completionTokens: json.usage?.completion_tokens ?? 0, retries: attempt };
      }
      lastError = `HTTP ${res.status}: ${text.slice(0, 200)}`;
      if (!retryable(res.status)) throw new ChatError(`${url}: ${lastError}`, res.status);
      wait = retryAfterMs(res.headers.get("retry-after"));
    } catch (err) {
      if (err instanceof ChatError) throw err;
      lastError = (err as Error).name === "TimeoutError" ? `timed out after ${e.timeoutMs} ms` : (err as Error).message;
    }
    if (attempt >= e.maxRetries) throw new ChatError(`${url}: gave up after ${attempt + 1} attempts (last: ${lastError})`);
    await sleep(wait ?? random() * Math.min(e.maxBackoffMs, e.backoffMs * 2 ** attempt));
  }
}
