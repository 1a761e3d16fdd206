import { classifierFilter } from "./step.js";

/** Model-based quality classification, for the step registry. */
export const classifierSteps = [classifierFilter] as const;

export { classifierFilter };
