import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The run directory's layout (see DESIGN.md). Files of a task all start with its 5-digit
 * name, so an unfinished task's leftovers can be found and removed before it is redone.
 */
export const RUN_FILE = "run.json";
export const DIRS = { output: "output", removed: "removed", errors: "errors", stats: "stats", completions: "completions" } as const;
/** Everything `--restart` may delete; anything else in the directory is the user's. */
const RUN_ENTRIES = [RUN_FILE, ...Object.values(DIRS), "stats.json", "report.html"];

export function taskName(index: number): string {
  return String(index).padStart(5, "0");
}

export function writeFileAtomic(path: string, data: string | Buffer): void {
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

export function completionPath(runDir: string, index: number): string {
  return join(runDir, DIRS.completions, taskName(index));
}

export function isTaskDone(runDir: string, index: number): boolean {
  return existsSync(completionPath(runDir, index));
}

export function ensureRunDirs(runDir: string): void {
  for (const d of Object.values(DIRS)) mkdirSync(join(runDir, d), { recursive: true });
}

/** Deletes whatever an earlier, unfinished attempt of this task left (finished parts and temp files). */
export function cleanTask(runDir: string, index: number): void {
  const prefix = taskName(index);
  const mine = (name: string) => name.startsWith(prefix) && (name.length === prefix.length || name[prefix.length] === "." || name[prefix.length] === "-");
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (mine(entry.name)) rmSync(p, { force: true });
    }
  };
  for (const d of [DIRS.output, DIRS.removed, DIRS.errors, DIRS.stats]) walk(join(runDir, d));
  rmSync(completionPath(runDir, index), { force: true });
}

/** `--restart`: removes the run's own files, leaving anything else in the directory alone. */
export function wipeRun(runDir: string): void {
  for (const e of RUN_ENTRIES) rmSync(join(runDir, e), { recursive: true, force: true });
}
