/**
 * winnow's library API: the same steps and engine the CLI uses.
 *
 * @example
 * import { loadPipeline, runPipeline } from "winnow";
 * const summary = await runPipeline(loadPipeline("pipeline.yaml"), { workers: 4 });
 * console.log(summary.totals.kept);
 */
export type { Doc, Removal } from "./core/doc.js";
export { defineStep, type StepContext, type StepDef, type StepRuntime, type TaskIO } from "./core/step.js";
export { defineFilter, type FilterEnv, type FilterFn, type Verdict } from "./core/filter.js";
export { registry, stepNames } from "./core/registry.js";
export { UserError } from "./core/errors.js";
export { loadPipeline, parsePipeline, configHash, type PipelineConfig, type StepSpec } from "./config/load.js";
export { pipelineJsonSchema } from "./config/json-schema.js";
export { runPipeline, type RunOptions } from "./run/run-pipeline.js";
export { runTask } from "./run/task-runner.js";
export { formatSummary, type RunSummary } from "./run/summary.js";
export { writeReport } from "./report/write-report.js";
export type { TaskStats, StepStats } from "./stats/task-stats.js";
export { DsirModel, fitDsir, selectionKey } from "./dsir/index.js";
export { WatermarkScorer, isGreen, contextSeed, greenLimit } from "./watermark/index.js";
