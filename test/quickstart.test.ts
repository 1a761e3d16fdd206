import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { asyncBufferFromFile, parquetMetadataAsync } from "hyparquet";
import { parse } from "yaml";
import { loadPipeline, parsePipeline } from "../src/config/load.js";
import { ROOT, cli, readAllRecords, readRecords, tmpDir } from "./helpers.js";

/** The README's first command, on a copy of examples/ so the test leaves the work tree alone. */
test("quickstart: run directory layout, summary and a ledger that reconciles with the files", async () => {
  const dir = tmpDir();
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true, filter: (p) => !p.includes(`${join("examples", "runs")}`) });
  const r = cli(["run", "examples/quickstart.yaml", "--progress", "off"], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ledger: read \d+ = kept \d+ \+ removed \d+ \+ errors \d+ ✓/);
  assert.match(r.stdout, /removed by length/);

  const run = join(dir, "examples", "runs", "quickstart");
  for (const entry of ["run.json", "stats.json", "output", "removed", "errors", "stats", "completions"]) {
    assert.ok(existsSync(join(run, entry)), `${entry} missing`);
  }
  const manifest = JSON.parse(readFileSync(join(run, "run.json"), "utf8"));
  const tasks: number = manifest.tasks.length;
  assert.equal(readdirSync(join(run, "completions")).length, tasks);
  assert.equal(readdirSync(join(run, "stats")).length, tasks);
  assert.deepEqual(readdirSync(join(run, "removed")).sort(), ["length", "metadata_filter", "sample"]);
  assert.deepEqual(readdirSync(join(run, "errors")), []);

  // Count every input record independently and every record in the run's files.
  let inputs = 0;
  for (const f of readdirSync(join(dir, "examples", "data", "web-sample")).filter((f) => f !== "README.md")) {
    const path = join(dir, "examples", "data", "web-sample", f);
    inputs += f.endsWith(".parquet") ? Number((await parquetMetadataAsync(await asyncBufferFromFile(path))).num_rows) : readRecords(path).length;
  }
  const kept = readAllRecords(join(run, "output"));
  const removed = readAllRecords(join(run, "removed"));
  const errors = readAllRecords(join(run, "errors"));
  const stats = JSON.parse(readFileSync(join(run, "stats.json"), "utf8"));
  assert.equal(stats.read, inputs);
  assert.equal(stats.kept, kept.length);
  assert.equal(stats.errors, errors.length);
  assert.equal(stats.read, kept.length + removed.length + errors.length);
  assert.equal(stats.ledger.ok, true);
  for (const doc of removed) assert.ok(doc.metadata.removed_by.step && doc.metadata.removed_by.reason);
  // Each document ends in exactly one place.
  const ids = [...kept, ...removed].map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length);

  const inspect = cli(["inspect", run, "--step", "length", "-n", "2"], dir);
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.match(inspect.stdout, /removed: too_few_words/);
});

test("the README's pipeline example is valid and is the bundled quickstart", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
  const cfg = parsePipeline(parse(block), join(ROOT, "examples"), "readme");
  const quickstart = loadPipeline(join(ROOT, "examples", "quickstart.yaml"));
  assert.deepEqual(cfg.steps, quickstart.steps);
  assert.deepEqual(cfg.input, quickstart.input);
  assert.ok(readme.includes("npm ci && npx winnow run examples/quickstart.yaml"));
  assert.ok(readme.includes("\nnpm test"));
});
