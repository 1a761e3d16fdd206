import { badWords } from "./bad-words.js";
import { pii } from "./pii.js";
import { urlFilter } from "./url-filter.js";

/** Safety steps: URL block lists and banned words (RefinedWeb/FineWeb), per-language bad words (LDNOOBW), PII. */
export const safetySteps = [urlFilter, badWords, pii] as const;

export { badWords, pii, urlFilter };
