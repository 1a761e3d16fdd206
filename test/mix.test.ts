import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { before, test } from "node:test";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { parse } from "yaml";
import { computeOptimal, parseParams } from "../src/mix/budget.js";
import { loadMix, validateMix } from "../src/mix/load.js";
import { ROOT, cli, readRecords, tmpDir } from "./helpers.js";

/**
 * The README's mix example end to end, on a copy of examples/: the quickstart run is the "web"
 * source, WikiText-2 and StackExchange files the others. Everything the report claims is
 * recomputed here from the output files with independent code: zstd decoded in one shot,
 * tokens counted with gpt-tokenizer itself (not winnow's cached encoder), the remainder chosen
 * by sorting every document (not winnow's two-pass histogram).
 */

const dir = tmpDir();
let stdout = "";
const ex = () => join(dir, "examples");
const mixDir = (name = "web-wiki-qa") => join(ex(), "mixes", name);
const report = (name?: string) => JSON.parse(readFileSync(join(mixDir(name), "mix-report.json"), "utf8"));
const mixDocs = (name?: string) => readdirSync(mixDir(name)).filter((f) => /^mix-\d{5}\.jsonl\.zst$/.test(f)).sort().flatMap((f) => readRecords(join(mixDir(name), f)));
const counted = new Map<string, number>();
/** Tokens of a text by gpt-tokenizer itself, remembered: the tests count the same texts again. */
const libTokens = (text: string) => {
  let n = counted.get(text);
  if (n === undefined) counted.set(text, (n = cl100k.encode(text, { disallowedSpecial: new Set() }).length));
  return n;
};

/** Writes a variant of examples/mix.yaml beside it; `edit` rewrites its text; token files only when `tokens`. */
function variant(name: string, edit: (yaml: string) => string, tokens = false): string {
  const file = join(ex(), `${name}.yaml`);
  let yaml = edit(readFileSync(join(ex(), "mix.yaml"), "utf8")).replace("dir: mixes/web-wiki-qa", `dir: mixes/${name}`);
  if (!tokens) yaml = yaml.replace(/^ +tokens:.*$/m, "");
  writeFileSync(file, yaml);
  return `examples/${name}.yaml`;
}

function mix(file: string, ...args: string[]) {
  const r = cli(["mix", file, ...args], dir);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r;
}

/** Every document of each source, independently read: source name → documents in file order. */
function sourceDocs(): Map<string, Record<string, any>[]> {
  const run = join(ex(), "runs", "quickstart", "output");
  return new Map([
    ["web", readdirSync(run).sort().flatMap((f) => readRecords(join(run, f)))],
    ["wikipedia", readRecords(join(ex(), "data", "wikitext-2", "valid.jsonl.zst"))],
    ["qa", readRecords(join(ex(), "data", "stack-exchange", "stack-exchange.jsonl.zst"))],
  ]);
}

before(() => {
  cpSync(join(ROOT, "examples"), ex(), { recursive: true, filter: (p) => !p.includes(`examples${sep}runs`) && !p.includes(`examples${sep}mixes`) });
  const run = cli(["run", "examples/quickstart.yaml", "--progress", "off"], dir);
  assert.equal(run.status, 0, run.stderr);
  const r = mix("examples/mix.yaml");
  stdout = r.stdout;
  assert.match(r.stdout, /source\s+asked\s+achieved/);
  assert.match(r.stdout, /wikipedia\s+30\.00%/);
});

test("achieved proportions, recomputed from the output with the tokenizer library, match the report and the ask", () => {
  const rep = report();
  const docs = mixDocs();
  const used = new Map<string, number>();
  const maxDoc = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const d of docs) {
    const key = `${d.metadata.mix.source}\0${d.id}`;
    const n = seen.get(key) ?? libTokens(d.text);
    seen.set(key, n);
    used.set(d.metadata.mix.source, (used.get(d.metadata.mix.source) ?? 0) + n);
  }
  for (const [name, list] of sourceDocs()) maxDoc.set(name, Math.max(...list.map((d) => seen.get(`${name}\0${d.id}`) ?? libTokens(d.text))));
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  assert.equal(rep.used_tokens, total);
  assert.equal(rep.output.documents, docs.length);
  for (const s of rep.sources) {
    assert.equal(s.used_tokens, used.get(s.name), `${s.name}: used tokens`);
    // Quotas are met by whole documents: the overshoot is less than one document of the source.
    assert.ok(s.used_tokens >= s.asked_tokens && s.used_tokens < s.asked_tokens + maxDoc.get(s.name)!, `${s.name}: ${s.used_tokens} for ${s.asked_tokens}`);
    // Stated tolerance: achieved share within (largest document) / budget of the asked share.
    assert.ok(Math.abs(used.get(s.name)! / total - s.asked_proportion) <= maxDoc.get(s.name)! / rep.total_tokens, `${s.name}: achieved ${used.get(s.name)! / total}`);
  }
});

test("epochs: whole repeats of every document, then the remainder by sha256 ranking of (seed, source, id)", () => {
  const rep = report();
  const copies = new Map<string, number[]>();
  const text = new Map<string, string>();
  for (const d of mixDocs()) {
    const key = `${d.metadata.mix.source}\0${d.id}`;
    copies.set(key, [...(copies.get(key) ?? []), d.metadata.mix.repeat]);
    text.set(key, d.text);
  }
  for (const [name, docs] of sourceDocs()) {
    const s = rep.sources.find((x: { name: string }) => x.name === name);
    const tokens = docs.map((d) => libTokens(d.text));
    const available = tokens.reduce((a, b) => a + b, 0);
    assert.equal(s.available_tokens, available, `${name}: available`);
    const full = Math.floor(s.asked_tokens / available);
    assert.equal(s.full_epochs, full);
    // Independent selection: sort every document by its 48-bit key, take until the remainder is met.
    const remainder = s.asked_tokens - full * available;
    const ranked = docs
      .map((d, i) => ({ id: d.id, i, key: createHash("sha256").update(`mix-select\0${rep.seed}\0${name}\0${d.id}`).digest().readUIntBE(0, 6) }))
      .sort((a, b) => a.key - b.key || a.i - b.i);
    const extra = new Set<string>();
    let sum = 0;
    for (const r of ranked) {
      if (sum >= remainder) break;
      extra.add(r.id);
      sum += tokens[r.i];
    }
    for (const [i, d] of docs.entries()) {
      const want = full + (extra.has(d.id) ? 1 : 0);
      const got = copies.get(`${name}\0${d.id}`) ?? [];
      assert.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: want }, (_, j) => j), `${name} ${d.id}: copies`);
      if (want) assert.equal(text.get(`${name}\0${d.id}`), d.text);
      void i;
    }
    assert.equal(s.used_documents, full * docs.length + extra.size);
  }
  // Nothing else is in the mix.
  const known = new Set([...sourceDocs()].flatMap(([n, ds]) => ds.map((d) => `${n}\0${d.id}`)));
  for (const k of copies.keys()) assert.ok(known.has(k), k);
});

test("the Megatron token files hold the jsonl documents in the same shuffled order, sources interleaved", () => {
  const docs = mixDocs();
  const idx = readFileSync(join(mixDir(), "tokens", "mix.idx"));
  assert.equal(idx.toString("latin1", 0, 9), "MMIDIDX\x00\x00");
  const n = Number(idx.readBigUInt64LE(18));
  assert.equal(n, docs.length);
  const bin = readFileSync(join(mixDir(), "tokens", "mix.bin"));
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const len = libTokens(docs[i].text);
    assert.equal(idx.readInt32LE(34 + 4 * i), len + 1, `document ${i}: length with EOS`);
    if (i < 20) {
      const ids = cl100k.encode(docs[i].text, { disallowedSpecial: new Set() });
      for (let t = 0; t < ids.length; t++) assert.equal(bin.readUInt32LE(offset + 4 * t), ids[t]);
    }
    assert.equal(bin.readUInt32LE(offset + 4 * len), 100257, "EOS");
    offset += 4 * (len + 1);
  }
  assert.equal(offset, bin.length);
  // Shuffled across sources: the first 60 documents are not all from one source, nor in source order.
  const firsts = new Set(docs.slice(0, 60).map((d) => d.metadata.mix.source));
  assert.equal(firsts.size, 3);
});

test("count cache: a mix with other proportions reads no text to count; a touched file is recounted alone", () => {
  const file = variant("other", (y) => y.replace("{ web: 0.5, wikipedia: 0.3, qa: 0.2 }", "{ web: 0.2, wikipedia: 0.2, qa: 0.6 }"));
  mix(file);
  const rep = report("other");
  assert.deepEqual(rep.count_cache, { files_counted: 0, files_cached: 7, bytes_read: 0 });
  assert.deepEqual(rep.sources.map((s: any) => s.available_tokens), report().sources.map((s: any) => s.available_tokens));
  const wiki = join(ex(), "data", "wikitext-2", "valid.jsonl.zst");
  utimesSync(wiki, new Date(), new Date(Date.now() + 5000));
  // A changed input is refused on the same output folder unless --restart, as `winnow run` does.
  const refused = cli(["mix", file], dir);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /input changed.*valid\.jsonl\.zst was modified.*--restart/s);
  mix(file, "--restart");
  const again = report("other");
  assert.equal(again.count_cache.files_counted, 1);
  assert.equal(again.count_cache.files_cached, 6);
  assert.equal(again.count_cache.bytes_read, readFileSync(wiki).length);
  // The qa source at 0.6 of 1M tokens needs 6.6 epochs of its 91k: capped at max_epochs.
  const qa = again.sources.find((s: any) => s.name === "qa");
  assert.equal(qa.capped, true);
  assert.equal(qa.used_tokens, 4 * qa.available_tokens);
  assert.match(again.warnings.join("\n"), /qa: asked 600000 tokens, more than max_epochs \(4\)/);
});

const dataFiles = (d: string) => {
  const out: Record<string, string> = {};
  for (const f of readdirSync(d).filter((f) => /^mix-\d{5}/.test(f))) out[f] = createHash("sha256").update(readFileSync(join(d, f))).digest("hex");
  if (existsSync(join(d, "tokens"))) for (const f of readdirSync(join(d, "tokens"))) out[`tokens/${f}`] = createHash("sha256").update(readFileSync(join(d, "tokens", f))).digest("hex");
  return out;
};

test("same seed: byte-identical output, whatever the number of shuffle buckets; another seed: another mix", () => {
  // The same mix again, with 20 kB buckets: ~200 instead of 1; the order is the key order either way.
  mix(variant("buckets", (y) => y.replace("max_epochs: 4", "max_epochs: 4\nbucket_bytes: 20kB"), true));
  mix(variant("seed", (y) => y.replace("seed: 42", "seed: 7")));
  assert.ok(report("buckets").output.buckets > 50);
  const base = dataFiles(mixDir());
  assert.deepEqual(dataFiles(mixDir("buckets")), base);
  assert.notEqual(dataFiles(mixDir("seed"))["mix-00000.jsonl.zst"], base["mix-00000.jsonl.zst"]);
});

test("temperature sampling: proportions are n^alpha / sum n^alpha over the sources' token counts", () => {
  mix(variant("temp", (y) => y.replace(/^proportions:.*$/m, "temperature: { alpha: 0.3 }")));
  const rep = report("temp");
  const n = rep.sources.map((s: any) => s.available_tokens);
  const z = n.reduce((a: number, x: number) => a + x ** 0.3, 0);
  rep.sources.forEach((s: any, i: number) => {
    assert.ok(Math.abs(s.asked_proportion - n[i] ** 0.3 / z) < 1e-12, `${s.name}: ${s.asked_proportion}`);
    assert.equal(s.asked_tokens, Math.round((n[i] ** 0.3 / z) * 1e6));
  });
  assert.deepEqual(rep.proportions_from, { temperature_alpha: 0.3 });
});

test("DATASHEET.md: sizes, proportions, epochs, languages, licenses, and the source run's steps with thresholds", () => {
  const sheet = readFileSync(join(mixDir(), "DATASHEET.md"), "utf8");
  const rep = report();
  for (const s of rep.sources) {
    assert.ok(sheet.includes(`| ${s.name} |`), s.name);
    assert.ok(sheet.includes(`| ${s.documents} |`) && sheet.includes(`| ${s.available_tokens} |`) && sheet.includes(`| ${s.used_tokens} |`), `${s.name}: sizes`);
  }
  const run = JSON.parse(readFileSync(join(ex(), "runs", "quickstart", "run.json"), "utf8"));
  assert.ok(sheet.includes(run.config_hash));
  // Every step of the run with its resolved options: the thresholds it applied.
  for (const step of run.config.steps) assert.ok(sheet.includes(`| ${step.step} | \`${JSON.stringify(step.options)}\` |`), step.step);
  assert.match(sheet, /"min_words":50,"max_words":100000/);
  assert.match(sheet, /\*\*wikipedia\*\*: CC BY-SA 3\.0 60 documents/);
  assert.match(sheet, /\*\*wikipedia\*\*: en 259\.7k tokens \(100\.00 %\)/);
  assert.match(sheet, /\*\*web\*\*: no decontamination report in its run/);
});

test("winnow budget: 7B → 140B compute-optimal tokens, and how the mix covers them", () => {
  const r = cli(["budget", "--params", "7B", "--mix", mixDir()], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /compute-optimal tokens:\s+140\.00B \(140000000000;/);
  const used = report().used_tokens;
  assert.ok(r.stdout.includes(`= ${((100 * used) / 140e9).toPrecision(3)} % of the compute-optimal budget`), r.stdout);
  for (const [p, tokens] of [["7B", 140e9], ["1.3B", 26e9], ["350M", 7e9], ["7e9", 140e9], ["70B", 1.4e12]] as const) {
    assert.equal(computeOptimal(parseParams(p)!).optimal_tokens, tokens, p);
  }
  const bad = cli(["budget", "--params", "seven"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--params: expected a model size/);
  assert.doesNotMatch(bad.stderr, /at .*\.js/);
});

test("the README's mix example is examples/mix.yaml, and its table is what the mix prints", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Mixing a training set"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  assert.deepEqual(validateMix(parse(yaml), ex()), loadMix(join(ex(), "mix.yaml")));
  const table = /```\n(source[\s\S]*?)```/.exec(section)![1].trim().split("\n");
  for (const row of table) assert.ok(stdout.split("\n").some((l) => l.trimEnd() === row.trimEnd()), `README row not printed: ${row}`);
});
