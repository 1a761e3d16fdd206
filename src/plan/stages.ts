import type { StepSpec } from "../config/load.js";
import { registry } from "../core/registry.js";
import { isBarrier } from "../core/step.js";

/**
 * A stage is a set of tasks that can run in parallel; stages run in order. A pipeline without
 * multi-stage steps has one segment stage. Each multi-stage (barrier) step cuts the pipeline:
 *
 *   [filters…] ─index─▶ global stages of the step ─▶ [step's apply, filters…, write]
 *     segment 0                                         segment 1 (the last writes output/)
 *
 * Segment stages have one task per input task, so a document keeps its task across stages.
 */
export type Stage =
  | {
      kind: "segment";
      name: string;
      /** Steps [from, to) run in this segment; a barrier at `from` runs its apply phase. */
      from: number;
      to: number;
      /** The barrier step whose index phase ends this segment (undefined in the last segment). */
      barrier?: number;
      last: boolean;
      tasks: number;
    }
  | { kind: "global"; name: string; step: number; phase: string; tasks: number };

export function planStages(steps: StepSpec[], tasks: number, inputBytes: number): Stage[] {
  const cuts = steps.flatMap((s, i) => (isBarrier(registry.get(s.step)!) ? [i] : []));
  const stages: Stage[] = [];
  let from = 0;
  for (const [k, cut] of [...cuts, steps.length].entries()) {
    const last = cut === steps.length;
    stages.push({
      kind: "segment",
      name: cuts.length === 0 ? "main" : `segment-${k}`,
      from,
      to: cut,
      barrier: last ? undefined : cut,
      last,
      tasks,
    });
    if (last) break;
    const def = registry.get(steps[cut].step)!;
    if (!isBarrier(def)) throw new Error("unreachable: cut at a non-barrier step");
    for (const g of def.stages(def.schema.parse(steps[cut].options), { tasks, inputBytes })) {
      stages.push({ kind: "global", name: `${steps[cut].instance}-${g.phase}`, step: cut, phase: g.phase, tasks: g.tasks });
    }
    from = cut;
  }
  return stages;
}
