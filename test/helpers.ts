import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { decompress as zstdDecompress } from "zstd-napi";

/** The project root (tests run from dist/test). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "bin", "winnow.js");
/** `../shared/data` beside the project, when this machine has it. */
export const SHARED_DATA = join(ROOT, "..", "shared", "data");
export const hasSharedData = existsSync(SHARED_DATA);

export function tmpDir(prefix = "winnow-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function cli(args: string[], cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
}

/** Starts the CLI without waiting, for kill and interrupt tests. */
export function cliAsync(args: string[], cwd = ROOT) {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Runs `pipeline` (output `runDir`) in a child killed with SIGKILL after a random 0.2–1.2 s,
 * runs it again to the end, and checks the run equals the uninterrupted `referenceDir`.
 */
export async function assertKilledRunResumes(pipeline: string, runDir: string, referenceDir: string): Promise<void> {
  const delay = 200 + Math.floor(Math.random() * 1000);
  const child = cliAsync(["run", pipeline, "--progress", "off"]);
  const exited = new Promise((res) => child.on("exit", res));
  await sleep(delay);
  child.kill("SIGKILL");
  await exited;
  const final = cli(["run", pipeline, "--progress", "off"]);
  assert.equal(final.status, 0, final.stderr + final.stdout);
  assert.deepEqual(treeHashes(runDir), treeHashes(referenceDir), `killed after ${delay} ms`);
}

/** Deterministic words: a 48-bit LCG over a fixed vocabulary, so corpora need no fixture files. */
export function makeText(seed: number, words: number): string {
  const vocab = ["the", "data", "model", "of", "and", "curation", "web", "text", "quality", "a", "to", "in", "token", "filter", "is", "pipeline", "crawl", "language", "with", "deduplication"];
  let x = BigInt(seed) * 0x5deece66dn + 11n;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 0x5deece66dn + 11n) & 0xffffffffffffn;
    out.push(vocab[Number(x >> 17n) % vocab.length]);
    if (i % 17 === 16) out.push(".\n");
  }
  return out.join(" ");
}

export function writeJsonl(path: string, docs: unknown[]): void {
  writeFileSync(path, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
}

export function writePipeline(dir: string, yaml: string, name = "pipeline.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Every file under a directory, relative path → sha256, skipping stats timings and run.json. */
export function treeHashes(dir: string, subdirs = ["output", "removed", "errors"]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  for (const s of subdirs) walk(join(dir, s), `${s}/`);
  return out;
}

/**
 * Every JSON record in a run file, decoded independently of winnow's readers (one-shot
 * zstd/gzip, split, parse), so counts checked with it do not share the reader's bugs.
 */
export function readRecords(path: string): Record<string, any>[] {
  let bytes = readFileSync(path);
  if (path.endsWith(".zst")) bytes = Buffer.from(zstdDecompress(bytes));
  else if (path.endsWith(".gz")) bytes = gunzipSync(bytes);
  return bytes.toString("utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
}

/** All records of every file below `dir`, in file-name order. */
export function readAllRecords(dir: string): Record<string, any>[] {
  const files: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  return files.flatMap(readRecords);
}
