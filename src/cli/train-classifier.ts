import { type Command, InvalidArgumentError } from "commander";
import { UserError } from "../core/errors.js";
import type { LabelledFormat } from "../classifier/train/labelled-input.js";
import { TRAIN_DEFAULTS, type TrainLoss } from "../classifier/train/options.js";

interface Options {
  output: string;
  fromAnnotations?: string;
  threshold?: number;
  format?: string;
  labelField: string;
  textField: string;
  test?: string;
  lr?: number;
  dim?: number;
  epoch?: number;
  minCount?: number;
  minCountLabel?: number;
  wordNgrams?: number;
  loss?: string;
  bucket?: number;
  minn?: number;
  maxn?: number;
  lrUpdateRate?: number;
  seed?: number;
}

const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError("expected a number");
  return n;
};

/** `winnow train classifier`: the CLI around src/classifier/train. */
export function registerTrainClassifier(train: Command): void {
  const d = TRAIN_DEFAULTS;
  train
    .command("classifier")
    .description("Train a supervised fastText-style classifier (written in fastText's .bin format) from labelled JSONL or fastText lines.")
    .argument("[input]", "labelled examples: .jsonl (label + text fields) or fastText lines (__label__x text)")
    .requiredOption("-o, --output <model.bin>", "model file to write")
    .option("--from-annotations <file>", "`winnow annotate` output: label = score ≥ --threshold (hq) or not (lq)")
    .option("--threshold <score>", "with --from-annotations, or to binarize a numeric label field (FineWeb-Edu: 3)", num)
    .option("--format <jsonl|fasttext>", "input format (default: jsonl for .jsonl/.json names, else fasttext)")
    .option("--label-field <name>", "JSONL label field", "label")
    .option("--text-field <name>", "JSONL text field", "text")
    .option("--test <file>", "held-out examples (same format) to report accuracy on")
    .option("--lr <n>", `learning rate (${d.lr})`, num)
    .option("--dim <n>", `vector size (${d.dim})`, num)
    .option("--epoch <n>", `epochs (${d.epoch})`, num)
    .option("--min-count <n>", `minimal word count (${d.minCount})`, num)
    .option("--min-count-label <n>", `minimal label count (${d.minCountLabel})`, num)
    .option("--word-ngrams <n>", `max length of word n-grams (${d.wordNgrams})`, num)
    .option("--loss <name>", `softmax | ova | hs (${d.loss})`)
    .option("--bucket <n>", `hash buckets for n-grams (${d.bucket})`, num)
    .option("--minn <n>", `min char n-gram length (${d.minn})`, num)
    .option("--maxn <n>", `max char n-gram length (${d.maxn}; 0 = no subwords)`, num)
    .option("--lr-update-rate <n>", `tokens between learning-rate updates (${d.lrUpdateRate})`, num)
    .option("--seed <n>", `random seed (${d.seed})`, num)
    .action(async (input: string | undefined, o: Options) => {
      const [{ formatOf, readLabelledLines, trainClassifier }, { evaluateLines }, { FastTextModel }] = await Promise.all([
        import("../classifier/train/index.js"),
        import("../classifier/evaluate.js"),
        import("../models/fasttext/index.js"),
      ]);
      const path = o.fromAnnotations ?? input;
      if (!path) throw new UserError("train classifier: give an input file or --from-annotations <file>");
      if (o.fromAnnotations && input) throw new UserError("train classifier: give either an input file or --from-annotations, not both");
      if (o.format !== undefined && o.format !== "jsonl" && o.format !== "fasttext") throw new UserError(`--format: expected jsonl or fasttext, got "${o.format}"`);
      if (o.loss !== undefined && !["softmax", "ova", "hs"].includes(o.loss)) throw new UserError(`--loss: expected softmax, ova or hs, got "${o.loss}"`);
      const format: LabelledFormat = o.fromAnnotations
        ? { format: "jsonl", labelField: "score", textField: "text", threshold: o.threshold ?? 3 }
        : { format: (o.format as LabelledFormat["format"]) ?? formatOf(path), labelField: o.labelField, textField: o.textField, threshold: o.threshold };
      const lines = await readLabelledLines(path, format);
      const r = trainClassifier(
        lines,
        {
          lr: o.lr, dim: o.dim, epoch: o.epoch, minCount: o.minCount, minCountLabel: o.minCountLabel, wordNgrams: o.wordNgrams,
          loss: o.loss as TrainLoss | undefined, bucket: o.bucket, minn: o.minn, maxn: o.maxn, lrUpdateRate: o.lrUpdateRate, seed: o.seed,
        },
        o.output,
      );
      const labels = r.labels.map((l) => `${l.label.replace(/^__label__/, "")} ${l.count}`).join(", ");
      console.log(`${o.output}: ${r.examples} examples, ${r.words} words, ${r.ntokens} tokens; labels ${labels}; mean loss ${r.loss.toFixed(4)}; ${r.seconds.toFixed(1)} s`);
      if (o.test) {
        const test = await readLabelledLines(o.test, { ...format, format: o.fromAnnotations ? "jsonl" : (o.format as LabelledFormat["format"]) ?? formatOf(o.test) });
        const e = evaluateLines(FastTextModel.loadSync(o.output), test);
        console.log(`${o.test}: accuracy ${(100 * e.accuracy).toFixed(2)} % on ${e.examples} examples`);
      }
    });
}
