import { parentPort, workerData } from "node:worker_threads";
import { errorMessage } from "../../core/errors.js";
import { registry } from "../../core/registry.js";
import { readManifest, type RunManifest } from "../../run/manifest.js";
import { runTask } from "../../run/task-runner.js";
import type { FromWorker, ToWorker } from "./messages.js";

/** Progress messages at most this often: enough for a smooth bar, negligible cost. */
const PROGRESS_MS = 200;

const { runDir, steps } = workerData as { runDir: string; steps: readonly string[] };
// Load the run's steps now, before the first task arrives. A step that fails to load fails
// again in the task, which reports it where task failures go.
for (const step of steps) {
  try {
    registry.get(step);
  } catch {
    // reported by the task
  }
}
// Read at the first task: the worker starts while the main thread is still planning the run.
let manifest: RunManifest | undefined;
const port = parentPort!;
let controller: AbortController | null = null;
const post = (m: FromWorker) => port.postMessage(m);

port.on("message", (msg: ToWorker) => {
  if (msg.type === "stop") controller?.abort(new Error("interrupted"));
  else void run(msg.stage, msg.task);
});

async function run(stage: number, task: number): Promise<void> {
  controller = new AbortController();
  const signal = controller.signal;
  let last = 0;
  try {
    manifest ??= readManifest(runDir);
    const stats = await runTask(runDir, manifest, task, {
      signal,
      onProgress(docs, bytes) {
        const now = Date.now();
        if (now - last >= PROGRESS_MS) {
          last = now;
          post({ type: "progress", task, docs, bytes });
        }
      },
    }, stage);
    post({ type: "done", task, stats });
  } catch (err) {
    post({ type: "failed", task, message: errorMessage(err), interrupted: signal.aborted });
  } finally {
    controller = null;
  }
}
