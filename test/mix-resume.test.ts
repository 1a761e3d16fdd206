import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, cliAsync, makeText, tmpDir, writeJsonl } from "./helpers.js";

/**
 * `winnow mix` killed (SIGKILL) at several moments then run again gives the bytes of a mix that
 * was never interrupted, without rewriting the parts it had finished; a changed config is
 * refused unless --restart; no temporary file is left.
 */

const mixYaml = (out: string, opts: { web?: number; tokens?: boolean } = {}) => `
seed: 5
tokenizer: cl100k_base
cache_dir: cache
sources:
  - { name: web, files: ["web-*.jsonl"] }
  - { name: books, files: ["books.jsonl"] }
proportions: { web: ${opts.web ?? 0.6}, books: ${1 - (opts.web ?? 0.6)} }
max_epochs: 3
bucket_bytes: 200kB
output:
  dir: ${out}
  max_file_bytes: 20kB
${opts.tokens ? "  tokens: { format: megatron }" : ""}
`;

function makeSources(dir: string): void {
  for (let f = 0; f < 3; f++) writeJsonl(join(dir, `web-${f}.jsonl`), Array.from({ length: 1200 }, (_, i) => ({ id: `w${f}-${i}`, text: makeText(f * 1e5 + i, 20 + (i % 120)) })));
  writeJsonl(join(dir, "books.jsonl"), Array.from({ length: 600 }, (_, i) => ({ id: `b${i}`, text: makeText(9e6 + i, 100 + (i % 300)) })));
}

/** Every file of a mix folder, relative path → sha256, the report without the run-specific parts. */
function mixHashes(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, rel: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(p, e.name), `${rel}${e.name}/`);
      else if (e.name === "mix-report.json") {
        // The output folder and how many counts came from the cache differ between runs.
        const { count_cache: _c, output, ...rest } = JSON.parse(readFileSync(join(p, e.name), "utf8"));
        out[rel + e.name] = JSON.stringify({ ...rest, output: { ...output, dir: undefined } });
      } else if (e.name !== "DATASHEET.md" && e.name !== "mix-plan.json") out[rel + e.name] = createHash("sha256").update(readFileSync(join(p, e.name))).digest("hex");
    }
  };
  walk(d, "");
  return out;
}

/** Leftovers that a complete mix must not have: temporary files and the shuffle buckets. */
function leftovers(d: string): string[] {
  const found: string[] = [];
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.name.endsWith(".tmp") || e.name === ".buckets") found.push(join(p, e.name));
      else if (e.isDirectory()) walk(join(p, e.name));
    }
  };
  walk(d);
  return found;
}

/** The parts an interrupted mix had finished (per its progress file), with inode and mtime. */
function finishedParts(d: string): Map<string, string> {
  const seen = new Map<string, string>();
  const progress = join(d, ".buckets", "progress.json");
  if (!existsSync(progress)) return seen;
  const { files } = JSON.parse(readFileSync(progress, "utf8")) as { files: number };
  for (let i = 0; i < files; i++) {
    const f = `mix-${String(i).padStart(5, "0")}.jsonl.zst`;
    const st = statSync(join(d, f));
    seen.set(f, `${st.ino}:${st.mtimeMs}`);
  }
  return seen;
}

const progressFiles = (out: string) => {
  try {
    return (JSON.parse(readFileSync(join(out, ".buckets", "progress.json"), "utf8")) as { files: number }).files;
  } catch {
    return -1;
  }
};

/**
 * Starts the mix `attempts` times and kills each with SIGKILL: at a random moment (seeded LCG,
 * not Math.random) after it has opened its output folder (loading the CLI takes a variable
 * time on a loaded machine), and the last one once it has completed a new part, so that a
 * resume from mid-write is always tested (unless the mix finishes between two polls). Returns how many were killed before they finished.
 */
async function killAtRandomMoments(dir: string, file: string, out: string, attempts: number, seed: number): Promise<number> {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let killed = 0;
  for (let a = 0; a < attempts; a++) {
    const last = a === attempts - 1;
    const parts = progressFiles(out);
    const child = cliAsync(["mix", file, "--quiet"], dir);
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    const started = Date.now();
    const ready = () => (last ? progressFiles(out) > parts : existsSync(join(out, "mix-plan.json")));
    while (child.exitCode === null && !ready() && Date.now() - started < 20_000) await sleep(5);
    if (!last) await sleep(rand() * 600);
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      killed++;
    }
    await exited;
  }
  return killed;
}

test("kill -9 at random moments, then mix again: same bytes as an uninterrupted mix, finished parts not rewritten", async () => {
  const dir = tmpDir();
  makeSources(dir);
  writeFileSync(join(dir, "ref.yaml"), mixYaml("ref"));
  const ref = cli(["mix", "ref.yaml", "--quiet"], dir);
  assert.equal(ref.status, 0, ref.stderr);
  const expected = mixHashes(join(dir, "ref"));
  assert.ok(Object.keys(expected).filter((f) => f.startsWith("mix-")).length >= 5, "too few parts to test resuming between them");
  assert.deepEqual(leftovers(join(dir, "ref")), []);

  writeFileSync(join(dir, "mix.yaml"), mixYaml("out"));
  const killed = await killAtRandomMoments(dir, "mix.yaml", join(dir, "out"), 4, 12345);
  assert.ok(killed > 0, "no mix was killed before it finished: make the sources bigger");

  const before = finishedParts(join(dir, "out"));
  const distributed = existsSync(join(dir, "out", ".buckets", "distributed.json"));
  const final = cli(["mix", "mix.yaml"], dir);
  assert.equal(final.status, 0, final.stderr + final.stdout);
  for (const [f, id] of before) {
    const st = statSync(join(dir, "out", f));
    assert.equal(`${st.ino}:${st.mtimeMs}`, id, `${f} was rewritten although it was finished`);
  }
  if (distributed) assert.match(final.stderr, /already distributed/);
  assert.ok(before.size > 0 || !existsSync(join(dir, "out", ".buckets")), "the last kill should land after a part was written");
  if (before.size) assert.match(final.stderr, new RegExp(`resuming: ${before.size} part\\(s\\) already written`));
  assert.deepEqual(mixHashes(join(dir, "out")), expected);
  assert.deepEqual(leftovers(join(dir, "out")), []);

  // Run again once complete: nothing is redone.
  const parts = finishedPartsAll(join(dir, "out"));
  const again = cli(["mix", "mix.yaml"], dir);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /already complete/);
  assert.deepEqual(finishedPartsAll(join(dir, "out")), parts);
});

function finishedPartsAll(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(d)) {
    const st = statSync(join(d, f));
    if (st.isFile()) out[f] = `${st.ino}:${st.mtimeMs}`;
  }
  return out;
}

test("with token files: killed mixes resume to the same jsonl parts (finished ones kept) and token files", async () => {
  const dir = tmpDir();
  makeSources(dir);
  writeFileSync(join(dir, "ref.yaml"), mixYaml("ref", { tokens: true }));
  assert.equal(cli(["mix", "ref.yaml", "--quiet"], dir).status, 0);
  const expected = mixHashes(join(dir, "ref"));
  assert.ok(Object.keys(expected).some((f) => f.startsWith("tokens/") && f.endsWith(".idx")));
  writeFileSync(join(dir, "mix.yaml"), mixYaml("out", { tokens: true }));
  await killAtRandomMoments(dir, "mix.yaml", join(dir, "out"), 3, 777);
  const before = finishedParts(join(dir, "out"));
  const final = cli(["mix", "mix.yaml", "--quiet"], dir);
  assert.equal(final.status, 0, final.stderr);
  for (const [f, id] of before) {
    const st = statSync(join(dir, "out", f));
    assert.equal(`${st.ino}:${st.mtimeMs}`, id, `${f} was rewritten although it was finished`);
  }
  assert.deepEqual(mixHashes(join(dir, "out")), expected);
  assert.deepEqual(leftovers(join(dir, "out")), []);
});

test("changed proportions or inputs are refused unless --restart (exit 2, no stack trace)", () => {
  const dir = tmpDir();
  makeSources(dir);
  writeFileSync(join(dir, "mix.yaml"), mixYaml("out"));
  assert.equal(cli(["mix", "mix.yaml", "--quiet"], dir).status, 0);

  writeFileSync(join(dir, "mix.yaml"), mixYaml("out", { web: 0.3 }));
  const changed = cli(["mix", "mix.yaml", "--quiet"], dir);
  assert.equal(changed.status, 2);
  assert.match(changed.stderr, /holds a mix of a different config.*--restart/s);
  assert.doesNotMatch(changed.stderr, /\n\s+at /, "no stack trace for a user mistake");
  const restarted = cli(["mix", "mix.yaml", "--quiet", "--restart"], dir);
  assert.equal(restarted.status, 0, restarted.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, "out", "mix-report.json"), "utf8")).sources[0].asked_proportion, 0.3);

  writeJsonl(join(dir, "web-9.jsonl"), [{ id: "new", text: "a new file" }]);
  const grown = cli(["mix", "mix.yaml", "--quiet"], dir);
  assert.equal(grown.status, 2);
  assert.match(grown.stderr, /input changed.*web-9\.jsonl.*--restart/s);
});
