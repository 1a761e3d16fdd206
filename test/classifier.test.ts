/**
 * The `classifier` step and `winnow train classifier` against Debian's fastText 0.9.2:
 * the step's metadata equals `fasttext predict-prob` on models trained by fastText (plain
 * and quantized) and by winnow; winnow's trained models load in the `fasttext` binary and
 * predict the same labels and probabilities there as in winnow's engine; a small real
 * multi-class split reaches fastText's own accuracy with the same hyperparameters.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import { UserError } from "../src/core/errors.js";
import type { StepContext } from "../src/core/step.js";
import { classifierFilter } from "../src/classifier/step.js";
import { readLabelledLines, trainClassifier } from "../src/classifier/train/index.js";
import { FastTextModel } from "../src/models/fasttext/index.js";
import { SHARED_DATA, hasSharedData, tmpDir } from "./helpers.js";

const FASTTEXT = process.env.FASTTEXT_BIN ?? "/usr/bin/fasttext";
const noBinary = existsSync(FASTTEXT) ? false : `${FASTTEXT} not found: install Debian's fasttext (apt-get install fasttext) to cross-check`;
const LINGUA = join(SHARED_DATA, "C-langid", "lingua", "sentences");
/** predict-prob prints 6 significant digits; the engines agree to the bit otherwise. */
const TOLERANCE = 1e-4;

function fasttext(args: string[]): string {
  const r = spawnSync(FASTTEXT, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `fasttext ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Labelled lines over own and shared vocabularies (ASCII and not), uneven label counts. */
function corpus(labels: string[], perLabel: number, seed: number) {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const letters = Array.from("abcdefghijklmnopqrstuvwxyzéüßжщ的😀");
  const word = () => Array.from({ length: 2 + Math.floor(r() * 6) }, () => pick(letters)).join("");
  const shared = Array.from({ length: 60 }, word);
  const own = labels.map(() => Array.from({ length: 25 }, word));
  const text = (l: number) =>
    Array.from({ length: 4 + Math.floor(r() * 30) }, () => (r() < 0.4 ? pick(own[l]) : r() < 0.85 ? pick(shared) : word())).join(r() < 0.1 ? "\n" : " ");
  const make = (n: number) =>
    labels.flatMap((name, l) => Array.from({ length: n + l * 7 }, () => ({ label: name, text: text(l) }))).sort(() => r() - 0.5);
  return { train: make(perLabel), test: make(Math.ceil(perLabel / 4)) };
}

const asLine = (e: { label: string; text: string }) => `__label__${e.label} ${e.text.replaceAll("\n", " ")}`;

/** predict-prob's all-label output per line, as label → probability maps. */
function cliProbabilities(model: string, texts: string[], file: string): Map<string, number>[] {
  writeFileSync(file, texts.map((t) => t.replaceAll("\n", " ")).join("\n") + "\n");
  return fasttext(["predict-prob", model, file, "-1"])
    .split("\n")
    .slice(0, -1)
    .map((line) => {
      const t = line === "" ? [] : line.split(" ");
      const m = new Map<string, number>();
      for (let i = 0; i < t.length; i += 2) m.set(t[i], Number(t[i + 1]));
      return m;
    });
}

async function runStep(options: unknown, docs: Doc[]) {
  const rejected: { doc: Doc; reason: string; value?: unknown }[] = [];
  const counts: Record<string, number> = {};
  const ctx: StepContext = {
    step: "quality",
    task: 0,
    seed: 42,
    signal: new AbortController().signal,
    count: (c, n = 1) => void (counts[c] = (counts[c] ?? 0) + n),
    observe: () => {},
    reject: (doc, reason, value) => void rejected.push({ doc, reason, value }),
    fail: (_doc, err) => {
      throw err;
    },
    io: undefined as unknown as StepContext["io"],
  };
  const runtime = await classifierFilter.create(classifierFilter.schema.parse(options), ctx);
  return { kept: await runtime.process(docs), rejected, counts };
}

describe("classifier step and training vs fasttext", { skip: noBinary }, () => {
  const dir = tmpDir("winnow-classifier-");
  const data = corpus(["hq", "lq"], 160, 7);
  const trainFile = join(dir, "train.txt");
  writeFileSync(trainFile, data.train.map(asLine).join("\n") + "\n");
  const testTexts = [...data.test.map((e) => e.text), "", "zzzz unknownword", "line one\nline two\n\nthree"];

  test("step metadata and decisions equal predict-prob on fastText models, .bin and .ftz", async (t) => {
    const base = join(dir, "ft");
    fasttext(["supervised", "-input", trainFile, "-output", base, "-thread", "1", "-seed", "1", "-dim", "16", "-epoch", "10", "-lr", "0.5", "-wordNgrams", "2", "-minn", "2", "-maxn", "4", "-bucket", "4999", "-verbose", "0"]);
    fasttext(["quantize", "-input", trainFile, "-output", base, "-qnorm", "-cutoff", "1000", "-verbose", "0"]);
    for (const path of [`${base}.bin`, `${base}.ftz`]) {
      const expected = cliProbabilities(path, testTexts, join(dir, "step-test.txt"));
      const docs = testTexts.map((text, i): Doc => ({ id: String(i), text, metadata: {} }));
      const { kept, rejected, counts } = await runStep({ model: path, label: "hq", threshold: 0.5 }, docs);
      assert.equal(kept.length + rejected.length, docs.length);
      let maxDiff = 0;
      for (const doc of docs) {
        const cli = expected[Number(doc.id)];
        const p = cli.get("__label__hq") ?? 0;
        maxDiff = Math.max(maxDiff, Math.abs((doc.metadata.quality_score as number) - p));
        const best = [...cli.entries()].sort((a, b) => b[1] - a[1])[0];
        if (Math.abs(best[1] - (cli.get("__label__lq") ?? -1)) > TOLERANCE && Math.abs(best[1] - (cli.get("__label__hq") ?? -1)) > TOLERANCE) assert.fail("two labels");
        if (Math.abs(p - 0.5) > TOLERANCE) {
          assert.equal(kept.includes(doc), p >= 0.5, `doc ${doc.id}: P(hq) ${p}`);
          if (Math.abs(cli.get("__label__hq")! - cli.get("__label__lq")!) > TOLERANCE) assert.equal(doc.metadata.quality_label, best[0].slice(9));
        }
      }
      t.diagnostic(`${path.slice(dir.length + 1)}: ${docs.length} docs, max |Δp| ${maxDiff.toExponential(2)}, kept ${kept.length}, counts ${JSON.stringify(counts)}`);
      assert.ok(maxDiff <= TOLERANCE, `probabilities differ by ${maxDiff}`);
      assert.ok(kept.length > 5 && rejected.length > 5, "the threshold splits the test set");
      assert.ok(rejected.every((r) => r.reason === "below_threshold" && typeof r.value === "number"));
    }

    // Annotate keeps all, records the would-be reason; without a label nothing is dropped.
    const docs = () => testTexts.map((text, i): Doc => ({ id: String(i), text, metadata: {} }));
    const annotated = await runStep({ model: `${base}.bin`, label: "__label__hq", threshold: 0.5, annotate: true, prefix: "dclm" }, docs());
    assert.equal(annotated.kept.length, testTexts.length);
    const drops = annotated.kept.filter((d) => (d.metadata.quality as { drop: string | null }).drop === "below_threshold").length;
    assert.equal(annotated.counts.below_threshold, drops);
    assert.ok(annotated.kept.every((d) => typeof d.metadata.dclm_score === "number" && "dclm_label" in d.metadata));
    const scoreOnly = await runStep({ model: `${base}.bin` }, docs());
    assert.equal(scoreOnly.kept.length, testTexts.length);
    await assert.rejects(runStep({ model: `${base}.bin`, label: "nope" }, docs()), (e: unknown) => e instanceof UserError && /quality.label: "nope" is not a label/.test(e.message));
    await assert.rejects(runStep({ model: join(dir, "missing.bin") }, docs()), UserError);
  });

  const losses: { loss: "softmax" | "ova" | "hs"; extra: object }[] = [
    { loss: "softmax", extra: { wordNgrams: 2, minn: 2, maxn: 4, bucket: 4999 } },
    { loss: "ova", extra: { wordNgrams: 3, bucket: 3001 } },
    { loss: "hs", extra: { minn: 3, maxn: 5, bucket: 2000 } },
  ];
  const multi = corpus(["a", "b", "c", "d", "e"], 60, 11);
  const multiFile = join(dir, "multi.txt");
  writeFileSync(multiFile, multi.train.map(asLine).join("\n") + "\n");
  for (const { loss, extra } of losses) {
    test(`winnow-trained ${loss} model: fasttext predict-prob reads it and agrees with winnow's engine`, (t) => {
      const out = join(dir, `w-${loss}.bin`);
      const lines = multi.train.map(asLine);
      const r = trainClassifier(lines, { loss, dim: 12, epoch: 8, lr: 0.5, seed: 3, ...extra }, out);
      assert.equal(r.labels.length, 5);
      const model = FastTextModel.loadSync(out);
      const texts = [...multi.test.map((e) => e.text), "", "never seen"];
      const cli = cliProbabilities(out, texts, join(dir, `w-${loss}-test.txt`));
      let maxDiff = 0;
      let correct = 0;
      texts.forEach((text, i) => {
        const ours = model.predict(text.replaceAll("\n", " "), -1);
        assert.equal(ours.length, cli[i].size, `line ${i}: label count`);
        for (const p of ours) maxDiff = Math.max(maxDiff, Math.abs(p.probability - cli[i].get(p.label)!));
        if (i < multi.test.length && ours[0].label === `__label__${multi.test[i].label}`) correct++;
      });
      const accuracy = correct / multi.test.length;
      t.diagnostic(`${loss}: max |Δp| ${maxDiff.toExponential(2)} over ${texts.length} lines, accuracy ${accuracy.toFixed(3)}, ${r.seconds.toFixed(2)} s`);
      assert.ok(maxDiff <= TOLERANCE);
      // Quality: fastText trained on the same lines with the same hyperparameters. (Random
      // letter words share many char n-grams, so subword models find this corpus hard.)
      const ftBase = join(dir, `f-${loss}`);
      const flags = Object.entries({ loss, dim: 12, epoch: 8, lr: 0.5, ...extra }).flatMap(([k, v]) => [`-${k}`, String(v)]);
      fasttext(["supervised", "-input", multiFile, "-output", ftBase, "-thread", "1", "-verbose", "0", ...flags]);
      const ft = FastTextModel.loadSync(`${ftBase}.bin`);
      const theirs = multi.test.filter((e) => ft.predict(e.text.replaceAll("\n", " "), 1)[0]?.label === `__label__${e.label}`).length / multi.test.length;
      t.diagnostic(`${loss}: fastText's own training: accuracy ${theirs.toFixed(3)}`);
      assert.ok(accuracy >= theirs - 0.05, `${loss} accuracy ${accuracy}, fastText ${theirs}`);
    });
  }

  test("training is deterministic by seed", () => {
    const lines = multi.train.map(asLine);
    const o = { dim: 8, epoch: 3, wordNgrams: 2, bucket: 1000 };
    trainClassifier(lines, { ...o, seed: 5 }, join(dir, "d1.bin"));
    trainClassifier(lines, { ...o, seed: 5 }, join(dir, "d2.bin"));
    trainClassifier(lines, { ...o, seed: 6 }, join(dir, "d3.bin"));
    assert.deepEqual(readFileSync(join(dir, "d1.bin")), readFileSync(join(dir, "d2.bin")));
    assert.notDeepEqual(readFileSync(join(dir, "d1.bin")), readFileSync(join(dir, "d3.bin")));
  });

  test("lingua, 8 languages: accuracy of winnow's training next to fastText's, same hyperparameters", { skip: !hasSharedData && `${SHARED_DATA} absent: no lingua sentences` }, (t) => {
    const langs = ["en", "de", "fr", "es", "it", "nl", "pt", "sv"];
    const train: string[] = [];
    const held: string[] = [];
    for (const lang of langs) {
      const ls = readFileSync(join(LINGUA, `${lang}.txt`), "utf8").split("\n").filter((l) => l.trim());
      train.push(...ls.slice(0, 200).map((l) => `__label__${lang} ${l}`));
      held.push(...ls.slice(300, 400).map((l) => `__label__${lang} ${l}`));
    }
    const r = random(1);
    train.sort(() => r() - 0.5);
    writeFileSync(join(dir, "lingua-train.txt"), train.join("\n") + "\n");
    writeFileSync(join(dir, "lingua-test.txt"), held.join("\n") + "\n");
    const hp = { dim: 32, epoch: 10, lr: 0.5, minn: 2, maxn: 4, bucket: 50000, wordNgrams: 2 };
    trainClassifier(train, hp, join(dir, "lingua-w.bin"));
    fasttext(["supervised", "-input", join(dir, "lingua-train.txt"), "-output", join(dir, "lingua-f"), "-thread", "1", "-verbose", "0", ...Object.entries(hp).flatMap(([k, v]) => [`-${k}`, String(v)])]);
    const p1 = (m: string) => Number(/P@1\s+([\d.]+)/.exec(fasttext(["test", m, join(dir, "lingua-test.txt")]))![1]);
    const ours = p1(join(dir, "lingua-w.bin"));
    const theirs = p1(join(dir, "lingua-f.bin"));
    t.diagnostic(`P@1 on ${held.length} held-out sentences: winnow ${ours}, fastText ${theirs}`);
    assert.ok(ours >= 0.9, `winnow's model: ${ours}`);
    assert.ok(ours >= theirs - 0.03, `winnow ${ours} vs fastText ${theirs}`);
  });
});

test("labelled JSONL: label and text fields, threshold binarization, errors name file and line", async () => {
  const dir = tmpDir("winnow-labelled-");
  const file = join(dir, "ann.jsonl");
  writeFileSync(file, [{ text: "a\nb", score: 3 }, { text: "c", score: 2.5 }, { text: "d", cls: ["x", 1] }].map((r) => JSON.stringify(r)).join("\n") + "\n");
  const f = { format: "jsonl" as const, labelField: "score", textField: "text" };
  await assert.rejects(readLabelledLines(file, f), /ann.jsonl:3: no label in field "score"/);
  writeFileSync(file, [{ text: "a\nb", score: 3 }, { text: "c", score: 2.5 }].map((r) => JSON.stringify(r)).join("\n") + "\n");
  assert.deepEqual(await readLabelledLines(file, { ...f, threshold: 3 }), ["__label__hq a b", "__label__lq c"]);
  assert.deepEqual(await readLabelledLines(file, f), ["__label__3 a b", "__label__2.5 c"]);
  writeFileSync(file, JSON.stringify({ text: "d", cls: ["x", 1] }) + "\n" + JSON.stringify({ text: "e", cls: "has space" }) + "\n");
  await assert.rejects(readLabelledLines(file, { ...f, labelField: "cls" }), /ann.jsonl:2: label "has space" is empty or contains whitespace/);
  assert.throws(() => trainClassifier(["no labels here"], {}, join(dir, "m.bin")), /no labels/);
  assert.throws(() => trainClassifier(["__label__a x"], { dim: 0 }, join(dir, "m.bin")), /dim: expected an integer ≥ 1/);
});
