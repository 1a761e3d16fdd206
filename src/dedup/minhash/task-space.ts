import { UserError } from "../../core/errors.js";
import type { BarrierContext } from "../../core/step.js";
import { openSavedIndex, type SavedIndex } from "../saved-index.js";
import { files } from "./files.js";
import type { MinhashOptions } from "./options.js";

/** Options that decide signatures and buckets: an earlier run's index is comparable only when they are equal. */
const KEY_OPTIONS = ["ngram", "unit", "bands", "rows", "threshold", "permutations", "verify"] as const;

/**
 * The documents the buckets and cluster stages see, as (task, ordinal) nodes. Without
 * `against`, tasks are the run's. With it, the earlier run's tasks come first (0..earlier−1)
 * and this run's follow, so that "first in input order" puts the earlier corpus first and its
 * documents are found in its own step folder.
 */
export class TaskSpace {
  constructor(
    readonly stepDir: string,
    readonly tasks: number,
    readonly saved?: SavedIndex,
  ) {}

  /** Tasks of the earlier run, numbered before this run's. */
  get earlier(): number {
    return this.saved?.tasks ?? 0;
  }

  /** The path of a per-task file (`files.docs`, `files.sigs`…) of node task `task`. */
  file(f: (stepDir: string, task: number) => string, task: number): string {
    return task < this.earlier ? f(this.saved!.stepDir, task) : f(this.stepDir, task - this.earlier);
  }
}

export function openSavedMinhash(cfg: MinhashOptions): SavedIndex | undefined {
  if (cfg.against === undefined) return undefined;
  return openSavedIndex(cfg.against, "minhash_dedup", cfg, KEY_OPTIONS, (t) => files.bands("", t));
}

export function taskSpace(cfg: MinhashOptions, ctx: BarrierContext): TaskSpace {
  const saved = openSavedMinhash(cfg);
  if (saved && saved.seed !== ctx.seed) {
    throw new UserError(`against: seed is ${ctx.seed} here but ${saved.seed} in the earlier run: MinHash signatures would not compare; use the same seed`);
  }
  return new TaskSpace(ctx.stepDir, ctx.tasks, saved);
}
