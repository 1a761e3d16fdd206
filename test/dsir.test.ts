import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { parsePipeline } from "../src/config/load.js";
import { BucketCounts, DsirModel, dsirWeight, forEachNgramBucket, selectionKey } from "../src/dsir/index.js";
import { doc, runFilter } from "./filters-helpers.js";
import { ROOT, SHARED_DATA, cli, hasSharedData, readAllRecords, tmpDir, treeHashes, writeJsonl, writePipeline } from "./helpers.js";

/**
 * The feature definition of src/dsir/ngram-hash.ts written again in Python from its doc
 * comment (standard library only): classes from unicodedata categories, FNV-1a over UTF-16
 * code units, fmix32, unigrams then the bigram each token ends.
 */
const PYTHON_FEATURES = `
import json, sys, unicodedata
def fmix32(h):
    h ^= h >> 16; h = (h * 0x85ebca6b) & 0xffffffff
    h ^= h >> 13; h = (h * 0xc2b2ae35) & 0xffffffff
    return h ^ (h >> 16)
def cls(u):
    if 0xD800 <= u <= 0xDFFF: return 2
    ch = chr(u)
    cat = unicodedata.category(ch)
    if u in (9, 10, 11, 12, 13, 0xFEFF) or cat in ("Zs", "Zl", "Zp"): return 0
    if cat[0] in "LNM" or ch == "_": return 1
    return 2
def low(u):
    if 0xD800 <= u <= 0xDFFF: return u
    l = chr(u).lower()
    return ord(l) if len(l) == 1 and ord(l) < 0x10000 else u
def fnv(units, h=0x811c9dc5):
    for u in units: h = ((h ^ u) * 0x01000193) & 0xffffffff
    return h
def tokens(text):
    b = text.encode("utf-16-le", "surrogatepass")
    units = [b[i] | (b[i + 1] << 8) for i in range(0, len(b), 2)]
    out, cur, c = [], [], 0
    for u in units:
        k = cls(u)
        if k != c and c != 0: out.append(cur); cur = []
        c = k
        if k: cur.append(low(u))
    if cur: out.append(cur)
    return out
def buckets(text, n):
    out, prev = [], None
    for t in tokens(text):
        out.append(fmix32(fnv(t)) % n)
        if prev is not None: out.append(fmix32(fnv(prev + [32] + t)) % n)
        prev = t
    return out
texts = json.load(sys.stdin)
print(json.dumps([buckets(t, 10000) for t in texts]))
`;

const SAMPLES = [
  "",
  "   ",
  "Hello, World!",
  "The  QUICK brown fox -- jumps over the lazy dog...",
  "don't stop: e-mail me at Foo_Bar@example.com (or +1 555-0100)!!!",
  "Ünïcödé ÅNGSTRÖM straße İstanbul ΣΊΣΥΦΟΣ ǅemal",
  "数据选择 の 重要度 サンプリング 한국어 텍스트",
  "emoji 😀😀 and 𝐛𝐨𝐥𝐝 astral letters, tabs\tand\nnewlines\r\n",
  "non\u00a0breaking\u2003em\u3000space\ufeffbom",
  "combining e\u0301 marks and ١٢٣ digits ½ ²",
];

function tsBuckets(text: string): number[] {
  const out: number[] = [];
  forEachNgramBucket(text, 10000, (b) => out.push(b));
  return out;
}

test("hashed n-gram features equal an independent Python implementation", { skip: !hasSharedData && "no ../shared/data" }, () => {
  const texts = [...SAMPLES];
  const wiki = readFileSync(join(SHARED_DATA, "E-webtext/wikitext-2/test.txt"), "utf8").split("\n").filter((l) => l.trim().length > 0);
  texts.push(...wiki.slice(0, 60));
  for (const line of readFileSync(join(SHARED_DATA, "E-webtext/dclm-quality-annotations/agreement_data.jsonl"), "utf8").split("\n").slice(0, 40)) {
    if (line) texts.push(JSON.parse(line).text);
  }
  const py = spawnSync("python3", ["-c", PYTHON_FEATURES], { input: JSON.stringify(texts), encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(py.status, 0, py.stderr);
  const want = JSON.parse(py.stdout) as number[][];
  let ngrams = 0;
  texts.forEach((t, i) => {
    assert.deepEqual(tsBuckets(t), want[i], `text ${i}: ${JSON.stringify(t.slice(0, 60))}`);
    ngrams += want[i].length;
  });
  assert.ok(ngrams > 20000, `only ${ngrams} n-grams compared`);
  // Word/punctuation split and lowercasing, visible without hashes: 3 tokens → 3 unigrams + 2 bigrams.
  assert.equal(tsBuckets("Hello, World").length, 5);
  assert.deepEqual(tsBuckets("HELLO world"), tsBuckets("hello   World"));
});

test("importance log-weight on a hand-computed example", () => {
  const [a, b, ab, aa, c] = [tsBuckets("a")[0], tsBuckets("b")[0], tsBuckets("a b")[2], tsBuckets("a a")[2], tsBuckets("c")[0]];
  assert.equal(new Set([a, b, ab, aa, c]).size, 5, "the example needs five distinct buckets");
  const target = new BucketCounts();
  target.add("A b"); // n-grams: a, b, "a b" → N = 3
  const raw = new BucketCounts();
  raw.add("c"); // N = 1
  const m = new DsirModel(target, raw);
  const B = 10000;
  // log p_t(a) − log p_r(a) = log(2 / (3 + B)) − log(1 / (1 + B))
  const la = Math.log(2 / (3 + B)) - Math.log(1 / (1 + B));
  const unseen = Math.log(1 / (3 + B)) - Math.log(1 / (1 + B));
  const lc = Math.log(1 / (3 + B)) - Math.log(2 / (1 + B));
  const close = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-12, `${x} != ${y}`);
  close(m.logWeight("a"), la);
  close(m.logWeight("a A"), 2 * la + unseen); // unigrams a, a; bigram "a a" unseen in both
  close(m.logWeight("a b"), 3 * la); // a, b, "a b" each seen once in the target, never in raw
  close(m.logWeight("c"), lc);
  close(m.logWeight(""), 0);
});

test("dsir_weight step: the saved model's weights into metadata, drop below min_log_weight", async () => {
  const target = new BucketCounts();
  target.add("A b");
  const raw = new BucketCounts();
  raw.add("c");
  const path = join(tmpDir(), "m.json");
  new DsirModel(target, raw).save(path);
  const B = 10000;
  const la = Math.log(2 / (3 + B)) - Math.log(1 / (1 + B));
  const r = await runFilter(dsirWeight, { model: path, min_log_weight: 0 }, [doc("a", "x"), doc("c", "y")]);
  assert.deepEqual(r.kept.map((d) => d.id), ["x"]);
  assert.ok(Math.abs((r.kept[0].metadata.dsir_log_weight as number) - la) < 1e-12);
  assert.equal(r.rejected[0].reason, "low_dsir_weight");
  assert.ok((r.rejected[0].doc.metadata.dsir_log_weight as number) < 0);
});

test("Gumbel top-1 picks each document with probability ∝ exp(log-weight)", () => {
  const w = [0, Math.log(2), Math.log(5)]; // expected shares 1/8, 2/8, 5/8
  const wins = [0, 0, 0];
  const n = 8000;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestKey = -Infinity;
    for (let d = 0; d < 3; d++) {
      const key = selectionKey(w[d], i, `doc-${d}`);
      if (key > bestKey) [best, bestKey] = [d, key];
    }
    wins[best]++;
  }
  [1 / 8, 2 / 8, 5 / 8].forEach((p, d) => {
    const sd = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(wins[d] / n - p) < 5 * sd, `doc ${d}: ${wins[d] / n} vs ${p}`);
  });
});

interface Row {
  id: string;
  text: string;
}

/** WikiText-2 valid paragraphs (wiki-like) mixed with DCLM-annotated web pages, shuffled, in 2 files. */
function rawCorpus(dir: string): Row[] {
  const wiki = readFileSync(join(SHARED_DATA, "E-webtext/wikitext-2/valid.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.split(" ").length >= 40 && !l.startsWith("="))
    .slice(0, 300);
  const web = ["majority_data.jsonl", "agreement_data.jsonl"].flatMap((f) =>
    readFileSync(join(SHARED_DATA, "E-webtext/dclm-quality-annotations", f), "utf8")
      .split("\n")
      .filter((l) => l)
      .map((l) => JSON.parse(l).text as string),
  );
  const rows: Row[] = [...wiki.map((text, i) => ({ id: `wiki-${i}`, text })), ...web.map((text, i) => ({ id: `web-${i}`, text }))];
  // Deterministic interleaving by a hash of the id, so both kinds are spread over every task.
  const h = (id: string) => createHash("sha256").update(id).digest().readUInt32BE(0);
  rows.sort((x, y) => h(x.id) - h(y.id));
  writeJsonl(join(dir, "raw-0.jsonl"), rows.slice(0, 500));
  writeJsonl(join(dir, "raw-1.jsonl"), rows.slice(500));
  return rows;
}

/** The selection key as src/dsir/gumbel.ts documents it, from node:crypto directly. */
function referenceKey(logWeight: number, seed: number, id: string): number {
  const d = createHash("sha256").update(`${seed}\0dsir\0${id}`).digest();
  const u = (d.readUInt32BE(0) * 2 ** 21 + (d.readUInt32BE(4) >>> 11)) / 2 ** 53 + 2 ** -54;
  return logWeight - Math.log(-Math.log(u));
}

const pipeline = (select: string, output: string, seed = 7) => `
input: { paths: ["raw-*.jsonl"] }
output: ${output}
seed: ${seed}
tasks: { max_bytes: 250kB }
steps:
  - dsir: { model: model.json, ${select} }
  - write: { format: jsonl }
`;

test("dsir fit + dsir step: exact k, target-like documents preferred, top-k of the keys, same for 1 and 2 workers, seeds, annotate", { skip: !hasSharedData && "no ../shared/data" }, () => {
  const dir = tmpDir();
  const rows = rawCorpus(dir);
  const wikiShare = rows.filter((r) => r.id.startsWith("wiki")).length / rows.length;
  const fit = cli(["dsir", "fit", "--target", join(SHARED_DATA, "E-webtext/wikitext-2/test.txt"), "--raw", "raw-0.jsonl", "raw-1.jsonl", "-o", "model.json"], dir);
  assert.equal(fit.status, 0, fit.stderr);
  const model = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  assert.equal(model.raw.docs, rows.length);
  assert.equal(model.target.counts.length, 10000);

  const k = 250;
  const hashes: Record<string, string>[] = [];
  for (const w of ["1", "2"]) {
    const r = cli(["run", writePipeline(dir, pipeline(`k: ${k}`, "run")), "--restart", "--progress", "off", "-w", w], dir);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    hashes.push(treeHashes(join(dir, "run")));
  }
  assert.deepEqual(hashes[1], hashes[0]);
  assert.ok(Object.keys(hashes[0]).filter((f) => f.startsWith("output/")).length > 1, "expected several tasks");

  const kept = readAllRecords(join(dir, "run", "output"));
  const removed = readAllRecords(join(dir, "run", "removed", "dsir"));
  assert.equal(kept.length, k);
  assert.equal(kept.length + removed.length, rows.length);
  for (const d of removed) assert.equal(d.metadata.removed_by.reason, "not_selected");
  const share = kept.filter((d) => d.id.startsWith("wiki")).length / k;
  console.log(`wiki-like share: base ${wikiShare.toFixed(3)}, selected ${share.toFixed(3)}`);
  assert.ok(wikiShare < 0.35 && share > 0.9, `selected wiki share ${share} (base ${wikiShare})`);

  // The selection is exactly the k largest keys, keys recomputed from the written weights.
  const keys = [...kept, ...removed].map((d) => ({ id: d.id, key: referenceKey(d.metadata.dsir_log_weight, 7, d.id), kept: !d.metadata.removed_by }));
  keys.sort((x, y) => y.key - x.key);
  assert.deepEqual(keys.slice(0, k).every((x) => x.kept), true);
  // The written weights are the model's.
  const m = DsirModel.load(join(dir, "model.json"));
  for (const d of kept.slice(0, 20)) assert.equal(d.metadata.dsir_log_weight, m.logWeight(d.text));

  // annotate: the same documents marked, none removed; another seed (and the same count as a fraction) → another selection.
  const run = (select: string, out: string, seed: number) => {
    const r = cli(["run", writePipeline(dir, pipeline(select, out, seed), `${out}.yaml`), "--progress", "off", "-w", "2"], dir);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    return readAllRecords(join(dir, out, "output"));
  };
  const annotated = run(`k: ${k}, annotate: true`, "annotated", 7);
  assert.equal(annotated.length, rows.length);
  const ids = (docs: Record<string, any>[]) => docs.map((d) => d.id as string).sort();
  assert.deepEqual(ids(annotated.filter((d) => d.metadata.dsir_selected === true)), ids(kept));
  const fraction = k / rows.length + 0.0001; // rounds to k
  const other = run(`fraction: ${fraction}`, "other-seed", 8);
  assert.equal(other.length, k);
  assert.notDeepEqual(ids(other), ids(kept));
  assert.ok(other.filter((d) => d.id.startsWith("wiki")).length / k > 0.9);
});

test("dsir: config and model errors name the key or file", () => {
  const dir = tmpDir();
  writeJsonl(join(dir, "raw-0.jsonl"), [{ id: "x", text: "some text" }]);
  const both = cli(["run", writePipeline(dir, pipeline("k: 3, fraction: 0.5", "r1")), "--progress", "off"], dir);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /dsir.*k.*exactly one of k and fraction/s);
  const missing = cli(["run", writePipeline(dir, pipeline("k: 3", "r2"), "p2.yaml"), "--progress", "off"], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /steps\[0\]\.dsir\.model: no such file or folder: .*model\.json/);
  assert.doesNotMatch(missing.stdout + missing.stderr, /\n\s+at /);
  const fit = cli(["dsir", "fit", "--target", "nope.txt", "--raw", "raw-0.jsonl", "-o", "m.json"], dir);
  assert.equal(fit.status, 2);
  assert.match(fit.stderr, /nope\.txt/);
});

test("the README's DSIR pipeline is valid", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Selecting data like a target (DSIR)"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  const cfg = parsePipeline(parse(block), ROOT, "readme");
  assert.deepEqual(
    cfg.steps.map((s) => s.step),
    ["dsir", "write"],
  );
});
