import { extractHtml } from "../filters/extract-html.js";

/** Steps of web-crawl ingestion, for the engine's registry. */
export const extractSteps = [extractHtml] as const;

export { extractHtml };
export { extractMainText, DEFAULT_LIMITS, type Extracted } from "./extract.js";
