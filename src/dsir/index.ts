import { dsirSelect, dsirWeight } from "./step.js";

/** DSIR data selection, for the step registry. */
export const dsirSteps = [dsirSelect, dsirWeight] as const;

export { dsirSelect, dsirWeight };
export { DsirModel, BucketCounts } from "./model.js";
export { DSIR_BUCKETS, forEachNgramBucket } from "./ngram-hash.js";
export { fitDsir } from "./fit.js";
export { selectionKey } from "./gumbel.js";
