import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { PipelineConfig } from "../config/load.js";
import { WorkerPool } from "../executor/local/pool.js";
import { Progress } from "../executor/progress.js";
import { emptyTaskStats, ledgerBalance, mergeStats, type TaskStats } from "../stats/task-stats.js";
import type { RunManifest } from "./manifest.js";
import { prepareRun } from "./prepare.js";
import { setTimeout as sleep } from "node:timers/promises";
import { activeJobs, submitSlurm } from "../executor/slurm/submit.js";
import { isStageTaskDone, readJson, stagePaths, writeJsonAtomic } from "./run-dir.js";
import type { RunSummary } from "./summary.js";
import { errorMessage } from "../core/errors.js";
import { writeRunContamination } from "../decontam/run-report.js";
import { publishRunFiles } from "../storage/publish.js";

export interface RunOptions {
  workers?: number;
  restart?: boolean;
  progress?: "bar" | "lines" | "off";
  progressStream?: NodeJS.WriteStream;
  /** Aborting stops the run cleanly: running tasks are dropped, finished ones stay finished. */
  signal?: AbortSignal;
  /** Where tasks run (default: the config's `executor`). */
  executor?: "local" | "slurm";
  /** Slurm: wait for the jobs to finish instead of returning once they are submitted. */
  wait?: boolean;
}

/**
 * Runs a pipeline on this machine: plan (or resume), then each stage in order, its unfinished
 * tasks on worker threads, largest first; then merge every task's stats into `stats.json` and
 * check the ledger over the whole run. A stage with a failed task stops the run there.
 */
export async function runPipeline(cfg: PipelineConfig, opts: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  if ((opts.executor ?? cfg.executor) === "slurm") return runOnSlurm(cfg, await prepareRun(cfg, opts.restart ?? false), opts, started);
  const maxWorkers = opts.workers ?? cfg.workers ?? availableParallelism();
  // Workers start, and load the pipeline's step modules, while this thread plans. All of them:
  // a worker started after planning would begin its first task that much later than the others.
  const pool = new WorkerPool(cfg.output, maxWorkers, cfg.steps.map((s) => s.step));
  let manifest: RunManifest;
  try {
    manifest = await prepareRun(cfg, opts.restart ?? false);
  } catch (err) {
    await pool.close();
    throw err;
  }
  // The report's modules load while the workers run, rather than after them (the main thread is idle meanwhile).
  loadReportWriter().catch(() => {}); // a failure shows where the report is written
  const runDir = cfg.output;
  const signal = opts.signal ?? new AbortController().signal;
  const steps = manifest.config.steps;
  const failed: { task: number; message: string }[] = [];
  const thisRun = { docs: 0, bytes: 0 };
  let skipped = 0;
  let workersUsed = 1;

  try {
    for (const [s, stage] of manifest.stages.entries()) {
      if (failed.length || signal.aborted) break;
      const bytes = (t: number) => (stage.kind === "segment" ? manifest.tasks[t].bytes : 0);
      const all = Array.from({ length: stage.tasks }, (_, t) => t);
      const pending = all.filter((t) => !isStageTaskDone(runDir, steps, stage, t)).sort((a, b) => bytes(b) - bytes(a) || a - b);
      if (stage.kind === "segment" && stage.last) skipped = stage.tasks - pending.length;
      if (pending.length === 0) continue;
      const workers = Math.max(1, Math.min(maxWorkers, pending.length));
      workersUsed = Math.max(workersUsed, workers);
      const progress = new Progress(
        pending.reduce((a, t) => a + bytes(t), 0),
        pending.length,
        opts.progressStream ?? process.stderr,
        opts.progress ?? "off",
        manifest.stages.length > 1 ? `${stage.name} ` : "",
      );
      await pool.runStage(
        s,
        pending,
        workers,
        {
          progress: (task, docs, b) => progress.update(task, docs, b),
          done: (task, stats) => {
            if (stage.kind === "segment" && stage.from === 0) {
              thisRun.docs += stats.read;
              thisRun.bytes += stats.input_bytes;
            }
            progress.finishTask(task, stats.read + stats.received, stats.input_bytes + stats.received_bytes);
          },
          failed: (task, message) => {
            failed.push({ task, message: manifest.stages.length > 1 ? `stage ${stage.name}: ${message}` : message });
            progress.dropTask(task);
          },
        },
        signal,
      );
      progress.stop();
    }
  } finally {
    await pool.close();
  }

  return summarize(cfg, manifest, {
    started,
    skipped,
    failed: failed.sort((a, b) => a.task - b.task),
    interrupted: signal.aborted,
    workers: workersUsed,
    thisRun,
  });
}

/** Submits to Slurm; with `wait`, follows the jobs until the queue no longer holds them. */
async function runOnSlurm(cfg: PipelineConfig, manifest: RunManifest, opts: RunOptions, started: number): Promise<RunSummary> {
  const runDir = cfg.output;
  const last = manifest.stages[manifest.stages.length - 1];
  const doneCount = () => Array.from({ length: last.tasks }, (_, t) => t).filter((t) => isStageTaskDone(runDir, manifest.config.steps, last, t)).length;
  const before = doneCount();
  const submitted = submitSlurm(cfg, manifest);
  const out = opts.progressStream ?? process.stderr;
  if (opts.progress !== "off") out.write(`submitted to Slurm: ${submitted.map((j) => `${j.stage} → job ${j.job}`).join(", ") || "nothing (all tasks done)"}\n`);
  let failed: { task: number; message: string }[] = [];
  if (opts.wait) {
    let lastLine = "";
    while (activeJobs(runDir).length > 0 && !opts.signal?.aborted) {
      const line = `slurm: ${doneCount()}/${last.tasks} tasks done`;
      if (line !== lastLine && opts.progress !== "off") out.write(line + "\n");
      lastLine = line;
      await sleep(1000);
    }
    failed = Array.from({ length: last.tasks }, (_, t) => t)
      .filter((t) => !isStageTaskDone(runDir, manifest.config.steps, last, t))
      .map((task) => ({ task, message: `not finished on Slurm (see winnow status ${runDir})` }));
  }
  return {
    ...(await summarize(cfg, manifest, { started, skipped: before, failed, interrupted: false, workers: 0, thisRun: { docs: 0, bytes: 0 } })),
    submitted: !opts.wait && submitted.length > 0,
  };
}

interface Outcome {
  started: number;
  skipped: number;
  failed: { task: number; message: string }[];
  interrupted: boolean;
  workers: number;
  thisRun: { docs: number; bytes: number };
}

/** Merges the stats of every finished task into `stats.json`, writes `report.html` and builds the summary. */
async function summarize(cfg: PipelineConfig, manifest: RunManifest, o: Outcome): Promise<RunSummary> {
  const runDir = cfg.output;
  const { totals, done } = mergeRunStats(runDir, manifest);
  writeJsonAtomic(join(runDir, "stats.json"), {
    name: cfg.name,
    config_hash: manifest.config_hash,
    tasks_total: manifest.tasks.length,
    tasks_done: done,
    complete: done === manifest.tasks.length,
    ledger: ledgerBalance(totals),
    ...totals,
  });
  const contamination = writeRunContamination(runDir, manifest);
  // The report is a view of the run: failing to draw it must not fail the run.
  try { await (await loadReportWriter()).writeReport(runDir); } catch (err) { process.stderr.write(`winnow: warning: report.html not written: ${errorMessage(err)}\n`); }
  if (cfg.output_url) await publishRunFiles(runDir, cfg.output_url, ["stats.json", "report.html"]);
  return {
    name: cfg.name,
    runDir,
    tasksTotal: manifest.tasks.length,
    tasksDone: done,
    tasksSkipped: o.skipped,
    failed: o.failed,
    interrupted: o.interrupted,
    workers: o.workers,
    wallSeconds: (Date.now() - o.started) / 1000,
    totals,
    thisRun: o.thisRun,
    contamination,
  };
}

/**
 * Sums the stats of every finished task of every stage. `done` counts input tasks whose
 * last stage finished: those whose output is final.
 */
export function mergeRunStats(runDir: string, manifest: RunManifest): { totals: TaskStats; done: number } {
  const steps = manifest.config.steps;
  let totals: TaskStats = { ...emptyTaskStats(steps.map((s) => s.instance)), tasks: 0 };
  let done = 0;
  for (const stage of manifest.stages) {
    for (let t = 0; t < stage.tasks; t++) {
      if (!isStageTaskDone(runDir, steps, stage, t)) continue;
      const stats = readJson<TaskStats>(stagePaths(runDir, steps, stage, t).stats);
      totals = mergeStats(totals, { ...stats, tasks: stage.kind === "segment" && stage.last ? 1 : 0 });
      if (stage.kind === "segment" && stage.last) done++;
    }
  }
  return { totals, done };
}

const loadReportWriter = () => import("../report/write-report.js");
