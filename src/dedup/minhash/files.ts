import { join } from "node:path";
import { taskName } from "../../run/task-name.js";

/**
 * Where each stage keeps its files under the step directory. Every name starts with the
 * 5-digit name of the task that writes it, so the engine can clean an interrupted task.
 */
export const files = {
  /** (band, bucket key, task, ordinal) records, partitioned by bucket for the buckets stage. */
  bands: (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.bands`),
  /** Per indexed document: ordinal, keep score and id, for the cluster stage. */
  docs: (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.docs`),
  /** Full signatures by ordinal (verify only). */
  sigs: (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.sigs`),
  /** Bottom-k sketches of the shingle sets with numbers kept, a fixed record per ordinal (verify: sketch). */
  sketches: (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.sketch`),
  /** Sorted distinct shingle hashes of every document, numbers kept (verify: shingles). */
  shingles: (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.shingles`),
  /** Start of each ordinal's set in `.shingles` (u32 values; one more than the documents). */
  shingleOffsets: (stepDir: string, task: number) => join(stepDir, "index", `${taskName(task)}.shoff`),
  /** Distinct edges (task, ordinal) → (task, ordinal) of one buckets partition. */
  edges: (stepDir: string, partition: number) => join(stepDir, "buckets", `${taskName(partition)}.edges`),
  /** Removal decisions, partitioned by the input task they apply to. */
  drops: (stepDir: string) => join(stepDir, "cluster", `${taskName(0)}.drops`),
};
