/**
 * winnow's binary n-gram model (.wlm) and the byte-level ARPA reader: a 5-gram trained on
 * WikiText-2 valid (plus tricky Unicode) is compiled to .wlm; its tables are byte-identical to
 * the ARPA's and every per-token score on WikiText-2 test is bit-identical. The ARPA reader
 * gives the same tables whatever the line endings and field separators (so chunk boundaries
 * fall elsewhere), its number parser agrees with `Number`, and damaged .wlm files fail naming
 * the file.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import type { Doc } from "../src/core/doc.js";
import type { StepContext } from "../src/core/step.js";
import { readArpa } from "../src/lm/arpa.js";
import { loadNgramModel } from "../src/lm/load-model.js";
import type { NgramModel } from "../src/lm/ngram-model.js";
import { parseFloatBytes } from "../src/lm/parse-float.js";
import { perplexityFilter } from "../src/lm/perplexity-step.js";
import { TextScorer } from "../src/lm/text-scorer.js";
import { lmWords } from "../src/lm/tokenize.js";
import { trainLm } from "../src/lm/train/index.js";
import { readWlm, writeWlm } from "../src/lm/wlm.js";
import { SHARED_DATA, cli, hasSharedData, tmpDir } from "./helpers.js";

const WIKITEXT = join(SHARED_DATA, "E-webtext", "wikitext-2");
const UNICODE = [
  "naïve café déjà vu — straße İstanbul ǅ",
  "日本語のテキスト 中文 한국어",
  "emoji 😀 👍🏽 👩‍👩‍👧 flags 🇫🇷",
  "combining e\u0301 vs é, Ångström Å",
  "עברית العربية ελληνικά кириллица",
  "zero\u200bwidth nbsp\u00a0here tab\tand ﬁ ligature",
];

const dir = tmpDir("winnow-wlm-");
const arpa = join(dir, "m.arpa");
const wlm = join(dir, "m.wlm");

function sameParts(a: NgramModel, b: NgramModel): void {
  const pa = a.parts();
  const pb = b.parts();
  assert.deepEqual(pb.counts, pa.counts);
  assert.deepEqual(pb.words, pa.words);
  const bytes = (x: ArrayBufferView) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  assert.ok(bytes(pb.unigrams).equals(bytes(pa.unigrams)), "unigram arrays differ");
  assert.ok(bytes(pb.unigramContext).equals(bytes(pa.unigramContext)), "unigram context flags differ");
  assert.equal(pb.tables.length, pa.tables.length);
  pa.tables.forEach((t, k) => {
    assert.equal(pb.tables[k].size, t.size);
    assert.ok(bytes(pb.tables[k].slots).equals(bytes(t.slots)), `${k + 2}-gram tables differ`);
  });
}

test("lm wlm: compiled model has the ARPA's tables and bit-identical scores (WikiText-2 test, Unicode)", { skip: !hasSharedData && "no shared data" }, async () => {
  const train = readFileSync(join(WIKITEXT, "valid.txt"), "utf8") + UNICODE.join("\n") + "\n";
  writeFileSync(join(dir, "train.txt"), train);
  await trainLm([join(dir, "train.txt")], arpa, { order: 5 });
  const fromArpa = await readArpa(arpa);
  await writeWlm(fromArpa, wlm);
  const fromWlm = await readWlm(wlm);
  sameParts(fromArpa, fromWlm);
  assert.ok(UNICODE.flatMap(lmWords).every((w) => fromWlm.ids.has(w)), "a Unicode word of the training text is missing");

  // Scores, token by token, must be the same doubles.
  const lines = [...readFileSync(join(WIKITEXT, "test.txt"), "utf8").split("\n"), ...UNICODE, "unseen wörds 🦄 ｆｕｌｌｗｉｄｔｈ"];
  let tokens = 0;
  for (const line of lines) {
    const words = lmWords(line);
    if (words.length === 0) continue;
    const ta: number[] = [];
    const tb: number[] = [];
    const a = fromArpa.score(words, 0, ta);
    const b = fromWlm.score(words, 0, tb);
    assert.deepEqual(tb, ta, line);
    assert.ok(Object.is(a.log10Prob, b.log10Prob) && a.oov === b.oov, line);
    tokens += ta.length;
  }
  assert.ok(tokens > 200_000, `${tokens} tokens scored`);
  const sa = new TextScorer(fromArpa);
  const sb = new TextScorer(fromWlm);
  const text = lines.join("\n");
  assert.ok(Object.is(sa.score(text).log10Prob, sb.score(text).log10Prob));
  for (const line of UNICODE) assert.equal(fromWlm.score(lmWords(line)).oov, 0, line);

  // Saving a loaded .wlm gives the same file.
  await writeWlm(fromWlm, join(dir, "again.wlm"));
  assert.ok(readFileSync(join(dir, "again.wlm")).equals(readFileSync(wlm)));

  // The CLI (lm compile, train lm --binary) writes the same files; the step loads .wlm whatever its name (by magic).
  const r = cli(["lm", "compile", arpa, "-o", join(dir, "cli.arpa")]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(readFileSync(join(dir, "cli.arpa")).equals(readFileSync(wlm)));
  const small = join(dir, "small.txt");
  writeFileSync(small, train.slice(0, 100_000));
  const t = cli(["train", "lm", small, "-o", join(dir, "small.arpa.gz"), "--binary", join(dir, "small.wlm")]);
  assert.equal(t.status, 0, t.stderr);
  await writeWlm(await readArpa(join(dir, "small.arpa.gz")), join(dir, "small-compiled.wlm"));
  assert.ok(readFileSync(join(dir, "small.wlm")).equals(readFileSync(join(dir, "small-compiled.wlm"))));
  const docs = () => lines.slice(0, 400).map((t, i): Doc => ({ id: String(i), text: t, metadata: { lang: "en" } }));
  const viaArpa = await runStep(arpa, docs());
  const viaWlm = await runStep(join(dir, "cli.arpa"), docs());
  assert.deepEqual(viaWlm, viaArpa);
  assert.ok(viaArpa.some((d) => typeof d.metadata.perplexity === "number"));
});

test("lm wlm: a tiny model (vocabulary in Buffer's shared pool) round-trips", async () => {
  const path = join(dir, "tiny.arpa");
  writeFileSync(path, "\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-1.0\t<s>\t-0.5\n-0.7\t</s>\n-0.6\tné\t-0.3\n-0.8\tb\n\n\\2-grams:\n-0.2\t<s> né\n-0.4\tné b\n\n\\end\\\n");
  const model = await readArpa(path);
  await writeWlm(model, join(dir, "tiny.wlm"));
  const back = await readWlm(join(dir, "tiny.wlm"));
  sameParts(model, back);
  assert.deepEqual(back.score(["né", "b", "zz"]), model.score(["né", "b", "zz"]));
  assert.equal(back.score(["né", "b"]).log10Prob, Math.fround(-0.2) + Math.fround(-0.4) + Math.fround(-0.7)); // by hand: bigrams, then p(</s>) with bow(b) = 0
});

test("lm wlm: ARPA bytes parse the same with CRLF, tabs, padding and gzip", { skip: !hasSharedData && "no shared data" }, async () => {
  const reference = await loadNgramModel(arpa);
  const text = readFileSync(arpa, "utf8");
  const messy = text
    .split("\n")
    .map((l, i) => (i % 3 === 0 ? "  " + l.replace(/ /g, " \t ") : l + "\t"))
    .join("\r\n");
  writeFileSync(join(dir, "messy.arpa"), messy);
  sameParts(reference, await readArpa(join(dir, "messy.arpa")));
  writeFileSync(join(dir, "m.arpa.gz"), gzipSync(text));
  sameParts(reference, await loadNgramModel(join(dir, "m.arpa.gz")));
});

test("lm wlm: numbers read from bytes equal Number(text)", () => {
  const samples = ["-1.0", "-0.5", "0", "-0", "12", "-4.3010299", "-99", "1e-05", "-1.2E+3", ".5", "5.", "+2.25", "-0.30102999566398120", "1.0000000000000002", "123456789012345678", "1e-30", "3e25", "0.000001234567"];
  const text = readFileSync(arpa, "latin1");
  for (const m of text.matchAll(/^(-?\d+(?:\.\d+)?)\t/gm)) samples.push(m[1]);
  assert.ok(samples.length > 600_000);
  for (const s of samples) {
    const b = Buffer.from(s, "latin1");
    assert.ok(Object.is(parseFloatBytes(b, 0, b.length), Number(s)), s);
  }
  for (const bad of ["", "-", "abc", "1e", "1.2.3", "--1", "1x", "Infinity", "0x10", "nan"]) {
    const b = Buffer.from(bad, "latin1");
    assert.ok(Number.isNaN(parseFloatBytes(b, 0, b.length)), `"${bad}" should not parse`);
  }
});

test("lm wlm: truncated, corrupted or foreign files fail naming the file", { skip: !hasSharedData && "no shared data" }, async () => {
  const good = readFileSync(wlm);
  const damaged = async (name: string, bytes: Buffer, expect: RegExp) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    await assert.rejects(readWlm(path), (err: Error) => {
      assert.ok(err.message.startsWith(path + ":"), err.message);
      assert.match(err.message, expect);
      return true;
    });
  };
  await damaged("cut.wlm", good.subarray(0, good.length - 100), /truncated/);
  await damaged("short.wlm", good.subarray(0, 20), /not a \.wlm|truncated/);
  const flipped = Buffer.from(good);
  flipped[Math.floor(good.length * 0.7)] ^= 0x10;
  await damaged("flipped.wlm", flipped, /checksum/);
  const version = Buffer.from(good);
  version.writeUInt32LE(99, 12);
  await damaged("version.wlm", version, /version 99/);
  const counts = Buffer.from(good);
  counts.writeDoubleLE(3.5, 32);
  await damaged("counts.wlm", counts, /corrupted/);

  // Through the step: a user error naming the key and the file.
  writeFileSync(join(dir, "step.wlm"), good.subarray(0, good.length - 16));
  await assert.rejects(runStep(join(dir, "step.wlm"), []), (err: Error) => {
    assert.equal(err.name, "UserError");
    assert.match(err.message, /^perplexity\.model: .*step\.wlm: truncated/);
    return true;
  });
});

async function runStep(model: string, docs: Doc[]): Promise<Doc[]> {
  const ctx = {
    step: "perplexity", task: 0, seed: 1, signal: new AbortController().signal,
    count: () => {}, observe: () => {}, reject: () => {}, fail: (_d: Doc, e: Error) => { throw e; },
    io: undefined as unknown as StepContext["io"],
  } as StepContext;
  const step = await perplexityFilter.create(perplexityFilter.schema.parse({ model }), ctx);
  await step.process(docs);
  return docs;
}
