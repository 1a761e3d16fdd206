import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { PipelineConfig } from "../config/load.js";
import { runPool } from "../executor/local/pool.js";
import { Progress } from "../executor/progress.js";
import { emptyTaskStats, ledgerBalance, mergeStats, type TaskStats } from "../stats/task-stats.js";
import type { RunManifest } from "./manifest.js";
import { prepareRun } from "./prepare.js";
import { DIRS, isTaskDone, readJson, taskName, writeJsonAtomic } from "./run-dir.js";
import type { RunSummary } from "./summary.js";

export interface RunOptions {
  workers?: number;
  restart?: boolean;
  progress?: "bar" | "lines" | "off";
  progressStream?: NodeJS.WriteStream;
  /** Aborting stops the run cleanly: running tasks are dropped, finished ones stay finished. */
  signal?: AbortSignal;
}

/**
 * Runs a pipeline on this machine: plan (or resume), run unfinished tasks on worker threads,
 * merge every task's stats into `stats.json` and check the ledger over the whole run.
 */
export async function runPipeline(cfg: PipelineConfig, opts: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  const manifest = await prepareRun(cfg, opts.restart ?? false);
  const runDir = cfg.output;
  const signal = opts.signal ?? new AbortController().signal;
  const pending = manifest.tasks
    .filter((t) => !isTaskDone(runDir, t.index))
    .sort((a, b) => b.bytes - a.bytes || a.index - b.index);
  const workers = Math.max(1, Math.min(opts.workers ?? cfg.workers ?? availableParallelism(), pending.length || 1));

  const progress = new Progress(
    pending.reduce((a, t) => a + t.bytes, 0),
    pending.length,
    opts.progressStream ?? process.stderr,
    opts.progress ?? "off",
  );
  const failed: { task: number; message: string }[] = [];
  const thisRun = { docs: 0, bytes: 0 };
  await runPool(
    runDir,
    pending.map((t) => t.index),
    workers,
    {
      progress: (task, docs, bytes) => progress.update(task, docs, bytes),
      done: (task, stats) => {
        thisRun.docs += stats.read;
        thisRun.bytes += stats.input_bytes;
        progress.finishTask(task, stats.read, stats.input_bytes);
      },
      failed: (task, message) => {
        failed.push({ task, message });
        progress.dropTask(task);
      },
    },
    signal,
  );
  progress.stop();

  const { totals, done } = mergeRunStats(runDir, manifest);
  const ledger = ledgerBalance(totals);
  writeJsonAtomic(join(runDir, "stats.json"), {
    name: cfg.name,
    config_hash: manifest.config_hash,
    tasks_total: manifest.tasks.length,
    tasks_done: done,
    complete: done === manifest.tasks.length,
    ledger,
    ...totals,
  });
  return {
    name: cfg.name,
    runDir,
    tasksTotal: manifest.tasks.length,
    tasksDone: done,
    tasksSkipped: manifest.tasks.length - pending.length,
    failed: failed.sort((a, b) => a.task - b.task),
    interrupted: signal.aborted,
    workers,
    wallSeconds: (Date.now() - started) / 1000,
    totals,
    thisRun,
  };
}

/** Sums `stats/<task>.json` of every finished task, in task order. */
export function mergeRunStats(runDir: string, manifest: RunManifest): { totals: TaskStats; done: number } {
  let totals: TaskStats = { ...emptyTaskStats(manifest.config.steps.map((s) => s.instance)), tasks: 0 };
  let done = 0;
  for (const t of manifest.tasks) {
    if (!isTaskDone(runDir, t.index)) continue;
    totals = mergeStats(totals, readJson<TaskStats>(join(runDir, DIRS.stats, `${taskName(t.index)}.json`)));
    done++;
  }
  return { totals, done };
}
