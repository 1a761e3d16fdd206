import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Doc } from "../core/doc.js";
import { errorMessage } from "../core/errors.js";
import { registry } from "../core/registry.js";
import type { StepContext, StepRuntime } from "../core/step.js";
import { READERS } from "../readers/index.js";
import { excerpt } from "../readers/reader.js";
import { emptyMetric, observe } from "../stats/metric.js";
import { emptyTaskStats, ledgerBalance, type StepStats, type TaskStats } from "../stats/task-stats.js";
import { ShardedWriter } from "../writers/sharded-writer.js";
import { ErrorLog } from "./error-log.js";
import type { RunManifest } from "./manifest.js";
import { DIRS, cleanTask, completionPath, taskName, writeFileAtomic, writeJsonAtomic } from "./run-dir.js";

export interface TaskHooks {
  signal: AbortSignal;
  /** Called after every batch read, with totals so far. */
  onProgress?(docs: number, bytes: number): void;
}

export class LedgerError extends Error {}

/**
 * Runs one task from scratch: read its slices, pass batches through the steps, write kept,
 * removed and failed documents, check the ledger, then write stats and — last — the
 * completion marker. Anything an earlier attempt left is deleted first.
 */
export async function runTask(runDir: string, manifest: RunManifest, index: number, hooks: TaskHooks): Promise<TaskStats> {
  const started = performance.now();
  const cfg = manifest.config;
  const task = manifest.tasks[index];
  const name = taskName(index);
  cleanTask(runDir, index);

  const stats = emptyTaskStats(cfg.steps.map((s) => s.instance));
  const errors = new ErrorLog(join(runDir, DIRS.errors, `${name}.jsonl`));
  const removedWriters = new Map<string, ShardedWriter>();
  const runtimes: StepRuntime[] = [];

  const removedWriter = (step: string) => {
    let w = removedWriters.get(step);
    if (!w) {
      w = new ShardedWriter({
        dir: join(runDir, DIRS.removed, step),
        prefix: name,
        format: cfg.removed.format,
        maxFileBytes: cfg.removed.max_file_bytes,
      });
      removedWriters.set(step, w);
    }
    return w;
  };

  const contextFor = (step: StepStats): StepContext => ({
    step: step.step,
    task: index,
    seed: cfg.seed,
    signal: hooks.signal,
    count(counter, n = 1) {
      step.counters[counter] = (step.counters[counter] ?? 0) + n;
    },
    observe(metric, value) {
      observe((step.metrics[metric] ??= emptyMetric()), value);
    },
    reject(doc, reason, value) {
      doc.metadata.removed_by = value === undefined ? { step: step.step, reason } : { step: step.step, reason, value };
      removedWriter(step.step).write(doc);
      const reasons = (stats.removed[step.step] ??= {});
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    },
    fail(doc, err) {
      errors.add({ step: step.step, id: doc.id, message: errorMessage(err), excerpt: excerpt(doc.text) });
    },
    io: {
      runDir,
      taskName: name,
      kept(docs) {
        stats.kept += docs.length;
        for (const doc of docs) stats.chars_kept += doc.text.length;
      },
      wrote(bytes) {
        stats.output_bytes += bytes;
      },
    },
  });

  /** Passes a batch through steps[from…]. */
  const flow = async (batch: Doc[], from: number) => {
    for (let i = from; i < runtimes.length && batch.length > 0; i++) {
      const s = stats.steps[i];
      const t0 = performance.now();
      s.docs_in += batch.length;
      batch = await runtimes[i].process(batch);
      s.docs_out += batch.length;
      s.seconds += (performance.now() - t0) / 1000;
    }
  };

  try {
    for (const [i, spec] of cfg.steps.entries()) {
      const def = registry.get(spec.step)!;
      const options = def.schema.parse(spec.options);
      runtimes.push(await def.create(options, contextFor(stats.steps[i])));
    }
    for (const slice of task.slices) {
      let sliceBytes = 0;
      const reader = READERS[slice.format](slice, {
        textKey: cfg.input.text_key,
        idKey: cfg.input.id_key,
        maxDocBytes: cfg.input.max_doc_bytes,
        signal: hooks.signal,
        onBytes: (n) => (sliceBytes += n),
        onError: (e) => {
          stats.read++;
          errors.add(e);
        },
      });
      for await (const batch of reader) {
        if (hooks.signal.aborted) break;
        stats.read += batch.length;
        for (const doc of batch) stats.chars_read += doc.text.length;
        await flow(batch, 0);
        hooks.onProgress?.(stats.read, stats.input_bytes + sliceBytes);
      }
      stats.input_bytes += sliceBytes;
      if (hooks.signal.aborted) throw hooks.signal.reason ?? new Error("aborted");
    }
    for (let i = 0; i < runtimes.length; i++) {
      const held = await runtimes[i].finish?.();
      if (held && held.length) await flow(held, i + 1);
    }
  } catch (err) {
    for (const rt of runtimes) rt.abort?.();
    for (const w of removedWriters.values()) w.abort();
    errors.abort();
    throw err;
  }
  for (const w of removedWriters.values()) w.close();
  errors.close();
  stats.errors = errors.count;
  stats.seconds = (performance.now() - started) / 1000;

  const ledger = ledgerBalance(stats);
  if (!ledger.ok) throw new LedgerError(`task ${name}: ledger violated: ${ledger.message}`);
  writeJsonAtomic(join(runDir, DIRS.stats, `${name}.json`), stats);
  writeFileAtomic(completionPath(runDir, index), "");
  return stats;
}
