import { decontaminate } from "./step.js";

export { decontaminate };
export { contaminationReport, type ContaminationReport, type Finding } from "./report.js";
export { buildIndex, type BenchmarkIndex, type BenchmarkStats } from "./benchmark-index.js";

/** The benchmark decontamination step, for the registry. */
export const decontamSteps = [decontaminate] as const;
