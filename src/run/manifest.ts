import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PipelineConfig } from "../config/load.js";
import type { FileStamp, InputFile } from "../plan/list-inputs.js";
import type { Task } from "../plan/plan.js";
import type { Stage } from "../plan/stages.js";
import { RUN_FILE, readJson } from "./run-dir.js";

/** `run.json`: everything a worker, a later resume or a Slurm array task needs to run a task. */
export interface RunManifest {
  winnow_version: string;
  created: string;
  config_hash: string;
  config: PipelineConfig;
  inputs: InputFile[];
  /** Files read by steps (models, lists, benchmarks): a change refuses a resume, as for inputs. */
  step_files?: FileStamp[];
  tasks: Task[];
  stages: Stage[];
}

export function readManifest(runDir: string): RunManifest {
  return readJson<RunManifest>(join(runDir, RUN_FILE));
}

export const WINNOW_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
