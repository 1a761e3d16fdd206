import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/errors.js";
import { registry } from "../core/registry.js";
import type { ErrorRecord } from "../run/error-log.js";
import { readManifest, type RunManifest } from "../run/manifest.js";
import { DIRS, RUN_FILE, readJson } from "../run/run-dir.js";
import type { TaskStats } from "../stats/task-stats.js";
import { sampleErrors } from "./error-sample.js";
import { sampleRun, type RunSamples } from "./run-samples.js";

/** `stats.json`: the merged task stats and the run's completion (see `summarize`). */
export interface RunStats extends TaskStats {
  name: string;
  tasks_total: number;
  tasks_done: number;
  complete: boolean;
  ledger: { ok: boolean; message: string };
}

export interface ReportStep {
  instance: string;
  /** Writers consume documents: they have no "out" to draw in the funnel. */
  writer: boolean;
}

export interface ReportData {
  runDir: string;
  manifest: RunManifest;
  stats: RunStats;
  steps: ReportStep[];
  samples: RunSamples;
  errors: ErrorRecord[];
}

export interface ReportOptions {
  /** Documents read at most from `output/` and from each `removed/<step>/` (default 1000). */
  sample?: number;
}

const ERRORS_SHOWN = 20;

export async function loadReportData(runDir: string, opts: ReportOptions = {}): Promise<ReportData> {
  if (!existsSync(join(runDir, RUN_FILE))) throw new UserError(`${runDir} is not a winnow run directory (no ${RUN_FILE})`);
  const statsFile = join(runDir, "stats.json");
  if (!existsSync(statsFile)) throw new UserError(`${runDir} has no stats.json yet: the run has not finished once`);
  const manifest = readManifest(runDir);
  const steps = manifest.config.steps.map((s) => ({ instance: s.instance, writer: registry.get(s.step)?.role === "writer" }));
  return {
    runDir,
    manifest,
    stats: readJson<RunStats>(statsFile),
    steps,
    samples: await sampleRun(runDir, steps.map((s) => s.instance), opts.sample ?? 1000),
    errors: await sampleErrors(join(runDir, DIRS.errors), ERRORS_SHOWN),
  };
}
