import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { parsePipeline, registry, runPipeline, stepNames } from "winnow";
import { makeText, tmpDir, writeJsonl } from "./helpers.js";

test("the library API (import from \"winnow\") runs a pipeline like the CLI", async () => {
  const dir = tmpDir();
  writeJsonl(join(dir, "in.jsonl"), Array.from({ length: 200 }, (_, i) => ({ text: makeText(i, i % 40) })));
  const cfg = parsePipeline(
    { input: { paths: "in.jsonl" }, output: "run", steps: [{ length: { min_words: 20 } }, { write: { format: "parquet" } }] },
    dir,
    "lib",
  );
  const summary = await runPipeline(cfg, { workers: 1 });
  assert.equal(summary.totals.read, 200);
  assert.equal(summary.totals.kept + (summary.totals.removed.length?.too_few_words ?? 0), 200);
  assert.ok(summary.totals.kept > 0);
  assert.ok(stepNames().includes("write"));
});

test("the registry finds every step it names, each under its own name, and nothing else", () => {
  const names = stepNames();
  assert.ok(names.length > 20);
  for (const name of names) assert.equal(registry.get(name)?.name, name);
  assert.deepEqual([...registry.keys()].sort(), names);
  assert.equal(registry.get("no_such_step"), undefined);
  assert.equal(registry.has("toString"), false); // not fooled by Object.prototype
});
