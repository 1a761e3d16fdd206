import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT, cli, makeText, treeHashes, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

/** A Slurm cluster this machine can submit to (CI starts one with scripts/local-slurm.sh). */
function slurmReady(): string | undefined {
  try {
    const state = execFileSync("sinfo", ["-h", "-o", "%t"], { encoding: "utf8" }).trim();
    return /idle|mix|alloc/.test(state) ? undefined : `no usable Slurm node (sinfo: ${state || "nothing"})`;
  } catch {
    return "Slurm is not installed or not running here: run scripts/local-slurm.sh (CI does)";
  }
}
const skip = slurmReady();

test("quickstart on Slurm gives the same files as the local executor", { skip }, () => {
  const dir = tmpDir();
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true, filter: (p) => !p.includes(join("examples", "runs")) });
  const file = join(dir, "examples", "quickstart.yaml");
  assert.equal(cli(["run", file, "--progress", "off"]).status, 0);
  const local = treeHashes(join(dir, "examples", "runs", "quickstart"));
  const r = cli(["run", file, "--progress", "off", "--executor", "slurm", "--wait", "--restart"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /ledger: .* ✓/);
  assert.deepEqual(treeHashes(join(dir, "examples", "runs", "quickstart")), local);
  const logs = readdirSync(join(dir, "examples", "runs", "quickstart", "slurm", "logs"));
  assert.ok(logs.length >= 1, "a log per array element");
});

test("multi-stage dedup on Slurm: cancelled mid-run, resubmitted, same result as local", { skip }, async () => {
  const dir = tmpDir();
  for (let f = 0; f < 4; f++) {
    writeJsonl(join(dir, `in-${f}.jsonl`), Array.from({ length: 600 }, (_, i) => ({ id: `${f}-${i}`, text: makeText((f * 600 + i) % 1500, 30) })));
  }
  const yaml = (out: string) => `
input: { paths: ["in-*.jsonl"] }
output: ${out}
tasks: { max_bytes: 40kB }
slurm: { max_parallel: 2, max_array_size: 5 }
steps:
  - length: { min_words: 5 }
  - exact_dedup: { partitions: 2 }
  - write: { format: jsonl.gz }
`;
  assert.equal(cli(["run", writePipeline(dir, yaml("local"), "local.yaml"), "--progress", "off"]).status, 0);
  const file = writePipeline(dir, yaml("run"));
  const submit = cli(["run", file, "--progress", "off", "--executor", "slurm"]);
  assert.equal(submit.status, 0, submit.stderr + submit.stdout);
  assert.match(submit.stdout, /submitted/);
  // Arrays of at most max_array_size (5) elements, one task each.
  const jobs = JSON.parse(readFileSync(join(dir, "run", "slurm", "jobs.json"), "utf8")) as { submitted: { stage: string; tasks: number[][] }[] };
  const tasks = JSON.parse(readFileSync(join(dir, "run", "run.json"), "utf8")).tasks.length as number;
  const sizes = jobs.submitted.filter((j) => j.stage === "segment-0").map((j) => j.tasks.length);
  assert.ok(tasks > 5);
  assert.deepEqual(sizes, Array.from({ length: Math.ceil(tasks / 5) }, (_, i) => Math.min(5, tasks - 5 * i)));
  // Cancel once some tasks of the first stage have finished.
  const done = join(dir, "run", "completions", "segment-0");
  for (let i = 0; i < 300 && !(existsSync(done) && readdirSync(done).length >= 2); i++) await sleep(100);
  assert.equal(cli(["cancel", join(dir, "run")]).status, 0);
  const status = cli(["status", join(dir, "run")]);
  assert.equal(status.status, 1, status.stdout);
  const again = cli(["run", file, "--progress", "off", "--executor", "slurm", "--wait"]);
  assert.equal(again.status, 0, again.stderr + again.stdout);
  assert.deepEqual(treeHashes(join(dir, "run")), treeHashes(join(dir, "local")));
  assert.equal(cli(["status", join(dir, "run")]).status, 0);
});
