import { tokenize } from "./step.js";

export { tokenize } from "./step.js";
export const tokenizeSteps = [tokenize] as const;
