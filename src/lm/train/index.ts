import { UserError } from "../../core/errors.js";
import { type CorpusOptions, corpusSentences } from "./corpus.js";
import type { Discounts } from "./discounts.js";
import { KneserNeyTrainer } from "./kneser-ney.js";
import { writeArpa } from "./arpa-writer.js";

export interface TrainLmOptions extends CorpusOptions {
  /** n-gram order (default 5, as CCNet's and most KenLM models). */
  order?: number;
  /** Discounts used for an order whose count-of-counts give none (lmplz: --discount_fallback). */
  discountFallback?: Discounts;
}

export interface TrainLmResult {
  sentences: number;
  tokens: number;
  vocabulary: number;
  ngrams: number[];
  discounts: { order: number; d1: number; d2: number; d3plus: number; fallback: boolean }[];
}

/** Trains an interpolated modified Kneser-Ney model on the files and writes it as ARPA to `output`. */
export async function trainLm(inputs: readonly string[], output: string, o: TrainLmOptions = {}): Promise<TrainLmResult> {
  const trainer = new KneserNeyTrainer(o.order ?? 5);
  for await (const words of corpusSentences(inputs, o)) trainer.addSentence(words);
  if (trainer.sentenceCount === 0) throw new UserError(`train lm: no words in ${inputs.join(", ")}`);
  const model = trainer.estimate(o.discountFallback);
  await writeArpa(model, output);
  return {
    sentences: model.sentences,
    tokens: model.tokens,
    vocabulary: model.words.length,
    ngrams: model.orders.map((x) => x.counts.size),
    discounts: model.orders.map((x, i) => ({ order: i + 1, d1: x.discounts[0], d2: x.discounts[1], d3plus: x.discounts[2], fallback: x.discountFallback })),
  };
}

export { KneserNeyTrainer } from "./kneser-ney.js";
export { estimateDiscounts, FALLBACK_DISCOUNTS, type Discounts } from "./discounts.js";
export { writeArpa } from "./arpa-writer.js";
export { corpusSentences, corpusFormat } from "./corpus.js";
