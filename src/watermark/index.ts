import { watermarkFilter } from "./step.js";

/** Synthetic-text detection, for the step registry. */
export const watermarkSteps = [watermarkFilter] as const;

export { watermarkFilter };
export { DEFAULT_WATERMARK_KEY, contextSeed, greenLimit, isGreen } from "./green-list.js";
export { WatermarkScorer, zScore, type WatermarkParams, type WatermarkScore } from "./score.js";
