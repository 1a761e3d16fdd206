/**
 * `winnow annotate` against an OpenAI-compatible server started here on loopback that
 * misbehaves like real ones: 429 with Retry-After, 500s, answers without a score, slow
 * answers past the timeout, usage fields, a checked Authorization header. Then the cache
 * (a rerun sends nothing) and annotations → a trained classifier.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { annotate, type AnnotateOptions } from "../src/annotate/annotate.js";
import { retryAfterMs } from "../src/annotate/chat-client.js";
import { parseScore } from "../src/annotate/parse-score.js";
import { FINEWEB_EDU_PROMPT } from "../src/annotate/prompt.js";
import { FastTextModel } from "../src/models/fasttext/index.js";
import { BIN, tmpDir } from "./helpers.js";

const KEY = "sk-test-123";
const served = { requests: 0, promptTokens: 0, completionTokens: 0, rateLimited: 0, failed: 0, slow: 0 };
const attempts = new Map<string, number>();
let baseUrl = "";

/** The document's marker word decides the behaviour; its `score=N` word the score. */
function handle(req: IncomingMessage, res: ServerResponse, body: string) {
  served.requests++;
  if (req.url !== "/v1/chat/completions" || req.method !== "POST") return void res.writeHead(404).end();
  if (req.headers.authorization !== `Bearer ${KEY}`) {
    res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } }));
    return;
  }
  const prompt: string = JSON.parse(body).messages[0].content;
  const n = (attempts.get(prompt) ?? 0) + 1;
  attempts.set(prompt, n);
  if (prompt.includes("RATELIMIT") && n === 1) {
    served.rateLimited++;
    res.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Rate limit reached", type: "requests" } }));
    return;
  }
  if (prompt.includes("FLAKY") && n <= 2) {
    served.failed++;
    res.writeHead(n === 1 ? 500 : 503).end("upstream error");
    return;
  }
  const score = /score=(\d+)/.exec(prompt.split("The extract:")[1] ?? prompt)?.[1] ?? "2";
  const content = prompt.includes("MALFORMED") ? "I cannot rate this page." : `The extract is coherent.\n\n**Educational score:** ${score}`;
  const usage = { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: 10 + Number(score), total_tokens: 0 };
  const send = () => {
    if (res.destroyed) return;
    served.promptTokens += usage.prompt_tokens;
    served.completionTokens += usage.completion_tokens;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage }));
  };
  if (prompt.includes("SLOW") && n === 1) {
    served.slow++;
    setTimeout(send, 4000); // past the client's timeout: counted only if the client still listens
  } else setTimeout(send, 5);
}

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => handle(req, res, body));
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const dir = tmpDir("winnow-annotate-");

function options(over: Partial<AnnotateOptions> = {}): AnnotateOptions {
  return {
    input: join(dir, "docs.jsonl"),
    output: join(dir, "ann.jsonl"),
    errors: join(dir, "ann.errors.jsonl"),
    cache: join(dir, "cache.jsonl"),
    idField: "id",
    textField: "text",
    maxChars: 200,
    template: FINEWEB_EDU_PROMPT,
    concurrency: 4,
    pricePromptPerM: 0.5,
    priceCompletionPerM: 1.5,
    minScore: 0,
    maxScore: 5,
    endpoint: { baseUrl, model: "test-model", apiKey: KEY, maxTokens: 100, temperature: 0, timeoutMs: 1500, maxRetries: 6, backoffMs: 20, maxBackoffMs: 200 },
    ...over,
  };
}

const read = (p: string) => readFileSync(p, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

test("score parsing: the rubric's format and common variants; failures have reasons", () => {
  assert.deepEqual(parseScore('Justification...\nEducational score:  3'), { score: 3 });
  assert.deepEqual(parseScore("**Educational Score:** 4/5"), { score: 4 });
  assert.deepEqual(parseScore("Educational score: 1 ... on reflection, Educational score: 2"), { score: 2 });
  assert.deepEqual(parseScore("score = 2.5"), { score: 2.5 });
  assert.match((parseScore("Educational score: 7") as { error: string }).error, /outside 0–5/);
  assert.match((parseScore("no idea") as { error: string }).error, /no score/);
  assert.equal(retryAfterMs("2"), 2000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 7_000), 3000);
  assert.equal(retryAfterMs(null), undefined);
});

test("annotate: retries 429 (Retry-After), 5xx and timeouts; malformed answers to errors; usage and cost; cache", async () => {
  const docs = [
    ...Array.from({ length: 12 }, (_, i) => ({ id: `d${i}`, text: `Plain document ${i} about photosynthesis score=${i % 6}\nsecond line` })),
    { id: "rl", text: "RATELIMIT score=4" },
    { id: "fl", text: "FLAKY score=1" },
    { id: "sl", text: "SLOW score=5" },
    { id: "bad", text: "MALFORMED text" },
    { id: "long", text: "score=3 " + "x".repeat(1000) },
  ];
  writeFileSync(join(dir, "docs.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  const t0 = Date.now();
  const requestsBefore = served.requests;
  const s = await annotate(options());
  assert.ok(Date.now() - t0 >= 950, "the 429's Retry-After: 1 was waited (backoff alone is ≤ 200 ms)");
  const out = read(join(dir, "ann.jsonl"));
  const errors = read(join(dir, "ann.errors.jsonl"));
  assert.deepEqual(out.map((r) => r.id), docs.filter((d) => d.id !== "bad").map((d) => d.id), "input order, every scored document");
  assert.deepEqual(out.map((r) => r.score), [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 4, 1, 5, 3]);
  assert.equal(out.at(-1)!.text.length, 200, "first max_chars characters");
  assert.match(out[0].answer, /Educational score/);
  assert.deepEqual(errors.map((e) => [e.id, e.answer]), [["bad", "I cannot rate this page."]]);
  assert.match(errors[0].reason, /no score/);
  assert.equal(s.annotated + s.errors, docs.length);
  assert.equal(served.rateLimited, 1);
  assert.equal(served.failed, 2);
  assert.equal(served.slow, 1);
  // One 429, two 5xx, one timeout at least; on a loaded machine a normal answer may time out too.
  assert.ok(s.retries >= 4, `retries ${s.retries}`);
  assert.equal(s.retries, served.requests - requestsBefore - docs.length, "every retry reached the server");
  assert.equal(s.requests, docs.length);
  assert.equal(s.promptTokens, served.promptTokens, "usage summed from the answers the client received");
  assert.equal(s.completionTokens, served.completionTokens, "the timed-out answer was never sent, nor counted");
  assert.ok(Math.abs(s.cost - (s.promptTokens * 0.5 + s.completionTokens * 1.5) / 1e6) < 1e-12);

  // Rerun: every answer from the cache, no request, same files.
  const before = served.requests;
  const again = await annotate(options({ output: join(dir, "ann2.jsonl"), errors: join(dir, "ann2.errors.jsonl") }));
  assert.equal(served.requests, before);
  assert.equal(again.cached, docs.length);
  assert.equal(again.cost, 0);
  assert.equal(readFileSync(join(dir, "ann2.jsonl"), "utf8"), readFileSync(join(dir, "ann.jsonl"), "utf8"));
  assert.equal(readFileSync(join(dir, "ann2.errors.jsonl"), "utf8"), readFileSync(join(dir, "ann.errors.jsonl"), "utf8"));
});

test("annotate: a wrong API key stops at once with the server's message", async () => {
  const n = served.requests;
  await assert.rejects(
    annotate(options({ cache: undefined, concurrency: 1, endpoint: { ...options().endpoint, apiKey: "wrong" } })),
    /HTTP 401: .*Incorrect API key/,
  );
  assert.equal(served.requests, n + 1, "not retried");
});

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c) => (stdout += c));
    p.stderr.on("data", (c) => (stderr += c));
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("winnow annotate then winnow train classifier --from-annotations --threshold 3", async () => {
  const topics = { hi: ["theorem", "proof", "cell", "energy", "equation", "history", "lesson", "student"], lo: ["sale", "click", "casino", "shipping", "coupon", "login", "cart", "deal"] };
  const docs = Array.from({ length: 160 }, (_, i) => {
    const good = i % 2 === 0;
    const words = good ? topics.hi : topics.lo;
    const text = Array.from({ length: 12 }, (_, j) => words[(i * 7 + j * 3) % 8]).join(" ");
    return { id: `p${i}`, text: `${text} page${i} score=${good ? 3 + (i % 3) : i % 3}` };
  });
  writeFileSync(join(dir, "pages.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  const ann = join(dir, "pages-ann.jsonl");
  const r = await runCli(["annotate", join(dir, "pages.jsonl"), "-o", ann, "--base-url", baseUrl, "--model", "m", "--api-key-env", "TEST_KEY", "--concurrency", "8", "--price-input", "1", "--price-output", "2"], { TEST_KEY: KEY });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /160\/160 documents: 160 scored, 0 errors, 0 from cache, 160 requests/);
  const model = join(dir, "edu.bin");
  const t = await runCli(["train", "classifier", "--from-annotations", ann, "--threshold", "3", "-o", model, "--epoch", "10", "--lr", "0.5", "--word-ngrams", "2", "--bucket", "10000", "--dim", "16"]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /160 examples/);
  const m = FastTextModel.loadSync(model);
  assert.deepEqual([...m.labels].sort(), ["__label__hq", "__label__lq"]);
  assert.equal(m.predict("theorem proof lesson student energy", 1)[0].label, "__label__hq");
  assert.equal(m.predict("casino coupon cart deal click", 1)[0].label, "__label__lq");
});
