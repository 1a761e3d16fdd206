import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { filePath } from "../config/paths.js";
import { UserError } from "../core/errors.js";
import { readManifest } from "../run/manifest.js";
import { RUN_FILE } from "../run/run-dir.js";

export const againstOption = filePath(
  "Deduplicate against an earlier run too: its run directory (or its `stages/<step>` folder). Documents matching one the earlier run indexed " +
      "are removed, whatever the keep policy (the earlier corpus wins); its options that define the keys must equal these.",
).optional();

/** The index of a finished earlier run's dedup step, to deduplicate a new corpus against. */
export interface SavedIndex {
  /** `stages/<instance>` of the earlier run. */
  stepDir: string;
  /** Input tasks of the earlier run: its index files are `index/00000…` up to this. */
  tasks: number;
  /** The earlier step's options (defaults filled in). */
  options: Record<string, unknown>;
  seed: number;
}

/**
 * Finds the earlier run's `step` and checks that it indexed every task and that the options in
 * `mustMatch` (those that define the keys) are the same, so that equal keys mean equal documents.
 * `indexFile(task)` names the file every indexed task wrote, relative to the step folder.
 */
export function openSavedIndex(
  path: string,
  step: string,
  current: Record<string, unknown>,
  mustMatch: readonly string[],
  indexFile: (task: number) => string,
): SavedIndex {
  const abs = resolve(path);
  let runDir = abs;
  let instance: string | undefined;
  if (!existsSync(join(abs, RUN_FILE)) && existsSync(join(dirname(dirname(abs)), RUN_FILE))) {
    runDir = dirname(dirname(abs));
    instance = basename(abs);
  }
  if (!existsSync(join(runDir, RUN_FILE))) throw new UserError(`against: ${path} is not a run directory (no ${RUN_FILE}) nor a stages/<step> folder of one`);
  const manifest = readManifest(runDir);
  const candidates = manifest.config.steps.filter((s) => s.step === step && (instance === undefined || s.instance === instance));
  if (candidates.length === 0) throw new UserError(`against: the run in ${runDir} has no ${instance ?? step} step`);
  if (candidates.length > 1) {
    throw new UserError(`against: the run in ${runDir} has several ${step} steps (${candidates.map((c) => c.instance).join(", ")}); give ${join(path, "stages", "<one of them>")}`);
  }
  const spec = candidates[0];
  const stepDir = join(runDir, "stages", spec.instance);
  const tasks = manifest.tasks.length;
  for (let t = 0; t < tasks; t++) {
    if (!existsSync(join(stepDir, indexFile(t)))) throw new UserError(`against: ${join(stepDir, indexFile(t))} is missing: the run in ${runDir} did not finish indexing (run it to the end first)`);
  }
  for (const key of mustMatch) {
    if (JSON.stringify(spec.options[key]) !== JSON.stringify(current[key])) {
      throw new UserError(`against: ${key} is ${JSON.stringify(current[key])} here but ${JSON.stringify(spec.options[key])} in ${runDir}: keys would not compare; use the same ${key}`);
    }
  }
  return { stepDir, tasks, options: spec.options, seed: manifest.config.seed };
}

/** Number of partitions of a partitioned file (its `.idx` sidecar has one offset more). */
export function partitionsIn(path: string): number {
  return (JSON.parse(readFileSync(path + ".idx", "utf8")) as number[]).length - 1;
}
