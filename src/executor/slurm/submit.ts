import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PipelineConfig } from "../../config/load.js";
import { UserError } from "../../core/errors.js";
import type { Stage } from "../../plan/stages.js";
import type { RunManifest } from "../../run/manifest.js";
import { isStageTaskDone, writeJsonAtomic } from "../../run/run-dir.js";
import { maxArraySize, queuedJobs, slurm } from "./slurm-cli.js";

/** `slurm/jobs.json`: what was submitted, so status, cancel and resubmission know the jobs. */
export interface SlurmJobs {
  /** Per array: its stage, job id, file base name (logs are `logs/<base>-<element>.log`) and each element's tasks. */
  submitted: { stage: string; job: string; base: string; tasks: number[][] }[];
}

const BIN = fileURLToPath(new URL("../../../../bin/winnow.js", import.meta.url));

export function slurmDir(runDir: string): string {
  return join(runDir, "slurm");
}

export function readJobs(runDir: string): SlurmJobs {
  const file = join(slurmDir(runDir), "jobs.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SlurmJobs) : { submitted: [] };
}

/** Job ids of this run that the queue still holds. */
export function activeJobs(runDir: string): string[] {
  const ids = [...new Set(readJobs(runDir).submitted.map((s) => s.job))];
  return [...queuedJobs(ids).keys()];
}

/**
 * Submits every unfinished task as Slurm array jobs: one array (or several, past the cluster's
 * MaxArraySize) per stage, each stage after the previous with `afterok`. Each element runs
 * `winnow run-task` for its tasks; a task is done when its completion marker exists, exactly
 * as locally, so resubmitting is just submitting what has no marker yet.
 */
export function submitSlurm(cfg: PipelineConfig, manifest: RunManifest): SlurmJobs["submitted"] {
  const runDir = cfg.output;
  const active = activeJobs(runDir);
  if (active.length) {
    throw new UserError(`jobs of this run are still in the Slurm queue (${active.join(", ")}): wait for them, or run winnow cancel ${runDir}`);
  }
  const dir = slurmDir(runDir);
  mkdirSync(join(dir, "logs"), { recursive: true });
  const s = cfg.slurm;
  const limit = s.max_array_size ?? maxArraySize();
  const jobs: SlurmJobs = readJobs(runDir);
  const now: SlurmJobs["submitted"] = [];
  let previous: string[] = [];
  for (const stage of manifest.stages) {
    const pending = Array.from({ length: stage.tasks }, (_, t) => t).filter((t) => !isStageTaskDone(runDir, manifest.config.steps, stage, t));
    if (pending.length === 0) continue;
    const elements: number[][] = [];
    for (let i = 0; i < pending.length; i += s.tasks_per_job) elements.push(pending.slice(i, i + s.tasks_per_job));
    const ids: string[] = [];
    for (let a = 0; a * limit < elements.length; a++) {
      const chunk = elements.slice(a * limit, (a + 1) * limit);
      const base = `${stage.name}-${a}`;
      writeFileSync(join(dir, `${base}.tasks`), chunk.map((tasks) => tasks.join(" ")).join("\n") + "\n");
      const script = join(dir, `${base}.sbatch`);
      writeFileSync(script, sbatchScript(cfg, stage, runDir, base, chunk.length));
      const args = ["--parsable", "--kill-on-invalid-dep=yes"];
      if (previous.length) args.push(`--dependency=afterok:${previous.join(":")}`);
      const job = slurm("sbatch", [...args, script]).trim().split(";")[0];
      ids.push(job);
      now.push({ stage: stage.name, job, base, tasks: chunk });
      jobs.submitted.push(now[now.length - 1]);
      writeJsonAtomic(join(dir, "jobs.json"), jobs);
    }
    previous = ids;
  }
  return now;
}

function sbatchScript(cfg: PipelineConfig, stage: Stage, runDir: string, base: string, elements: number): string {
  const s = cfg.slurm;
  const q = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=${`winnow-${cfg.name}-${stage.name}`.replace(/[^\w.-]/g, "_")}`,
    `#SBATCH --array=0-${elements - 1}%${s.max_parallel}`,
    `#SBATCH --cpus-per-task=${s.cpus_per_task}`,
    `#SBATCH --mem=${s.mem}`,
    `#SBATCH --time=${s.time}`,
    `#SBATCH --output=${join(slurmDir(runDir), "logs", `${base}-%a.log`)}`,
    ...(s.partition ? [`#SBATCH --partition=${s.partition}`] : []),
    ...(s.account ? [`#SBATCH --account=${s.account}`] : []),
    ...(s.qos ? [`#SBATCH --qos=${s.qos}`] : []),
    ...s.sbatch_lines.map((l) => `#SBATCH ${l}`),
    "# Written by winnow: runs the tasks on line $SLURM_ARRAY_TASK_ID+1 of the task list, one after another.",
    "set -euo pipefail",
    `tasks=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${q(join(slurmDir(runDir), `${base}.tasks`))})`,
    "for task in $tasks; do",
    `  ${q(process.execPath)} ${q(BIN)} run-task ${q(runDir)} --stage ${q(stage.name)} --task "$task"`,
    "done",
    "",
  ];
  return lines.join("\n");
}

/** The log of the array element that last ran a task, if any. */
export function taskLog(runDir: string, stage: string, task: number): string | undefined {
  const jobs = readJobs(runDir).submitted.filter((j) => j.stage === stage);
  for (const j of jobs.reverse()) {
    const element = j.tasks.findIndex((tasks) => tasks.includes(task));
    if (element !== -1) return join(slurmDir(runDir), "logs", `${j.base}-${element}.log`);
  }
  return undefined;
}
