import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import S3rver from "s3rver";
import { compress as zstdCompress } from "zstd-napi";
import { loadPipeline } from "../src/config/load.js";
import { listInputs } from "../src/plan/list-inputs.js";
import { runPipeline } from "../src/run/run-pipeline.js";
import { configureStorage, storageFor, storageLimiter } from "../src/storage/index.js";
import { ROOT, tmpDir, writePipeline } from "./helpers.js";

/**
 * The storage layer against a real S3 implementation on loopback (s3rver, from npm), behind a
 * small proxy that injects faults (503 SlowDown, connections reset mid-body) and counts the
 * requests in flight; plain http(s) against node:http with Range support.
 */
let s3: { close(): Promise<void> };
let proxy: http.Server;
let endpoint = "";
const faults = { slowDown: 0, resetBodies: 0, delayMs: 0 };
const seen = { requests: 0, inFlight: 0, maxInFlight: 0, slowDowns: 0, resets: 0, uploads: 0, parts: 0 };

// Made here, not with tmpDir(): an after() registered inside a before hook runs when the hook ends.
const s3dir = mkdtempSync(join(tmpdir(), "winnow-s3rver-"));

before(async () => {
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3dir, configureBuckets: [{ name: "data" }, { name: "out" }] });
  const addr = (await server.run()) as AddressInfo;
  s3 = server;
  proxy = http.createServer((req, res) => {
    seen.requests++;
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    res.on("close", () => seen.inFlight--);
    if (req.method === "POST" && req.url?.includes("uploads")) seen.uploads++;
    if (req.method === "PUT" && req.url?.includes("partNumber=")) seen.parts++;
    if (faults.slowDown > 0) {
      faults.slowDown--;
      seen.slowDowns++;
      req.resume();
      res.writeHead(503, { "content-type": "application/xml" }).end("<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
      return;
    }
    const resetThis = req.method === "GET" && !req.url?.includes("list-type") && faults.resetBodies > 0 && faults.resetBodies-- > 0;
    setTimeout(() => {
      const up = http.request({ host: "127.0.0.1", port: addr.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        if (!resetThis) return void r.pipe(res);
        // Send part of the body, then drop the connection.
        let sent = 0;
        r.on("data", (c: Buffer) => {
          if (sent > 1000) return;
          sent += c.length;
          res.write(c.subarray(0, 1001));
          if (sent > 1000) {
            seen.resets++;
            res.socket?.destroy();
            r.destroy();
          }
        });
      });
      req.pipe(up);
    }, faults.delayMs);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  configureStorage(settings());
});

after(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  proxy.closeAllConnections();
  await s3.close();
  rmSync(s3dir, { recursive: true, force: true });
});

const settings = (extra: Record<string, unknown> = {}) => ({ endpoint, force_path_style: true, retry_base_ms: 5, retry_max_ms: 50, part_size: 5 << 20, ...extra });
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
async function readAll(url: string, range?: { start: number; end?: number }): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of storageFor(url).read(url, range)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

test("s3: write (single and multipart), stat, ranged and whole reads, listing, globbing", async () => {
  const big = Buffer.alloc(12 << 20);
  for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
  const before = { ...seen };
  async function* stream() {
    for (let i = 0; i < big.length; i += 1 << 20) yield big.subarray(i, i + (1 << 20));
  }
  await storageFor("s3://data/big/blob.bin").write("s3://data/big/blob.bin", stream());
  assert.equal(seen.uploads - before.uploads, 1, "one multipart upload");
  assert.equal(seen.parts - before.parts, 3, "12 MiB in 5 MiB parts");
  assert.equal((await storageFor("s3://data/big/blob.bin").stat("s3://data/big/blob.bin"))?.size, big.length);
  assert.equal(sha(await readAll("s3://data/big/blob.bin")), sha(big));
  assert.deepEqual(await readAll("s3://data/big/blob.bin", { start: 1000, end: 5000 }), big.subarray(1000, 5000));
  assert.equal(await storageFor("s3://data/nothing").stat("s3://data/nothing"), null);

  for (const name of ["a/1.jsonl", "a/2.jsonl.zst", "a/b/3.jsonl", "a/notes.txt"]) await storageFor("s3://data/").write(`s3://data/glob/${name}`, Buffer.from(`{"id":"${name}","text":"x"}\n`));
  const sources = async (p: string) => (await listInputs([p], "/")).map((f) => f.source);
  assert.deepEqual(await sources("s3://data/glob/a/*.jsonl*"), ["s3://data/glob/a/1.jsonl", "s3://data/glob/a/2.jsonl.zst"]);
  assert.deepEqual(await sources("s3://data/glob/**/*.jsonl"), ["s3://data/glob/a/1.jsonl", "s3://data/glob/a/b/3.jsonl"]);
  assert.deepEqual(await sources("s3://data/glob/a"), ["s3://data/glob/a/1.jsonl", "s3://data/glob/a/2.jsonl.zst", "s3://data/glob/a/b/3.jsonl"]);
  await assert.rejects(listInputs(["s3://data/glob/none/*.jsonl"], "/"), /input.paths\[0\] "s3:\/\/data\/glob\/none\/\*.jsonl": matches no object/);
});

test("s3: retries 503 SlowDown and resumes bodies cut by connection resets; errors name the URL", async () => {
  await storageFor("s3://data/r.bin").write("s3://data/r.bin", Buffer.alloc(300_000, 7));
  const before = { ...seen };
  faults.slowDown = 3;
  assert.equal((await storageFor("s3://data/r.bin").stat("s3://data/r.bin"))?.size, 300_000);
  assert.equal(seen.slowDowns - before.slowDowns, 3);
  faults.resetBodies = 2;
  assert.deepEqual(await readAll("s3://data/r.bin"), Buffer.alloc(300_000, 7));
  assert.equal(seen.resets - before.resets, 2, "two connections reset mid-body, resumed with ranged GETs");
  configureStorage(settings({ retries: 1 }));
  faults.slowDown = 5;
  await assert.rejects(readAll("s3://data/r.bin"), /s3:\/\/data\/r.bin: 503 SlowDown/);
  faults.slowDown = 0;
  configureStorage(settings());
  await assert.rejects(readAll("s3://nobucket/x.jsonl"), /not found: s3:\/\/nobucket\/x.jsonl \(404 NoSuchBucket\)/);
  await assert.rejects(listInputs(["ftp://host/x.jsonl"], "/"), /unknown storage scheme "ftp:\/\/"/);
  const keys = process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_ACCESS_KEY_ID;
  configureStorage(settings({ retries: 2 }));
  await assert.rejects(storageFor("s3://data/r.bin").stat("s3://data/r.bin"), /no credentials for s3:\/\/data\/r.bin: set AWS_ACCESS_KEY_ID/);
  process.env.AWS_ACCESS_KEY_ID = keys;
  configureStorage(settings());
});

test("s3: requests in flight never exceed storage.max_concurrency", async () => {
  await storageFor("s3://data/c.bin").write("s3://data/c.bin", Buffer.from("x"));
  configureStorage(settings({ max_concurrency: 3 }));
  faults.delayMs = 30;
  seen.maxInFlight = 0;
  await Promise.all(Array.from({ length: 12 }, () => storageFor("s3://data/c.bin").stat("s3://data/c.bin")));
  faults.delayMs = 0;
  assert.equal(seen.maxInFlight, 3);
  assert.equal(storageLimiter().inFlight, 0);
  configureStorage(settings());
});

/** Uploads a local folder to a prefix. */
async function upload(dir: string, prefix: string): Promise<void> {
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const path = join(f.parentPath, f.name);
    await storageFor(prefix).write(`${prefix}/${relative(dir, path)}`, readFileSync(path));
  }
}

test("a full run reading s3:// and writing s3:// gives the local run's bytes, task by task behind completion markers", { timeout: 60_000 }, async () => {
  const dir = tmpDir("winnow-s3run-");
  // Inputs whose documents carry ids: a fallback id names the file as the config names it
  // (`web-sample/x.jsonl#3` here, the URL there), which would differ by design.
  const sample = join(ROOT, "examples", "data", "web-sample");
  mkdirSync(join(dir, "web-sample"));
  for (const f of ["cc-en-head-0091.jsonl", "cc-en-head-0174.parquet"]) cpSync(join(sample, f), join(dir, "web-sample", f));
  const lines = readFileSync(join(sample, "cc-en-head-0091.jsonl"), "utf8").split("\n").filter(Boolean).reverse();
  writeFileSync(join(dir, "web-sample", "reversed.jsonl.zst"), zstdCompress(Buffer.from(lines.map((l) => l.replace('"id":"', '"id":"rev-')).join("\n") + "\n")));
  await upload(join(dir, "web-sample"), "s3://data/web-sample");
  const steps = `steps:\n  - length: { min_words: 50, max_words: 100000 }\n  - sample: { rate: 0.9 }\n  - write: { format: jsonl.zst }\nseed: 42\nworkers: 2\n`;
  const local = loadPipeline(writePipeline(dir, `input: { paths: ["web-sample/*"] }\noutput: runs/local\n${steps}`, "local.yaml"));
  const remote = loadPipeline(writePipeline(dir, `input: { paths: ["s3://data/web-sample/*"] }\noutput: s3://out/run1\nstorage: { endpoint: "${endpoint}", force_path_style: true, retry_base_ms: 5 }\n${steps}`, "remote.yaml"));
  await runPipeline(local, { workers: 2 });
  faults.slowDown = 2; // throttled at the start, and still the same result
  const summary = await runPipeline(remote, { workers: 2 });
  assert.equal(summary.failed.length, 0);
  assert.equal(summary.tasksDone, summary.tasksTotal);

  const localOut = readdirSync(join(local.output, "output")).sort();
  assert.ok(localOut.length > 1);
  for (const name of localOut) {
    assert.equal(sha(await readAll(`s3://out/run1/output/${name}`)), sha(readFileSync(join(local.output, "output", name))), name);
  }
  for (let t = 0; t < summary.tasksTotal; t++) {
    const name = String(t).padStart(5, "0");
    const marker = JSON.parse((await readAll(`s3://out/run1/completions/${name}`)).toString()) as { files: { path: string; size: number }[] };
    for (const f of marker.files) assert.equal((await storageFor("s3://out").stat(`s3://out/run1/${f.path}`))?.size, f.size, f.path);
    assert.ok(marker.files.some((f) => f.path === `stats/${name}.json`));
  }
  assert.ok(await storageFor("s3://out").stat("s3://out/run1/run.json"));
  assert.ok(await storageFor("s3://out").stat("s3://out/run1/stats.json"));
});

test("http(s): ranged, resumable reads from a web server, and a Common Crawl paths.gz listing against a base URL", async (t) => {
  const files: Record<string, Buffer> = {
    "/crawl-data/x/a.warc.gz": Buffer.concat([1, 2].map((n) => gzipSync(warcPage(n)))),
    "/crawl-data/x/b.warc.gz": gzipSync(warcPage(3)),
  };
  const web = http.createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (!body) return void res.writeHead(404).end();
    const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    if (!m) return void res.writeHead(200, { "content-length": body.length }).end(req.method === "HEAD" ? undefined : body);
    const end = m[2] ? Number(m[2]) + 1 : body.length;
    res.writeHead(206, { "content-length": end - Number(m[1]), "content-range": `bytes ${m[1]}-${end - 1}/${body.length}` }).end(body.subarray(Number(m[1]), end));
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  t.after(() => web.close());
  const base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  const a = files["/crawl-data/x/a.warc.gz"];
  assert.deepEqual(await readAll(`${base}/crawl-data/x/a.warc.gz`, { start: 10, end: 50 }), a.subarray(10, 50));
  await assert.rejects(readAll(`${base}/missing.warc.gz`), /not found: http:\/\/127.0.0.1:\d+\/missing.warc.gz \(404\)/);
  await assert.rejects(listInputs([`${base}/crawl-data/*.warc.gz`], "/"), /cannot be listed or globbed/);

  const dir = tmpDir("winnow-listing-");
  writeFileSync(join(dir, "warc.paths.gz"), gzipSync("crawl-data/x/a.warc.gz\ncrawl-data/x/b.warc.gz\n"));
  const listed = await listInputs(["warc.paths.gz"], dir, undefined, { base_url: base + "/", shards: 1, shard: 0 });
  assert.deepEqual(listed.map((f) => [f.source, f.format]), [[`${base}/crawl-data/x/a.warc.gz`, "warc"], [`${base}/crawl-data/x/b.warc.gz`, "warc"]]);
  assert.equal((await listInputs(["warc.paths.gz"], dir, undefined, { base_url: base + "/", first: 1, shards: 1, shard: 0 })).length, 1);
  assert.deepEqual((await listInputs(["warc.paths.gz"], dir, undefined, { base_url: base + "/", shards: 2, shard: 1 })).map((f) => f.source), [`${base}/crawl-data/x/b.warc.gz`]);

  writePipeline(dir, `input: { paths: [warc.paths.gz], listing: { base_url: "${base}/" } }\noutput: runs/cc\nsteps:\n  - write: { format: jsonl }\n`, "cc.yaml");
  const summary = await runPipeline(loadPipeline(join(dir, "cc.yaml")), { workers: 1 });
  assert.equal(summary.totals.read, 3);
  assert.equal(summary.totals.kept, 3);
});

function warcPage(n: number): Buffer {
  const body = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>page ${n}</p></body></html>`);
  const head = `WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:p${n}>\r\nWARC-Target-URI: http://example.com/${n}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body, Buffer.from("\r\n\r\n")]);
}
