/**
 * `winnow train classifier` next to the fastText 0.9.2 CLI (`fasttext supervised -thread 1`),
 * same data, same hyperparameters, same run: accuracy of the models on held-out data (both
 * scored by winnow's engine, which predicts as fastText does) and CPU seconds of training.
 * Writes its section of BENCHMARKS.md.   Run: npm run eval:classifier
 *
 * Data: the DCLM authors' human quality labels of web documents (binary, 499 documents;
 * 5-fold cross-validation, so every document is predicted once by a model that did not see
 * it) and lingua's sentences (75 languages, 200 to train and 100 to test per language).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateLines } from "../src/classifier/evaluate.js";
import { readLabelledLines, trainClassifier, type TrainOptions } from "../src/classifier/train/index.js";
import { FastTextModel } from "../src/models/fasttext/index.js";
import { writeDocSection } from "../bench/doc-section.js";
import { describeMachine } from "../bench/machine.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DATA = join(ROOT, "..", "shared", "data");
const DCLM = join(DATA, "E-webtext", "dclm-quality-annotations", "majority_data.jsonl");
const LINGUA = join(DATA, "C-langid", "lingua", "sentences");
const FASTTEXT = process.env.FASTTEXT_BIN ?? "fasttext";

if (!existsSync(DCLM) || !existsSync(LINGUA)) {
  console.error(`eval:classifier needs ${DCLM} and ${LINGUA} (the project's shared data); absent here.`);
  process.exit(1);
}
if (spawnSync(FASTTEXT, ["--help"]).error) {
  console.error("eval:classifier needs Debian's fasttext binary (apt-get install fasttext).");
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "winnow-eval-classifier-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** CPU seconds (user + sys) of a child, from bash's `times`. */
function fastTextTrain(train: string, out: string, hp: Partial<TrainOptions>): number {
  const flags = Object.entries(hp).map(([k, v]) => `-${k} ${v}`).join(" ");
  const cmd = `${FASTTEXT} supervised -input '${train}' -output '${out}' -thread 1 -verbose 0 ${flags} > /dev/null; times`;
  const child = execFileSync("bash", ["-c", cmd], { encoding: "utf8" }).trim().split("\n").pop()!.split(/\s+/);
  const secs = (s: string) => {
    const m = /(\d+)m([\d.]+)s/.exec(s)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  return secs(child[0]) + secs(child[1]);
}

function winnowTrain(lines: string[], out: string, hp: Partial<TrainOptions>): number {
  const t0 = process.cpuUsage();
  trainClassifier(lines, hp, out);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

interface Row {
  name: string;
  hp: Partial<TrainOptions>;
  examples: string;
  ours: { accuracy: number; seconds: number };
  theirs: { accuracy: number; seconds: number };
}

/** Trains both on each (train, test) split; accuracy over all test examples, seconds summed. */
function compare(name: string, examples: string, splits: { train: string[]; test: string[] }[], hp: Partial<TrainOptions>): Row {
  const ours = { correct: 0, n: 0, seconds: 0 };
  const theirs = { correct: 0, n: 0, seconds: 0 };
  splits.forEach((s, i) => {
    const trainFile = join(dir, `train-${i}.txt`);
    writeFileSync(trainFile, s.train.join("\n") + "\n");
    ours.seconds += winnowTrain(s.train, join(dir, "w.bin"), hp);
    theirs.seconds += fastTextTrain(trainFile, join(dir, "f"), hp);
    for (const [acc, path] of [[ours, join(dir, "w.bin")], [theirs, join(dir, "f.bin")]] as const) {
      const e = evaluateLines(FastTextModel.loadSync(path), s.test);
      acc.correct += Math.round(e.accuracy * e.examples);
      acc.n += e.examples;
    }
  });
  const row = {
    name,
    hp,
    examples,
    ours: { accuracy: ours.correct / ours.n, seconds: ours.seconds },
    theirs: { accuracy: theirs.correct / theirs.n, seconds: theirs.seconds },
  };
  console.log(JSON.stringify(row));
  return row;
}

const rows: Row[] = [];

// DCLM human quality labels: 5-fold cross-validation over the shuffled documents.
const dclm = shuffled(await readLabelledLines(DCLM, { format: "jsonl", labelField: "label", textField: "text" }), 1);
const folds = 5;
const dclmSplits = Array.from({ length: folds }, (_, f) => ({
  train: dclm.filter((_, i) => i % folds !== f),
  test: dclm.filter((_, i) => i % folds === f),
}));
const dclmHp = { lr: 0.5, epoch: 25, wordNgrams: 2, dim: 100, bucket: 200_000 };
rows.push(compare("DCLM quality labels (binary)", `${dclm.length} documents, 5-fold cross-validation`, dclmSplits, dclmHp));

// lingua: 75 languages, multi-class with char n-grams.
const train: string[] = [];
const test: string[] = [];
for (const file of readdirSync(LINGUA).filter((f) => f.endsWith(".txt")).sort()) {
  const lang = file.slice(0, -4);
  const ls = readFileSync(join(LINGUA, file), "utf8").split("\n").filter((l) => l.trim());
  train.push(...ls.slice(0, 200).map((l) => `__label__${lang} ${l}`));
  test.push(...ls.slice(200, 300).map((l) => `__label__${lang} ${l}`));
}
const linguaHp = { lr: 0.5, epoch: 15, dim: 50, minn: 2, maxn: 4, bucket: 200_000 };
rows.push(compare("lingua language ID (75 classes)", `${train.length} sentences to train, ${test.length} to test`, [{ train: shuffled(train, 2), test }], linguaHp));

const m = describeMachine();
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const body = [
  "## Classifier training (winnow train classifier vs fastText)",
  "",
  "Reproduce with `npm run eval:classifier`.",
  "",
  `Same data, same hyperparameters, same run: \`winnow train classifier\` (TypeScript, one thread) and Debian's \`fasttext supervised -thread 1\` (0.9.2). Both models are scored by winnow's engine (equal to \`fasttext predict-prob\`). Training time is CPU seconds (user + sys) including reading the data; fastText's includes its process start. Measured on ${m.cores} cores shared with other jobs (${m.cpu}, Node ${m.node}, ${m.date}): times are noisy.`,
  "",
  "| data | hyperparameters | winnow accuracy | fastText accuracy | winnow CPU s | fastText CPU s | time ratio |",
  "|---|---|--:|--:|--:|--:|--:|",
  ...rows.map((r) => {
    const hp = Object.entries(r.hp).map(([k, v]) => `-${k} ${v}`).join(" ");
    return `| ${r.name}: ${r.examples} | \`${hp}\` | ${pct(r.ours.accuracy)} | ${pct(r.theirs.accuracy)} | ${r.ours.seconds.toFixed(1)} | ${r.theirs.seconds.toFixed(1)} | ${(r.ours.seconds / r.theirs.seconds).toFixed(2)}× |`;
  }),
  "",
  "The models differ in their random initial weights (winnow's generator is its own), so accuracies differ by chance as well; with 499 documents one document is 0.2 points.",
  "",
  "Open question: with fewer epochs on lingua (`-epoch 5`, same other settings) winnow's model was markedly more accurate than fastText's (77.4 % vs 64.6 %, fastText 62.5–64.6 % over seeds); both training loops follow fastText 0.9.2's source step for step (see src/classifier/train/sgd.ts), and the gap closes as training converges, but its cause is not yet found.",
];
writeDocSection(join(ROOT, "BENCHMARKS.md"), "classifier-training", body.join("\n"));
console.log(body.join("\n"));
