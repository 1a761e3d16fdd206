import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { StepSpec } from "../config/load.js";
import type { Stage } from "../plan/stages.js";
import { taskName } from "./task-name.js";

/**
 * The run directory's layout (see DESIGN.md). Files of a task all start with its 5-digit
 * name, so an unfinished task's leftovers can be found and removed before it is redone.
 * The last segment stage writes the top-level files (`output/`, `errors/00003.jsonl`,
 * `stats/00003.json`, `completions/00003`); earlier stages of a multi-stage pipeline write
 * theirs under a folder named after the stage, and their own data under `stages/`.
 */
export const RUN_FILE = "run.json";
export const DIRS = { output: "output", removed: "removed", errors: "errors", stats: "stats", completions: "completions", stages: "stages" } as const;
/** Everything `--restart` may delete; anything else in the directory is the user's. */
export const RUN_ENTRIES = [RUN_FILE, ...Object.values(DIRS), "tokens", "contamination", "slurm", "stats.json", "report.html"];

export { taskName };

export function writeFileAtomic(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = path + ".tmp";
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function ensureRunDirs(runDir: string): void {
  for (const d of Object.values(DIRS)) mkdirSync(join(runDir, d), { recursive: true });
}

/** Where one task of one stage keeps its files. */
export interface StagePaths {
  completion: string;
  stats: string;
  errors: string;
  /** Documents passed to the next segment (non-last segments). */
  forward?: string;
  /** Folders that hold this stage-task's files and nothing of another stage-task with the same name. */
  owned: { dir: string; deep: boolean }[];
}

function isTop(stage: Stage): boolean {
  return stage.kind === "segment" && stage.last;
}

export function stagePaths(runDir: string, steps: StepSpec[], stage: Stage, task: number): StagePaths {
  const name = taskName(task);
  const sub = isTop(stage) ? "" : stage.name;
  const paths: StagePaths = {
    completion: join(runDir, DIRS.completions, sub, name),
    stats: join(runDir, DIRS.stats, sub, `${name}.json`),
    errors: join(runDir, DIRS.errors, sub, `${name}.jsonl`),
    owned: [
      { dir: join(runDir, DIRS.completions, sub), deep: false },
      { dir: join(runDir, DIRS.stats, sub), deep: false },
      { dir: join(runDir, DIRS.errors, sub), deep: false },
    ],
  };
  if (stage.kind === "segment") {
    for (let i = stage.from; i < stage.to; i++) {
      paths.owned.push({ dir: join(runDir, DIRS.removed, steps[i].instance), deep: false });
      const own = steps[i].output_dir;
      if (own) paths.owned.push({ dir: join(runDir, own), deep: true });
    }
    if (stage.last) paths.owned.push({ dir: join(runDir, DIRS.output), deep: true });
    if (stage.barrier !== undefined) {
      paths.forward = join(runDir, DIRS.stages, stage.name);
      paths.owned.push({ dir: paths.forward, deep: false });
      paths.owned.push({ dir: join(stepDir(runDir, steps[stage.barrier]), "index"), deep: true });
    }
  } else {
    paths.owned.push({ dir: join(stepDir(runDir, steps[stage.step]), stage.phase), deep: true });
  }
  return paths;
}

export function stepDir(runDir: string, step: StepSpec): string {
  return join(runDir, DIRS.stages, step.instance);
}

export function isStageTaskDone(runDir: string, steps: StepSpec[], stage: Stage, task: number): boolean {
  return existsSync(stagePaths(runDir, steps, stage, task).completion);
}

/** Deletes whatever an earlier, unfinished attempt of this stage-task left (finished parts and temp files). */
export function cleanStageTask(paths: StagePaths, task: number): void {
  const prefix = taskName(task);
  const mine = (name: string) => name.startsWith(prefix) && (name.length === prefix.length || name[prefix.length] === "." || name[prefix.length] === "-");
  const walk = (dir: string, deep: boolean) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (deep) walk(p, deep);
      } else if (mine(entry.name)) rmSync(p, { force: true });
    }
  };
  for (const o of paths.owned) walk(o.dir, o.deep);
}

/** `--restart`: removes the run's own files, leaving anything else in the directory alone. */
export function wipeRun(runDir: string): void {
  for (const e of RUN_ENTRIES) rmSync(join(runDir, e), { recursive: true, force: true });
}
