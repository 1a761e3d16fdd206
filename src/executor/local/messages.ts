import type { TaskStats } from "../../stats/task-stats.js";

/** Main thread → worker. Only task numbers cross: the worker reads its own input. */
export type ToWorker = { type: "run"; stage: number; task: number } | { type: "stop" };

/** Worker → main thread: small messages only. */
export type FromWorker =
  | { type: "progress"; task: number; docs: number; bytes: number }
  | { type: "done"; task: number; stats: TaskStats }
  | { type: "failed"; task: number; message: string; interrupted: boolean };
