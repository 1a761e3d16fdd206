import { perplexityFilter } from "./perplexity-step.js";

/** Model-based quality with n-gram language models, for the step registry. */
export const lmSteps = [perplexityFilter] as const;

export { perplexityFilter };
export { readArpa } from "./arpa.js";
export { NgramModel, perplexity, irstlmOovPenalty, type SentenceScore } from "./ngram-model.js";
export { lmWords } from "./tokenize.js";
export { CCNET_CUTOFFS, bucketOf, type Bucket } from "./buckets.js";
export { TextScorer, type TextScore } from "./text-scorer.js";
export { trainLm, type TrainLmOptions, type TrainLmResult } from "./train/index.js";
