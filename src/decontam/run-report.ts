import { existsSync } from "node:fs";
import { join } from "node:path";
import { isStageTaskDone, readJson, taskName, writeJsonAtomic } from "../run/run-dir.js";
import type { RunManifest } from "../run/manifest.js";
import { ContaminationTally, type ContaminationFindings, type TaskFindings } from "./tally.js";

/** The run folder the `decontaminate` step writes its per-task findings to. */
export const CONTAMINATION_DIR = "contamination";

/**
 * Merges the per-task findings of every `decontaminate` instance of a run into
 * `contamination/<instance>.json` (same shape as `winnow decontaminate`'s report), reading only
 * tasks whose stage finished: a failed attempt's leftovers are not counted. Returns the reports
 * by instance name (none when the pipeline has no such step).
 */
export function writeRunContamination(runDir: string, manifest: RunManifest): Record<string, ContaminationFindings> {
  const out: Record<string, ContaminationFindings> = {};
  const steps = manifest.config.steps;
  steps.forEach((spec, i) => {
    if (spec.step !== "decontaminate") return;
    const stage = manifest.stages.find((s) => s.kind === "segment" && i >= s.from && i < s.to);
    if (!stage) return;
    let tally: ContaminationTally | undefined;
    for (let t = 0; t < stage.tasks; t++) {
      const file = join(runDir, CONTAMINATION_DIR, spec.instance, `${taskName(t)}.json`);
      if (!isStageTaskDone(runDir, steps, stage, t) || !existsSync(file)) continue;
      const part = readJson<TaskFindings>(file);
      tally ??= new ContaminationTally(part, part.benchmarks);
      tally.scannedDocs(part.documents_scanned);
      for (const d of part.documents) tally.add(d.id, d.matches);
    }
    if (!tally) return;
    out[spec.instance] = tally.report();
    writeJsonAtomic(join(runDir, CONTAMINATION_DIR, `${spec.instance}.json`), out[spec.instance]);
  });
  return out;
}
