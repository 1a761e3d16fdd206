import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pipelineJsonSchema } from "../src/config/json-schema.js";
import { parsePipeline } from "../src/config/load.js";
import { ROOT, cli, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

const base = { input: { paths: "x.jsonl" }, output: "run" };
const problems = (raw: unknown): string[] => {
  try {
    parsePipeline(raw, "/tmp", "t");
  } catch (err) {
    return (err as Error).message.split("\n").slice(1).map((l) => l.trim());
  }
  return [];
};

test("every config problem names its path and what was expected", () => {
  assert.deepEqual(problems({ ...base, steps: [{ length: { min_words: "ten" } }] }), ['steps[0].length.min_words: expected integer, got "ten"']);
  assert.deepEqual(problems({ ...base, steps: [{ length: { min_word: 3 } }] }), [
    'steps[0].length: unknown key "min_word" (valid keys: min_chars, max_chars, min_words, max_words, annotate)',
  ]);
  const unknown = problems({ ...base, steps: [{ lenth: {} }] });
  assert.match(unknown[0], /^steps\[0\]: unknown step "lenth" \(valid steps: .*length.*\)$/);
  assert.deepEqual(problems({ input: { paths: "x", format: "csv" }, output: 5, seed: 1.5, steps: [{ sample: { rate: 2 } }] }), [
    'input.format: expected one of "jsonl", "jsonl.gz", "jsonl.zst", "parquet", "warc", "wet", "arc", got "csv"',
    "output: expected string, got 5",
    "seed: expected integer, got 1.5",
    "steps[0].sample.rate: expected a number ≤ 1, got 2",
  ]);
  assert.deepEqual(problems({ ...base, tasks: { max_bytes: "12 parsecs" }, steps: [{ length: {} }] }), [
    'tasks.max_bytes: expected a size such as 64MB, 1GiB or 1000000, got "12 parsecs"',
  ]);
  assert.deepEqual(problems({ ...base, steps: [{ write: {} }, { length: {} }] }), ["steps[0].write: write must be the last step"]);
  assert.deepEqual(problems({ ...base, steps: [{ length: {}, sample: { rate: 1 } }] }), [
    'steps[0]: expected a mapping with one key, the step name (e.g. "- length: {min_words: 50}")',
  ]);
  assert.match(problems({ ...base, steps: [] })[0], /^steps: expected at least 1 item/);
});

test("defaults are filled in, a final write is added, repeated steps get distinct names", () => {
  const cfg = parsePipeline({ ...base, steps: [{ length: { min_words: 5 } }, { length: null }] }, "/data", "t");
  assert.deepEqual(cfg.steps.map((s) => s.instance), ["length", "length_2", "write"]);
  assert.deepEqual(cfg.steps[2].options, { format: "jsonl.zst", max_file_bytes: 1e9 });
  assert.equal(cfg.output, "/data/run");
  assert.equal(cfg.tasks.max_bytes, 64e6);
  assert.equal(cfg.input.max_doc_bytes, 16e6);
});

test("winnow validate: exit 2 and a readable message, no stack trace", () => {
  const dir = tmpDir();
  const file = writePipeline(dir, "input: {paths: x.jsonl}\noutput: r\nsteps:\n  - length: {min_words: ten}\n");
  const r = cli(["validate", file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /steps\[0\]\.length\.min_words: expected integer, got "ten"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const yaml = cli(["validate", writePipeline(dir, "input: [unclosed\n", "bad.yaml")]);
  assert.equal(yaml.status, 2);
  assert.match(yaml.stderr, /invalid YAML/);
  assert.equal(cli(["validate", join(ROOT, "examples", "quickstart.yaml"), "--quiet"]).status, 0);
});

test("schema/pipeline.schema.json is up to date (regenerate: winnow schema > schema/pipeline.schema.json)", () => {
  const committed: any = JSON.parse(readFileSync(join(ROOT, "schema", "pipeline.schema.json"), "utf8"));
  const stepNames = committed.properties.steps.items.oneOf.map((s: { required: string[] }) => s.required[0]);
  assert.deepEqual(committed, pipelineJsonSchema());
  assert.ok(stepNames.includes("length") && stepNames.includes("write"));
});

test("file options of steps are resolved against the pipeline file's folder", () => {
  const cfg = parsePipeline(
    {
      ...base,
      steps: [
        { language: { model: "models/lid.ftz" } },
        { url_filter: { block_domains: ["lists/a.txt", "/abs/b.txt"], word_files: { banned_words: ["w.txt"] } } },
        { bad_words: { lists_dir: "ldnoobw" } },
      ],
    },
    "/data/project",
    "t",
  );
  assert.equal(cfg.steps[0].options.model, "/data/project/models/lid.ftz");
  assert.deepEqual(cfg.steps[1].options.block_domains, ["/data/project/lists/a.txt", "/abs/b.txt"]);
  assert.deepEqual((cfg.steps[1].options.word_files as { banned_words: string[] }).banned_words, ["/data/project/w.txt"]);
  assert.equal(cfg.steps[2].options.lists_dir, "/data/project/ldnoobw");
});

test("a file a step reads that does not exist: exit 2 before any task, naming the step and the path", () => {
  const dir = tmpDir();
  writeJsonl(join(dir, "in.jsonl"), [{ text: "one two three" }]);
  const file = writePipeline(dir, "input: {paths: in.jsonl}\noutput: run\nsteps:\n  - length: {min_words: 1}\n  - classifier: {model: models/quality.bin, label: hq}\n");
  const r = cli(["run", file, "--progress", "off"]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`steps\\[1\\]\\.classifier\\.model: no such file or folder: ${join(dir, "models", "quality.bin")}`));
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.ok(!existsSync(join(dir, "run", "completions")) || readdirSync(join(dir, "run", "completions")).length === 0, "no task ran");
});
