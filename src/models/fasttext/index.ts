/**
 * fastText inference in TypeScript: reads supervised `.bin` and quantized `.ftz` models
 * (format of fastText 0.9.2, https://github.com/facebookresearch/fastText) and predicts
 * labels with the same probabilities as `fasttext predict-prob`.
 */
export { FastTextModel, type Prediction } from "./model.js";
export { LABEL_PREFIX } from "./dictionary.js";
export type { LossName, ModelArgs } from "./args.js";
export { sharedModel } from "./shared.js";
