import { Worker } from "node:worker_threads";
import type { TaskStats } from "../../stats/task-stats.js";
import type { FromWorker, ToWorker } from "./messages.js";

export interface PoolEvents {
  progress(task: number, docs: number, bytes: number): void;
  done(task: number, stats: TaskStats): void;
  failed(task: number, message: string): void;
}

/** One worker thread and what it is doing now. */
interface Slot {
  worker: Worker;
  /** The task it runs, or -1. */
  current: number;
  /** Where its messages go while a stage runs. */
  onMessage?: (m: FromWorker) => void;
  /** Called when it exits while a stage runs. */
  onExit?: () => void;
  /** Why it crashed, when it did. */
  crash?: string;
}

/**
 * A worker's young generation, in MB. V8 grows it with the allocation rate (to 48 MB on 64-bit),
 * and streaming documents allocate fast: the more tasks a worker ran, the higher its peak RSS.
 * 16 MB keeps it flat at no measured CPU cost (BENCHMARKS.md, pipeline notes); 6 MB cost MinHash
 * about 15 % more CPU (objects promoted before they die).
 */
const YOUNG_GENERATION_MB = 16;

/**
 * Worker threads for every stage of one run (main thread: queue and progress only; each worker
 * reads, processes and writes its own task). Workers start before planning, so that loading
 * the engine and the run's step modules (0.1–0.3 s per thread) overlaps the main thread's work, and live
 * until the run ends, so a multi-stage job pays for that once rather than once per stage.
 *
 *   main ──{run: stage 1, task 7}──▶ worker ──reads input, writes output/00007…──▶ disk
 *        ◀─progress / done(stats) / failed──
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];

  /** `steps`: names of the steps the run uses, which each worker loads as it starts. */
  constructor(
    private readonly runDir: string,
    warm: number,
    private readonly steps: readonly string[],
  ) {
    this.grow(warm);
  }

  private grow(n: number): void {
    while (this.slots.length < n) this.spawn();
  }

  private spawn(): Slot {
    const options = { workerData: { runDir: this.runDir, steps: this.steps }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } };
    const slot: Slot = { worker: new Worker(new URL("./worker.js", import.meta.url), options), current: -1 };
    slot.worker.on("message", (m: FromWorker) => slot.onMessage?.(m));
    // A crash (out of memory, a native fault) is followed by "exit", which reports it.
    slot.worker.on("error", (err) => (slot.crash = `worker crashed: ${err.message}`));
    slot.worker.on("exit", () => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.onExit?.();
    });
    this.slots.push(slot);
    return slot;
  }

  /** Runs one stage's tasks on up to `workers` threads; `queue` is consumed in order, so pass it largest first. */
  runStage(stage: number, queue: number[], workers: number, events: PoolEvents, signal: AbortSignal): Promise<void> {
    const next = [...queue];
    if (next.length === 0) return Promise.resolve();
    this.grow(Math.max(1, Math.min(workers, next.length)));
    const active = this.slots.slice(0, Math.max(1, Math.min(workers, next.length)));
    return new Promise((resolve) => {
      let busy = 0;
      const send = (slot: Slot, m: ToWorker) => slot.worker.postMessage(m);
      const stop = () => this.slots.forEach((slot) => send(slot, { type: "stop" }));
      signal.addEventListener("abort", stop, { once: true });
      const finish = () => {
        signal.removeEventListener("abort", stop);
        resolve();
      };
      const feed = (slot: Slot) => {
        const task = signal.aborted ? undefined : next.shift();
        if (task === undefined) {
          slot.current = -1;
          slot.onMessage = slot.onExit = undefined;
          if (--busy === 0) finish();
          return;
        }
        slot.current = task;
        send(slot, { type: "run", stage, task });
      };
      const attach = (slot: Slot) => {
        busy++;
        slot.onMessage = (m) => {
          if (m.type === "progress") return events.progress(m.task, m.docs, m.bytes);
          if (m.type === "done") events.done(m.task, m.stats);
          else if (!m.interrupted) events.failed(m.task, m.message);
          feed(slot);
        };
        slot.onExit = () => {
          // The worker died: its task fails, and a fresh worker takes the rest of the queue.
          if (slot.current !== -1 && !signal.aborted) events.failed(slot.current, slot.crash ?? "worker exited unexpectedly");
          slot.current = -1;
          slot.onMessage = slot.onExit = undefined;
          if (!signal.aborted && next.length > 0) {
            const fresh = this.spawn();
            attach(fresh);
            feed(fresh);
          }
          if (--busy === 0) finish();
        };
      };
      for (const slot of active) {
        attach(slot);
        feed(slot);
      }
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
  }
}
