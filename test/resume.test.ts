import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, cliAsync, makeText, treeHashes, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

const pipeline = (output: string, seed = 3) => `
input: { paths: ["corpus.jsonl", "extra-*.jsonl"] }
output: ${output}
seed: ${seed}
tasks: { max_bytes: 1MB }
steps:
  - length: { min_words: 25 }
  - sample: { rate: 0.5 }
  - write: { format: jsonl.gz, max_file_bytes: 300kB }
`;

function makeCorpus(dir: string): void {
  writeJsonl(join(dir, "corpus.jsonl"), Array.from({ length: 24_000 }, (_, i) => ({ text: makeText(i, 10 + (i % 250)) })));
  for (let f = 0; f < 6; f++) {
    writeJsonl(join(dir, `extra-${f}.jsonl`), Array.from({ length: 1500 }, (_, i) => ({ id: `x${f}-${i}`, text: makeText(f * 1e6 + i, 30 + (i % 90)) })));
  }
}

/** Completion markers and output files of finished tasks, with inode and mtime, to prove they were not redone. */
function finishedFiles(run: string): Map<string, string> {
  const seen = new Map<string, string>();
  const done = existsSync(join(run, "completions")) ? readdirSync(join(run, "completions")) : [];
  for (const sub of ["completions", "output", "stats"]) {
    const d = join(run, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      if (f.endsWith(".tmp") || !done.includes(f.slice(0, 5))) continue;
      const st = statSync(join(d, f));
      seen.set(`${sub}/${f}`, `${st.ino}:${st.mtimeMs}`);
    }
  }
  return seen;
}

test("kill -9 at random moments, then run again: same output, finished tasks not redone", async () => {
  const dir = tmpDir();
  makeCorpus(dir);
  const reference = writePipeline(dir, pipeline("ref"), "ref.yaml");
  const r = cli(["run", reference, "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr);
  const expected = treeHashes(join(dir, "ref"));

  const file = writePipeline(dir, pipeline("run"));
  // Deterministic "random" kill times spread over a run's life (seeded LCG, not Math.random).
  let x = 12345;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let killedMidRun = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const child = cliAsync(["run", file, "--progress", "off", "--workers", "2"]);
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    await sleep(150 + rand() * 1500);
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      killedMidRun++;
    }
    await exited;
  }
  assert.ok(killedMidRun > 0, "no run was killed before it finished: make the corpus bigger");

  const before = finishedFiles(join(dir, "run"));
  const final = cli(["run", file, "--progress", "off"]);
  assert.equal(final.status, 0, final.stderr + final.stdout);
  const after = finishedFiles(join(dir, "run"));
  for (const [f, id] of before) assert.equal(after.get(f), id, `${f} was rewritten although its task had finished`);
  assert.deepEqual(treeHashes(join(dir, "run")), expected);
  assert.match(final.stdout, before.size > 0 ? /already done before/ : /done/);
});

test("a changed config or input is refused unless --restart", () => {
  const dir = tmpDir();
  makeCorpus(dir);
  const file = writePipeline(dir, pipeline("run"));
  assert.equal(cli(["run", file, "--progress", "off"]).status, 0);

  writePipeline(dir, pipeline("run", 4));
  const changed = cli(["run", file, "--progress", "off"]);
  assert.equal(changed.status, 2);
  assert.match(changed.stderr, /different config.*--restart/s);
  assert.doesNotMatch(changed.stderr, /\n\s+at /, "no stack trace for a user mistake");
  assert.equal(cli(["run", file, "--progress", "off", "--restart"]).status, 0);

  writeJsonl(join(dir, "extra-9.jsonl"), [{ text: "new file" }]);
  const grown = cli(["run", file, "--progress", "off"]);
  assert.equal(grown.status, 2);
  assert.match(grown.stderr, /input changed.*extra-9\.jsonl/s);
});

test("Ctrl-C stops cleanly: exit 130, finished tasks kept, the next run completes", async () => {
  const dir = tmpDir();
  makeCorpus(dir);
  const file = writePipeline(dir, pipeline("run"));
  const child = cliAsync(["run", file, "--progress", "off", "--workers", "1"]);
  let stdout = "";
  child.stdout.on("data", (b) => (stdout += b));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  // Interrupt once the first task has finished.
  for (let i = 0; i < 200 && !existsSync(join(dir, "run", "completions", "00000")); i++) await sleep(25);
  child.kill("SIGINT");
  const code = await exited;
  if (code === 0) return; // finished before the signal landed: nothing to check
  assert.equal(code, 130);
  assert.match(stdout, /interrupted/);
  const done = readdirSync(join(dir, "run", "completions")).length;
  assert.ok(done >= 1);
  const rest = cli(["run", file, "--progress", "off"]);
  assert.equal(rest.status, 0, rest.stderr);
  assert.match(rest.stdout, new RegExp(`\\(${done} already done before\\)`));
});

test("a changed step file (model, list) is refused on resume like a changed input", () => {
  const dir = tmpDir();
  writeJsonl(join(dir, "in.jsonl"), [{ text: "one two three", url: "https://a.example/x" }]);
  writeFileSync(join(dir, "blocked.txt"), "b.example\n");
  const file = writePipeline(dir, `
input: { paths: in.jsonl }
output: run
steps:
  - url_filter: { block_domains: [blocked.txt] }
`);
  assert.equal(cli(["run", file, "--progress", "off"]).status, 0);
  writeFileSync(join(dir, "blocked.txt"), "b.example\na.example\n");
  const r = cli(["run", file, "--progress", "off"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /blocked\.txt was modified/);
});
