import { languageFilter } from "./language.js";

/** Model-based language identification, for the step registry. */
export const languageSteps = [languageFilter] as const;

export { languageFilter };
