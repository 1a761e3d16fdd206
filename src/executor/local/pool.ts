import { Worker } from "node:worker_threads";
import type { TaskStats } from "../../stats/task-stats.js";
import type { FromWorker, ToWorker } from "./messages.js";

export interface PoolEvents {
  progress(task: number, docs: number, bytes: number): void;
  done(task: number, stats: TaskStats): void;
  failed(task: number, message: string): void;
}

/**
 * Runs one stage's tasks on worker threads (main thread: queue and progress only; each worker reads,
 * processes and writes its own task). `queue` is consumed in order, so pass it largest first.
 *
 *   main ──{run: 7}──▶ worker ──reads input, writes output/00007…──▶ disk
 *        ◀─progress / done(stats) / failed──
 */
export function runPool(runDir: string, stage: number, queue: number[], workers: number, events: PoolEvents, signal: AbortSignal): Promise<void> {
  const next = [...queue];
  const count = Math.max(1, Math.min(workers, next.length));
  return new Promise((resolve) => {
    let alive = 0;
    const start = () => {
      const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: { runDir } });
      const send = (m: ToWorker) => worker.postMessage(m);
      let current = -1;
      alive++;
      const feed = () => {
        const task = signal.aborted ? undefined : next.shift();
        if (task === undefined) {
          current = -1;
          void worker.terminate();
          return;
        }
        current = task;
        send({ type: "run", stage, task });
      };
      const stop = () => send({ type: "stop" });
      signal.addEventListener("abort", stop, { once: true });
      worker.on("message", (m: FromWorker) => {
        if (m.type === "progress") events.progress(m.task, m.docs, m.bytes);
        else {
          if (m.type === "done") events.done(m.task, m.stats);
          else if (!m.interrupted) events.failed(m.task, m.message);
          feed();
        }
      });
      worker.on("error", (err) => {
        // A crash (out of memory, a native fault) fails the task it was running; a fresh worker goes on.
        if (current !== -1) events.failed(current, `worker crashed: ${err.message}`);
        current = -1;
      });
      worker.on("exit", () => {
        signal.removeEventListener("abort", stop);
        alive--;
        if (current !== -1 && !signal.aborted) {
          events.failed(current, "worker exited unexpectedly");
          current = -1;
        }
        if (!signal.aborted && next.length > 0) start();
        else if (alive === 0) resolve();
      });
      feed();
    };
    if (next.length === 0) resolve();
    else for (let i = 0; i < count; i++) start();
  });
}
