/**
 * `winnow train classifier`: supervised fastText-style training in TypeScript, writing
 * fastText's own `.bin` format (readable by the `fasttext` CLI and winnow's engine).
 */
import type { ModelArgs } from "../../models/fasttext/args.js";
import { buildExamples } from "./examples.js";
import { writeModelFile } from "./model-file.js";
import { resolveTrainOptions, type TrainOptions } from "./options.js";
import { seededRandom, trainSgd } from "./sgd.js";
import { countVocabulary, engineDictionary } from "./vocabulary.js";
import { UserError } from "../../core/errors.js";

export { resolveTrainOptions, TRAIN_DEFAULTS, type TrainOptions, type TrainLoss } from "./options.js";
export { readLabelledLines, formatOf, POSITIVE_LABEL, NEGATIVE_LABEL, type LabelledFormat } from "./labelled-input.js";

export interface TrainResult {
  options: TrainOptions;
  examples: number;
  words: number;
  labels: { label: string; count: number }[];
  ntokens: number;
  /** Mean training loss over every example seen (all epochs). */
  loss: number;
  seconds: number;
}

/**
 * Trains on fastText-format lines (`__label__x text`) and writes the model to `output`.
 * Memory: the features of every line are kept (4 bytes per token and n-gram), plus the
 * input matrix, (nwords + bucket) × dim floats (800 MB with the 2M-bucket default at dim 100).
 */
export function trainClassifier(lines: readonly string[], given: Partial<TrainOptions>, output: string): TrainResult {
  const started = performance.now();
  const o = resolveTrainOptions(given);
  const vocab = countVocabulary(lines, o.minCount, o.minCountLabel);
  if (vocab.labels.length === 0) throw new UserError("no labels in the training data (fastText lines start with __label__<name>)");
  const args: ModelArgs = { dim: o.dim, wordNgrams: o.wordNgrams, loss: o.loss, bucket: o.bucket, minn: o.minn, maxn: o.maxn };
  const dict = engineDictionary(vocab, args);
  const ex = buildExamples(lines, dict, o.wordNgrams, o.bucket, o.maxn);
  const random = seededRandom(o.seed);
  const inputRows = vocab.words.length + o.bucket;
  const input = new Float32Array(inputRows * o.dim);
  // `DenseMatrix::uniform(1 / dim)`: input weights uniform in ±1/dim; output starts at 0.
  const bound = 1 / o.dim;
  for (let i = 0; i < input.length; i++) input[i] = (2 * random() - 1) * bound;
  const weights = { dim: o.dim, input, inputRows, output: new Float32Array(vocab.labels.length * o.dim), outputRows: vocab.labels.length };
  const loss = trainSgd(ex, weights, { loss: o.loss, lr: o.lr, epoch: o.epoch, lrUpdateRate: o.lrUpdateRate, ntokens: vocab.ntokens, labelCounts: vocab.labels.map((l) => l.count) }, random);
  writeModelFile(output, o, vocab, weights);
  return {
    options: o,
    examples: lines.length,
    words: vocab.words.length,
    labels: vocab.labels.map((l) => ({ label: l.token, count: l.count })),
    ntokens: vocab.ntokens,
    loss,
    seconds: (performance.now() - started) / 1000,
  };
}
