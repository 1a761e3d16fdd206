/**
 * winnow's fastText engine against the C++ fastText 0.9.2 binary: models trained here with
 * every loss, subwords and word n-grams, dense and quantized (`-qnorm -qout -cutoff`), must
 * predict the labels and probabilities that `fasttext predict-prob` prints, on every line.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test, type TestContext } from "node:test";
import { createRequire } from "node:module";
import { FastTextModel } from "../src/models/fasttext/index.js";
import { SHARED_DATA, hasSharedData, tmpDir } from "./helpers.js";

const FASTTEXT = process.env.FASTTEXT_BIN ?? "/usr/bin/fasttext";
const noBinary = existsSync(FASTTEXT) ? false : `${FASTTEXT} not found: install Debian's fasttext (apt-get install fasttext) to cross-check`;
const LINGUA = join(SHARED_DATA, "C-langid", "lingua", "sentences");
const LID176 = createRequire(import.meta.url).resolve("fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");
/**
 * The required bound. winnow computes fastText's float32 values to the bit, so what remains
 * is predict-prob's printing to 6 significant digits (5e-6 near 1); and labels, tie order
 * included, must all agree.
 */
const TOLERANCE = 1e-4;

function fasttext(args: string[]): string {
  const r = spawnSync(FASTTEXT, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `fasttext ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** mulberry32: a seeded generator, so the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A labelled corpus with what fastText's tokenizer and hashes must get right: 1- to 4-byte
 * UTF-8 characters, shared and confusable words (so probabilities spread), words unseen in
 * training, uneven label counts (an unbalanced Huffman tree). Quantizing the output
 * matrix needs at least 256 rows, hence a wide corpus of 300 labels beside a narrow one.
 */
function corpus(nlabels: number, linesPerLabel: number) {
  const r = random(nlabels);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const scripts = [
    "abcdefghijklmnopqrstuvwxyz",
    "aeiouàáâäçèéêëìíîïñòóôöùúûüßœ",
    "абвгдежзийклмнопрстуфхцчшщыэюя",
    "αβγδεζηθικλμνξοπρστυφχψω",
    "的一是不了人我在有他这为之大来以个中上们",
    "ab𝔞𝔟𝔠😀😁",
  ].map((s) => Array.from(s));
  const word = (script: string[]) => Array.from({ length: 1 + Math.floor(r() * 7) }, () => pick(script)).join("");
  const shared = Array.from({ length: 100 }, () => word(scripts[0]));
  const labels = Array.from({ length: nlabels }, (_, l) => {
    const script = scripts[l % scripts.length];
    return { name: `__label__c${l}`, script, vocab: Array.from({ length: 15 }, () => word(script)) };
  });
  const line = (l: (typeof labels)[number]) =>
    Array.from({ length: 3 + Math.floor(r() * 20) }, () => {
      const x = r();
      if (x < 0.45) return pick(l.vocab);
      if (x < 0.8) return pick(shared);
      if (x < 0.9) return pick(pick(labels).vocab);
      return word(l.script);
    }).join(" ");
  const train = labels.flatMap((l, i) => Array.from({ length: linesPerLabel + ((i * 37) % 17) }, () => `${l.name} ${line(l)}`));
  for (let i = train.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [train[i], train[j]] = [train[j], train[i]];
  }
  const test = [
    // First, so that it is the first to outgrow the reused buffers: a 600-byte token.
    Array.from({ length: 200 }, () => pick(scripts[4])).join(""),
    ...labels.flatMap((l) => [line(l), line(l)]).slice(0, 400),
    "",
    " \t ",
    "__label__c1 __label__nope 𝔞𝔟",
    `${labels[7].vocab[0]}\u00a0${labels[7].vocab[1]}\u3000x`,
    `${labels[3].vocab[2]}\r${labels[3].vocab[3]}\v\f${shared[0]}\u0000${shared[1]}`,
    "!!! ??? 123 ... ---",
    Array.from({ length: 3000 }, () => pick(pick(labels).vocab)).join(" "),
  ];
  return { train, test };
}

interface Agreement {
  pairs: number;
  sameLabel: number;
  maxDiff: number;
}

/** Predicts every line with winnow and checks it against predict-prob's output lines. */
function compare(model: FastTextModel, lines: string[], cli: string, k: number, threshold: number): Agreement {
  const expected = cli.split("\n").slice(0, -1);
  assert.equal(expected.length, lines.length, "predict-prob printed one line per input line");
  const a: Agreement = { pairs: 0, sameLabel: 0, maxDiff: 0 };
  lines.forEach((line, i) => {
    const tokens = expected[i] === "" ? [] : expected[i].split(" ");
    const ours = model.predict(line, k, threshold);
    assert.equal(ours.length, tokens.length / 2, `line ${i}: ${ours.length} predictions, fastText ${tokens.length / 2}`);
    ours.forEach((p, j) => {
      a.pairs++;
      if (p.label === tokens[2 * j]) a.sameLabel++;
      a.maxDiff = Math.max(a.maxDiff, Math.abs(p.probability - Number(tokens[2 * j + 1])));
    });
  });
  return a;
}

function report(t: TestContext, name: string, a: Agreement) {
  t.diagnostic(`${name}: labels agree ${a.sameLabel}/${a.pairs}, max |Δp| ${a.maxDiff.toExponential(2)}`);
  assert.equal(a.sameLabel, a.pairs, `${name}: labels differ`);
  assert.ok(a.maxDiff <= TOLERANCE, `${name}: probabilities differ by ${a.maxDiff}`);
}

const CORPORA = { narrow: corpus(12, 60), wide: corpus(300, 4) };
type CorpusName = keyof typeof CORPORA;

describe("fastText engine vs fasttext predict-prob", { skip: noBinary }, () => {
  const dir = tmpDir("winnow-fasttext-");
  const file = (corpus: string, part: "train" | "test") => join(dir, `${corpus}-${part}.txt`);
  before(() => {
    for (const [name, { train, test }] of Object.entries(CORPORA)) {
      writeFileSync(file(name, "train"), train.join("\n") + "\n");
      // Every line ends with a newline: fastText reads `</s>` there, and winnow always appends it.
      writeFileSync(file(name, "test"), test.join("\n") + "\n");
    }
  });

  // One thread and a seed make training reproducible; a small bucket keeps quantizing fast.
  const common = ["-thread", "1", "-seed", "1", "-lr", "0.5", "-epoch", "20", "-bucket", "4999", "-verbose", "0"];
  const subwords = ["-wordNgrams", "2", "-minn", "2", "-maxn", "4"];
  // Odd dims leave a shorter last sub-vector in the product quantizer (dim 9 / dsub 2, 10 / 4).
  const models: { name: string; corpus: CorpusName; train: string[]; quantize?: string[] }[] = [
    { name: "softmax", corpus: "narrow", train: ["-loss", "softmax", ...subwords, "-dim", "16"], quantize: ["-qnorm", "-cutoff", "1000"] },
    { name: "hs", corpus: "wide", train: ["-loss", "hs", ...subwords, "-dim", "10", "-lr", "1", "-epoch", "25"], quantize: ["-qnorm", "-qout", "-cutoff", "3000", "-dsub", "4"] },
    { name: "ova", corpus: "narrow", train: ["-loss", "ova", ...subwords, "-dim", "9"], quantize: [] },
    { name: "ns-words-only", corpus: "narrow", train: ["-loss", "ns", "-wordNgrams", "3", "-maxn", "0", "-dim", "8"] },
  ];

  for (const m of models) {
    const title = `${m.name} on the ${m.corpus} corpus${m.quantize ? `, .bin and .ftz (quantize ${m.quantize.join(" ") || "with defaults"})` : ""}`;
    test(title, (t) => {
      const base = join(dir, m.name);
      const train = file(m.corpus, "train");
      fasttext(["supervised", "-input", train, "-output", base, ...common, ...m.train]);
      const files = [`${base}.bin`];
      if (m.quantize) {
        fasttext(["quantize", "-input", train, "-output", base, "-verbose", "0", ...m.quantize]);
        files.push(`${base}.ftz`);
      }
      for (const path of files) {
        const model = FastTextModel.loadSync(path);
        for (const [k, threshold] of [[5, 0], [-1, 0.001]]) {
          const cli = fasttext(["predict-prob", path, file(m.corpus, "test"), String(k), String(threshold)]);
          const a = compare(model, CORPORA[m.corpus].test, cli, k, threshold);
          report(t, `${path.slice(dir.length + 1)} k=${k} threshold=${threshold}`, a);
        }
      }
    });
  }

  test("lid.176.ftz on lingua sentences", { skip: !hasSharedData && `${SHARED_DATA} absent: no lingua sentences` }, (t) => {
    // Every 100th sentence of each of the 75 languages.
    const sample = readdirSync(LINGUA)
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .flatMap((f) => readFileSync(join(LINGUA, f), "utf8").split("\n").filter((l, i) => l !== "" && i % 100 === 0));
    writeFileSync(join(dir, "lingua.txt"), sample.join("\n") + "\n");
    const model = FastTextModel.loadSync(LID176);
    const cli = fasttext(["predict-prob", LID176, join(dir, "lingua.txt"), "3"]);
    report(t, `lid.176.ftz on ${sample.length} lingua lines k=3`, compare(model, sample, cli, 3, 0));
  });
});
