import { readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Doc } from "../core/doc.js";
import { errorMessage } from "../core/errors.js";
import { registry } from "../core/registry.js";
import { isBarrier, type BarrierContext, type Indexer, type StepContext, type StepRuntime } from "../core/step.js";
import type { Stage } from "../plan/stages.js";
import { READERS } from "../readers/index.js";
import { excerpt, type InputSlice, type ReaderOptions } from "../readers/reader.js";
import { emptyMetric, observe } from "../stats/metric.js";
import { emptyTaskStats, ledgerBalance, type StepStats, type TaskStats } from "../stats/task-stats.js";
import { ShardedWriter } from "../writers/sharded-writer.js";
import { configureStorage, isUrl } from "../storage/index.js";
import { publishTask } from "../storage/publish.js";
import { ErrorLog } from "./error-log.js";
import type { RunManifest } from "./manifest.js";
import { DIRS, cleanStageTask, stagePaths, stepDir, taskName, writeFileAtomic, writeJsonAtomic, type StagePaths } from "./run-dir.js";

export interface TaskHooks {
  signal: AbortSignal;
  /** Called after every batch, with totals so far. */
  onProgress?(docs: number, bytes: number): void;
}

export class LedgerError extends Error {}

/**
 * Runs one task of one stage from scratch, after deleting what an earlier attempt left.
 * Its stats and — last — its completion marker are written only when everything else is
 * complete, so a crash at any point leaves a task that is simply redone.
 */
export async function runTask(runDir: string, manifest: RunManifest, index: number, hooks: TaskHooks, stageIndex = manifest.stages.length - 1): Promise<TaskStats> {
  configureStorage(manifest.config.storage);
  const stage = manifest.stages[stageIndex];
  const paths = stagePaths(runDir, manifest.config.steps, stage, index);
  cleanStageTask(paths, index);
  const started = performance.now();
  const stats = stage.kind === "segment"
    ? await runSegmentTask(runDir, manifest, stage, index, paths, hooks)
    : await runGlobalTask(runDir, manifest, stage, index, hooks);
  stats.seconds = (performance.now() - started) / 1000;
  const ledger = ledgerBalance(stats);
  if (!ledger.ok) throw new LedgerError(`stage ${stage.name}, task ${taskName(index)}: ledger violated: ${ledger.message}`);
  writeJsonAtomic(paths.stats, stats);
  // A URL output: the task's files go up, then its marker there, before it counts as done here.
  const url = manifest.config.output_url;
  if (url && stage.kind === "segment" && stage.last) await publishTask(runDir, url, paths, taskName(index));
  writeFileAtomic(paths.completion, "");
  return stats;
}

/** Read (input or the previous segment's documents) → steps → write, or → index + forward. */
async function runSegmentTask(
  runDir: string,
  manifest: RunManifest,
  stage: Extract<Stage, { kind: "segment" }>,
  index: number,
  paths: StagePaths,
  hooks: TaskHooks,
): Promise<TaskStats> {
  const cfg = manifest.config;
  const name = taskName(index);
  const stats = emptyTaskStats(cfg.steps.map((s) => s.instance));
  const errors = new ErrorLog(paths.errors);
  const removedWriters = new Map<string, ShardedWriter>();
  const runtimes: StepRuntime[] = [];
  const stepIdx: number[] = [];
  let indexer: Indexer | undefined;
  const forward = paths.forward && !rereadsInput(manifest, stage, index)
    ? new ShardedWriter({ dir: paths.forward, prefix: name, format: "jsonl.zst", maxFileBytes: 1e12, level: 1 })
    : undefined;

  const removedWriter = (step: string) => {
    let w = removedWriters.get(step);
    if (!w) {
      w = new ShardedWriter({ dir: join(runDir, DIRS.removed, step), prefix: name, format: cfg.removed.format, maxFileBytes: cfg.removed.max_file_bytes });
      removedWriters.set(step, w);
    }
    return w;
  };

  const contextFor = (step: StepStats, spec: (typeof cfg.steps)[number]): StepContext => ({
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
      stepDir: stepDir(runDir, spec),
      tasks: manifest.tasks.length,
      inputBytes: inputBytesOf(manifest),
      kept(docs) {
        stats.kept += docs.length;
        for (const doc of docs) stats.chars_kept += doc.text.length;
      },
      wrote(bytes) {
        stats.output_bytes += bytes;
      },
    },
  });

  /** Passes a batch through the segment's steps from position `from`; what comes out is forwarded. */
  const flow = async (batch: Doc[], from: number) => {
    for (let i = from; i < runtimes.length && batch.length > 0; i++) {
      const s = stats.steps[stepIdx[i]];
      s.docs_in += batch.length;
      s.chars_in += charsOf(batch);
      const t0 = performance.now();
      batch = await runtimes[i].process(batch);
      s.seconds += (performance.now() - t0) / 1000;
      s.docs_out += batch.length;
      s.chars_out += charsOf(batch);
    }
    if (batch.length && indexer) {
      indexer.add(batch);
      for (const doc of batch) forward?.write(doc);
      stats.forwarded += batch.length;
    }
  };

  try {
    for (let i = stage.from; i < stage.to; i++) {
      const spec = cfg.steps[i];
      const def = registry.get(spec.step)!;
      runtimes.push(await def.create(def.schema.parse(spec.options), contextFor(stats.steps[i], spec)));
      stepIdx.push(i);
    }
    if (stage.barrier !== undefined) {
      const spec = cfg.steps[stage.barrier];
      const def = registry.get(spec.step)!;
      if (!isBarrier(def)) throw new Error(`${spec.instance} is not a multi-stage step`);
      indexer = await def.index(def.schema.parse(spec.options), barrierContext(runDir, manifest, stage.barrier, index, hooks.signal, stats.steps[stage.barrier]));
    }
    const onError = (e: Parameters<ReaderOptions["onError"]>[0]) => {
      stats.read++;
      errors.add(e);
    };
    const ignore = () => {};
    for (const { slice, from } of sources(runDir, manifest, stage, index)) {
      let sliceBytes = 0;
      const counted = from === "input";
      const original = from !== "previous";
      const reader = READERS[slice.format](slice, {
        textKey: original ? cfg.input.text_key : "text",
        idKey: original ? cfg.input.id_key : "id",
        maxDocBytes: original ? cfg.input.max_doc_bytes : Number.MAX_SAFE_INTEGER,
        warc: cfg.input.warc && { contentTypes: cfg.input.warc.content_types, skipTruncated: cfg.input.warc.skip_truncated },
        signal: hooks.signal,
        onBytes: (n) => (sliceBytes += n),
        // Read again, the input's skips and errors were counted by the first segment already.
        onSkip: counted ? (reason) => void (stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1) : ignore,
        onError: counted ? onError : original ? ignore : (e) => {
          throw new Error(`cannot read ${e.source} from the previous stage: ${e.message}`);
        },
      });
      for await (const batch of reader) {
        if (hooks.signal.aborted) break;
        if (counted) {
          stats.read += batch.length;
          for (const doc of batch) stats.chars_read += doc.text.length;
        } else stats.received += batch.length;
        await flow(batch, 0);
        hooks.onProgress?.(stats.read + stats.received, stats.input_bytes + stats.received_bytes + sliceBytes);
      }
      if (counted) stats.input_bytes += sliceBytes;
      else stats.received_bytes += sliceBytes;
      if (hooks.signal.aborted) throw hooks.signal.reason ?? new Error("aborted");
    }
    for (let i = 0; i < runtimes.length; i++) {
      const held = await runtimes[i].finish?.();
      if (held && held.length) await flow(held, i + 1);
    }
    await indexer?.finish();
  } catch (err) {
    for (const rt of runtimes) rt.abort?.();
    indexer?.abort?.();
    forward?.abort();
    for (const w of removedWriters.values()) w.abort();
    errors.abort();
    throw err;
  }
  forward?.close();
  for (const w of removedWriters.values()) w.close();
  errors.close();
  stats.errors = errors.count;
  return stats;
}

/**
 * The first segment reads the task's input slices; later ones the documents the previous
 * segment forwarded, or the input again (`rereadsInput`).
 */
function sources(runDir: string, manifest: RunManifest, stage: Extract<Stage, { kind: "segment" }>, index: number): { slice: InputSlice; from: "input" | "input again" | "previous" }[] {
  const k = manifest.stages.indexOf(stage);
  const previous = manifest.stages.slice(0, k).reverse().find((s) => s.kind === "segment");
  if (!previous) return manifest.tasks[index].slices.map((slice) => ({ slice, from: "input" }));
  if (rereadsInput(manifest, previous, index)) return manifest.tasks[index].slices.map((slice) => ({ slice, from: "input again" }));
  const dir = join(runDir, DIRS.stages, previous.name);
  const name = taskName(index);
  // Parts in write order: 00003.jsonl.zst, then 00003-1.jsonl.zst, 00003-2…
  const part = (f: string) => (f === `${name}.jsonl.zst` ? 0 : Number(f.slice(name.length + 1, -".jsonl.zst".length)));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl.zst") && (f === `${name}.jsonl.zst` || f.startsWith(`${name}-`)))
    .sort((a, b) => part(a) - part(b));
  return files.map((f) => ({ slice: { path: join(dir, f), source: `${previous.name}/${f}`, format: "jsonl.zst" as const }, from: "previous" }));
}

/**
 * A first segment with no step before its barrier (`minhash_dedup` first, say) forwards the
 * input unchanged: the next segment reads the task's local input files again, in the same
 * order, rather than a copy of them. That saves serializing, compressing and storing the
 * whole corpus once (about 15 % of a MinHash job's CPU time). Remote inputs are copied as
 * before, so that they are downloaded once.
 */
function rereadsInput(manifest: RunManifest, segment: Extract<Stage, { kind: "segment" }>, index: number): boolean {
  return manifest.stages[0] === segment && segment.from === segment.to && manifest.tasks[index].slices.every((s) => !isUrl(s.path));
}

function barrierContext(runDir: string, manifest: RunManifest, step: number, task: number, signal: AbortSignal, stats: StepStats): BarrierContext {
  const spec = manifest.config.steps[step];
  return {
    step: spec.instance,
    task,
    tasks: manifest.tasks.length,
    inputBytes: inputBytesOf(manifest),
    seed: manifest.config.seed,
    signal,
    stepDir: stepDir(runDir, spec),
    count(counter, n = 1) {
      stats.counters[counter] = (stats.counters[counter] ?? 0) + n;
    },
  };
}

/** A task of a multi-stage step's global phase: the step does the work; stats hold its counters. */
async function runGlobalTask(runDir: string, manifest: RunManifest, stage: Extract<Stage, { kind: "global" }>, index: number, hooks: TaskHooks): Promise<TaskStats> {
  const cfg = manifest.config;
  const stats = emptyTaskStats(cfg.steps.map((s) => s.instance));
  const spec = cfg.steps[stage.step];
  const def = registry.get(spec.step)!;
  if (!isBarrier(def)) throw new Error(`${spec.instance} is not a multi-stage step`);
  await def.runStage(def.schema.parse(spec.options), stage.phase, index, barrierContext(runDir, manifest, stage.step, index, hooks.signal, stats.steps[stage.step]));
  return stats;
}

export function inputBytesOf(manifest: RunManifest): number {
  return manifest.inputs.reduce((a, f) => a + f.size, 0);
}

function charsOf(docs: readonly Doc[]): number {
  let n = 0;
  for (const d of docs) n += d.text.length;
  return n;
}
