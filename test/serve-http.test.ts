import assert from "node:assert/strict";
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { READERS } from "../src/readers/index.js";
import { scanFile, toDoc } from "../src/serve/run-files.js";
import { cli, readRecords, ROOT, tmpDir } from "./helpers.js";
import { makeServeRun, startServe } from "./serve-fixture.js";

const { dir, runDir } = makeServeRun();
const SECRET = "secret-outside-the-run";
writeFileSync(join(dir, "outside.txt"), SECRET);
symlinkSync(join(dir, "outside.txt"), join(runDir, "leak.txt"));
symlinkSync(dir, join(runDir, "removed", "linked-out"));
const server = await startServe(runDir);
after(() => server.stop());
const base = new URL(server.url);

/** A GET with the path sent exactly as written (fetch would normalize `..`). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((ok, fail) => {
    // A fresh connection each time: a pooled one may have been closed by the server's keep-alive timeout while the CLI tests ran.
    const req = request({ host: base.hostname, port: base.port, path, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

async function api<T = any>(path: string): Promise<T> {
  const r = await rawGet(path);
  assert.equal(r.status, 200, `${path}: ${r.body}`);
  return JSON.parse(r.body) as T;
}

/** Every record of a run folder, decoded independently of winnow's readers, in file order. */
function records(sub: string): Record<string, any>[] {
  const folder = join(runDir, sub);
  return readdirSync(folder).filter((f) => f.endsWith(".jsonl.zst")).sort().flatMap((f) => readRecords(join(folder, f)));
}

test("serve binds 127.0.0.1 by default and sends a strict CSP", async () => {
  assert.equal(base.hostname, "127.0.0.1");
  const page = await rawGet("/");
  assert.equal(page.status, 200);
  const csp = String(page.headers["content-security-policy"]);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers["x-content-type-options"], "nosniff");
  assert.doesNotMatch(page.body, /<script>/, "no inline script");
});

test("serve refuses a non-loopback host without --allow-remote, and foreign Host headers", async () => {
  for (const host of ["0.0.0.0", "192.0.2.1", "::"]) {
    const r = cli(["serve", runDir, "--port", "0", "--host", host]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /not a loopback address.*--allow-remote/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  const rebound = await rawGet("/api/run", { Host: "attacker.example:80" });
  assert.equal(rebound.status, 403);
});

test("serve refuses path traversal: encoded, double-encoded, absolute, and links out", async () => {
  const ok = await rawGet("/run/stats.json");
  assert.equal(ok.status, 200);
  assert.equal(JSON.parse(ok.body).kept, JSON.parse(readFileSync(join(runDir, "stats.json"), "utf8")).kept);
  const attempts = [
    "/run/../outside.txt", "/run/..%2foutside.txt", "/run/..%2Foutside.txt", "/run/%2e%2e/outside.txt", "/run/%2e%2e%2foutside.txt",
    "/run/..%252foutside.txt", "/run/%252e%252e%252foutside.txt", "/run/..%5coutside.txt", "/run/..\\outside.txt",
    `/run/${encodeURIComponent(join(dir, "outside.txt"))}`, `/run//${join(dir, "outside.txt")}`, "/run/%2fetc%2fpasswd",
    "/run/leak.txt", "/run/removed/linked-out/outside.txt", "/run/output/%00", "/../outside.txt", "/%2e%2e/outside.txt",
  ];
  for (const path of attempts) {
    const r = await rawGet(path);
    assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status}`);
    assert.ok(!r.body.includes(SECRET) && !r.body.includes("root:"), `${path} leaked`);
  }
  const collections = (await api("/api/run")).collections.map((c: { key: string }) => c.key);
  assert.ok(!collections.includes("removed/linked-out"), "a linked folder became a collection");
  for (const c of ["kept", "errors", "removed/length"]) {
    const r = await rawGet(`/api/list?c=${encodeURIComponent(c)}&q=${SECRET}`);
    assert.equal(JSON.parse(r.body).items.length, 0);
  }
  assert.equal((await rawGet("/api/list?c=..%2F..%2Foutside")).status, 404);
  assert.equal((await rawGet("/api/doc?c=kept&f=99&i=0")).status, 404);
});

test("serve pages through kept documents in file order, and filters by reason and text", async () => {
  const kept = records("output");
  const ids: string[] = [];
  let cursor = "";
  for (let pages = 0; pages < 100; pages++) {
    const page = await api(`/api/list?c=kept&limit=37&cursor=${cursor}`);
    ids.push(...page.items.map((it: { id: string }) => it.id));
    if (!page.next) break;
    cursor = page.next;
  }
  assert.deepEqual(ids, kept.map((r) => r.id));

  const stats = JSON.parse(readFileSync(join(runDir, "stats.json"), "utf8"));
  const expectedReasons = records("removed/c4_quality").filter((r) => r.metadata.removed_by.reason === "too_few_sentences").map((r) => r.id);
  assert.equal(expectedReasons.length, stats.removed.c4_quality.too_few_sentences);
  const c4 = await api("/api/list?c=removed%2Fc4_quality&reason=too_few_sentences&limit=200");
  assert.deepEqual(c4.items.map((it: { id: string }) => it.id), expectedReasons.slice(0, 200));
  assert.ok(c4.items.every((it: { reason: string }) => it.reason === "too_few_sentences"));

  // A word of some kept documents and not of others.
  const q = /\b[A-Z][a-z]{6,}\b/.exec(kept[kept.length >> 1].text)![0];
  const expected = kept.filter((r) => [r.text, r.id, JSON.stringify(r.metadata)].some((s) => s.toLowerCase().includes(q.toLowerCase()))).map((r) => r.id);
  assert.ok(expected.length > 0 && expected.length < kept.length, q);
  const found = await api(`/api/list?c=kept&limit=200&q=${q}`);
  assert.deepEqual(found.items.map((it: { id: string }) => it.id), expected);

  const first = found.items[0];
  const doc = await api(`/api/doc?c=kept&f=${first.f}&i=${first.i}`);
  assert.equal(doc.doc.id, expected[0]);
  assert.deepEqual(doc.doc.metadata, kept.find((r) => r.id === expected[0])!.metadata);
});

test("scanFile: a record position is the same from any start, in plain (checkpointed), gzip and Parquet files", async () => {
  const tmp = tmpDir();
  const lines = Array.from({ length: 3000 }, (_, k) => JSON.stringify({ id: `d${k}`, text: `text ${k} ${"é".repeat(k % 7)}`, metadata: {} }));
  writeFileSync(join(tmp, "a.jsonl"), lines.join("\n") + "\n");
  writeFileSync(join(tmp, "a.jsonl.gz"), gzipSync(lines.join("\n")));
  for (const name of ["a.jsonl", "a.jsonl.gz"]) {
    for (const from of [0, 1023, 1024, 2500, 2999]) {
      let got: string | undefined;
      let at = -1;
      await scanFile({ path: join(tmp, name), rel: name, parquet: false }, from, (i, row) => {
        at = i;
        got = toDoc(row.record()).id;
        return true;
      });
      assert.equal(at, from, name);
      assert.equal(got, `d${from}`, name);
    }
  }
  const parquet = join(ROOT, "examples", "data", "web-sample", "cc-en-head-0174.parquet");
  const all: string[] = [];
  const signal = new AbortController().signal;
  for await (const batch of READERS.parquet({ path: parquet, source: parquet, format: "parquet" }, { textKey: "text", idKey: "id", maxDocBytes: 1 << 30, signal, onBytes() {}, onError() {} })) {
    all.push(...batch.map((d) => d.id));
  }
  for (const from of [0, Math.floor(all.length / 2), all.length - 1]) {
    const ids: string[] = [];
    await scanFile({ path: parquet, rel: "p", parquet: true }, from, (_i, row) => void ids.push(toDoc(row.record()).id));
    assert.deepEqual(ids, all.slice(from));
  }
});
