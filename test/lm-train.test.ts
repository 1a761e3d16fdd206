/**
 * `winnow train lm` against known answers: an interpolated modified Kneser-Ney estimator
 * written independently in Python (test/fixtures/lm/mkn_reference.py, standard library only)
 * computes every n-gram's log10 probability and backoff on the same sentences; winnow's ARPA
 * must list exactly the same n-grams with the same numbers (1e-4). Also: the ARPA is a proper
 * model (Σ_w P(w | h) = 1 for sampled contexts through winnow's scorer), output is
 * byte-identical across runs and input order of equal content, JSONL + gzip in/out, clear errors.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { readArpa } from "../src/lm/arpa.js";
import { lmWords } from "../src/lm/tokenize.js";
import { ROOT, SHARED_DATA, cli, hasSharedData, makeText, readAllRecords, tmpDir } from "./helpers.js";

const REFERENCE = join(ROOT, "test", "fixtures", "lm", "mkn_reference.py");
const hasPython = spawnSync("python3", ["--version"]).status === 0;

/** ARPA text → n-gram → [log10 p, log10 bow | null]. */
function parseArpa(text: string): { counts: number[]; ngrams: Map<string, [number, number | null]> } {
  const counts: number[] = [];
  const ngrams = new Map<string, [number, number | null]>();
  let k = 0;
  for (const line of text.split("\n")) {
    const header = /^ngram (\d+)=(\d+)$/.exec(line);
    if (header) counts.push(Number(header[2]));
    const section = /^\\(\d+)-grams:$/.exec(line);
    if (section) k = Number(section[1]);
    else if (k > 0 && line.includes("\t")) {
      const f = line.split("\t");
      assert.equal(f[1].split(" ").length, k, line);
      ngrams.set(f[1], [Number(f[0]), f.length > 2 ? Number(f[2]) : null]);
    }
  }
  return { counts, ngrams };
}

function sentencesOf(text: string): string[] {
  return text.split("\n").map((l) => lmWords(l).join(" ")).filter(Boolean);
}

function compareWithReference(dir: string, sentences: string[], order: number): string {
  const input = join(dir, `corpus-${order}.txt`);
  writeFileSync(input, sentences.join("\n") + "\n");
  const arpa = join(dir, `model-${order}.arpa`);
  const r = cli(["train", "lm", input, "-o", arpa, "--order", String(order)]);
  assert.equal(r.status, 0, r.stderr);
  const py = spawnSync("python3", [REFERENCE, input, String(order)], { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(py.status, 0, py.stderr);
  const ref = JSON.parse(py.stdout) as { discounts: number[][]; ngrams: Record<string, [number, number | null]> };
  const ours = parseArpa(readFileSync(arpa, "utf8"));
  const refKeys = Object.keys(ref.ngrams);
  assert.equal(ours.ngrams.size, refKeys.length, "same number of n-grams");
  assert.equal(ours.counts.reduce((a, b) => a + b, 0), refKeys.length, "header counts match the n-grams");
  let maxDiff = 0;
  for (const key of refKeys) {
    const mine = ours.ngrams.get(key);
    assert.ok(mine, `winnow lacks the n-gram "${key}"`);
    const [p, b] = ref.ngrams[key];
    const dp = Math.abs(mine[0] - p);
    assert.ok(dp <= 1e-4, `log10 P(${key}): winnow ${mine[0]}, reference ${p}`);
    if (b === null) assert.equal(mine[1], null, `"${key}" is no context, so it has no backoff`);
    else {
      assert.ok(mine[1] !== null && Math.abs(mine[1] - b) <= 1e-4, `log10 bow(${key}): winnow ${mine[1]}, reference ${b}`);
      maxDiff = Math.max(maxDiff, Math.abs(mine[1] - b));
    }
    maxDiff = Math.max(maxDiff, dp);
  }
  const printed = [...r.stdout.matchAll(/D1 ([\d.]+) D2 ([\d.]+) D3\+ ([\d.]+)/g)].map((m) => m.slice(1).map(Number));
  assert.equal(printed.length, order);
  printed.forEach((d, i) => d.forEach((x, j) => assert.ok(Math.abs(x - ref.discounts[i][j]) < 1e-4, `order ${i + 1} D${j + 1}`)));
  console.log(`lm-train: order ${order}, ${sentences.length} sentences, ${refKeys.length} n-grams equal to the Python reference, max |Δ| ${maxDiff.toExponential(2)}`);
  return r.stdout;
}

test("lm train: every log10 prob and backoff equals an independent Python MKN (order 4, real text)", { skip: !hasPython && "python3 is missing" }, () => {
  const dir = tmpDir("winnow-lm-train-");
  const text = hasSharedData ? readFileSync(join(SHARED_DATA, "E-webtext", "wikitext-2", "valid.txt"), "utf8").split("\n").slice(0, 250).join("\n") : makeText(7, 30_000);
  compareWithReference(dir, sentencesOf(text), 4);
});

test("lm train: tiny corpus uses the fallback discounts, as the reference does (order 3)", { skip: !hasPython && "python3 is missing" }, () => {
  const dir = tmpDir("winnow-lm-train-");
  const out = compareWithReference(dir, ["a b c", "a b d", "b c a b", "c"], 3);
  assert.match(out, /order 3: D1 0\.5000 D2 1\.0000 D3\+ 1\.5000 \(fallback/);
});

test("lm train: a proper distribution, deterministic output, JSONL and gzip, clear errors", async () => {
  const dir = tmpDir("winnow-lm-train-");
  const text = makeText(3, 6000);
  const lines = text.split("\n");
  writeFileSync(join(dir, "a.txt"), text);
  // The same sentences as JSONL documents of three lines each, gzipped.
  const docs: string[] = [];
  for (let i = 0; i < lines.length; i += 3) docs.push(JSON.stringify({ body: lines.slice(i, i + 3).join("\n"), id: i }));
  writeFileSync(join(dir, "a.jsonl.gz"), gzipSync(docs.join("\n") + "\n"));
  assert.equal(cli(["train", "lm", join(dir, "a.txt"), "-o", join(dir, "a.arpa"), "-n", "3"]).status, 0);
  const again = cli(["train", "lm", join(dir, "a.jsonl.gz"), "--text-key", "body", "-o", join(dir, "b.arpa.gz"), "-n", "3"]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(gunzipSync(readFileSync(join(dir, "b.arpa.gz"))).toString(), readFileSync(join(dir, "a.arpa"), "utf8"), "same sentences, same bytes");

  // Σ_w P(w | h) = 1 over the vocabulary (every word but <s>), for contexts seen and unseen,
  // with the ARPA backoff rule applied here: P(w | h) = p(h w) if listed, else bow(h) · P(w | h[1:]).
  const { ngrams } = parseArpa(readFileSync(join(dir, "a.arpa"), "utf8"));
  const vocab = [...ngrams.keys()].filter((g) => !g.includes(" ") && g !== "<s>");
  const log10P = (h: string[], w: string): number => {
    const listed = ngrams.get([...h, w].join(" "));
    if (listed) return listed[0];
    return (ngrams.get(h.join(" "))?.[1] ?? 0) + log10P(h.slice(1), w);
  };
  for (const h of [[], ["<s>"], ["the"], ["<s>", "the"], ["the", "data"], ["data", "data"], ["curation", "."], ["zzz", "the"]]) {
    const sum = vocab.reduce((acc, w) => acc + 10 ** log10P(h, w), 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `Σ P(w | ${h.join(" ")}) = ${sum}`);
  }
  // readArpa loads it, and the scorer agrees with the rule above.
  const model = await readArpa(join(dir, "b.arpa.gz"));
  const s = ["the", "data", "zzz", "model"];
  const expected = log10P(["<s>"], "the") + log10P(["<s>", "the"], "data") + log10P(["the", "data"], "<unk>") + log10P(["data", "<unk>"], "model") + log10P(["<unk>", "model"], "</s>");
  assert.ok(Math.abs(model.score(s).log10Prob - expected) < 1e-5);

  const bad = cli(["train", "lm", join(dir, "missing.txt"), "-o", join(dir, "x.arpa")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /missing\.txt/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
  writeFileSync(join(dir, "bad.jsonl"), '{"text": "ok"}\n{"text": 3}\n');
  const badJson = cli(["train", "lm", join(dir, "bad.jsonl"), "-o", join(dir, "x.arpa")]);
  assert.equal(badJson.status, 2);
  assert.match(badJson.stderr, /bad\.jsonl:2: no string field "text"/);
  writeFileSync(join(dir, "bad.txt.gz"), "not gzip");
  const badGz = cli(["train", "lm", join(dir, "bad.txt.gz"), "-o", join(dir, "x.arpa")]);
  assert.equal(badGz.status, 2);
  assert.match(badGz.stderr, /bad\.txt\.gz: incorrect header check/);
  assert.equal(cli(["train", "lm", join(dir, "a.txt"), "-o", join(dir, "x.arpa"), "-n", "0"]).status !== 0, true);
});


test("lm train: the README's CCNet example trains a model and runs the pipeline", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Perplexity filtering (CCNet)"));
  const command = /```sh\nnpx winnow (train lm .*)\n```/.exec(section)![1].split(/\s+/);
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  const dir = tmpDir("winnow-lm-readme-");
  mkdirSync(join(dir, "wiki"));
  mkdirSync(join(dir, "data", "cc"), { recursive: true });
  mkdirSync(join(dir, "models"));
  writeFileSync(join(dir, "wiki", "en.txt"), makeText(11, 20_000));
  const trained = cli(command, dir);
  assert.equal(trained.status, 0, trained.stderr);
  const docs = [
    { id: "fluent", text: "The data model of the web text is a pipeline. The quality of the crawl is in the text." },
    { id: "noise", text: "zq xv 9w ## kk @@ lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore" },
  ];
  writeFileSync(join(dir, "data", "cc", "a.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  writeFileSync(join(dir, "ccnet.yaml"), yaml);
  const run = cli(["run", "ccnet.yaml", "-w", "1", "--progress", "off"], dir);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const kept = readAllRecords(join(dir, "runs", "ccnet", "output"));
  assert.deepEqual(kept.map((d) => d.id), ["fluent"], "the noisy document is above max_perplexity");
  assert.ok(kept[0].metadata.perplexity < 1500 && ["head", "middle", "tail"].includes(kept[0].metadata.ppl_bucket));
});
