import type { z } from "zod";
import type { Doc } from "./doc.js";

/**
 * What a running step may do besides returning documents. One context per step instance
 * and task; `count`/`reject` take only the names the step declared, so a typo does not compile.
 */
export interface StepContext<C extends string = string> {
  /** Instance name: the key in the pipeline (`length`, or `length_2` when repeated). */
  readonly step: string;
  readonly task: number;
  readonly seed: number;
  readonly signal: AbortSignal;
  count(counter: C, n?: number): void;
  /** Records a value in a mergeable metric (count, sum, min, max, mean, variance). */
  observe(metric: string, value: number): void;
  /** The document leaves the pipeline, into `removed/<step>/` with this reason. */
  reject(doc: Doc, reason: C, value?: unknown): void;
  /** The document could not be processed: it goes to `errors/` with the message. */
  fail(doc: Doc, err: unknown): void;
  /** Where this task writes kept documents (used by `write`). */
  readonly io: TaskIO;
}

/** File outputs a step may open for the task it runs in. */
export interface TaskIO {
  readonly runDir: string;
  /** `00003`: the prefix of every file this task writes. */
  readonly taskName: string;
  /** Called by the terminal step with the documents it kept. */
  kept(docs: readonly Doc[]): void;
  /** Called by the terminal step with the bytes it wrote to disk. */
  wrote(bytes: number): void;
  /** `stages/<step>/` of the run: where a multi-stage step keeps its index and decisions. */
  readonly stepDir: string;
  /** Number of input tasks in the run. */
  readonly tasks: number;
  /** Total size of the run's input files: what multi-stage steps size their stages from. */
  readonly inputBytes: number;
}

/**
 * A step instance: takes a batch, returns the documents that go on. Batches keep the
 * per-document overhead of async iteration out of the hot path.
 */
export interface StepRuntime {
  process(batch: Doc[]): Doc[] | Promise<Doc[]>;
  /** End of the task's input: emit what was held back, close files. */
  finish?(): Doc[] | void | Promise<Doc[] | void>;
  /** The task stopped early (interrupt or failure): release resources, keep nothing. */
  abort?(): void;
}

export type StepRole = "filter" | "transform" | "writer" | "barrier";

/**
 * A registered step. The zod schema is the only source of its options: users write
 * `z.input<S>`, `create` receives `z.output<S>` with defaults filled in.
 */
export interface StepDef<S extends z.ZodType = z.ZodType, C extends string = string> {
  readonly name: string;
  readonly role: StepRole;
  /** One line for `winnow steps` and the JSON Schema. */
  readonly summary: string;
  readonly schema: S;
  /** Every counter and removal reason the step may use. */
  readonly counters: readonly C[];
  /**
   * A folder of the run directory this step writes files to, named by task (`tokens` →
   * `tokens/00003.bin`), so that an interrupted task's leftovers there are cleaned too.
   */
  readonly outputDir?: string;
  create(cfg: z.output<S>, ctx: StepContext<C>): StepRuntime | Promise<StepRuntime>;
}

export function defineStep<S extends z.ZodType, const C extends string>(def: StepDef<S, C>): StepDef<S, C> {
  return def;
}

/** Sees, in order, every document that reaches a barrier step in one task (phase 1 of a multi-stage step). */
export interface Indexer {
  add(docs: readonly Doc[]): void;
  finish(): void | Promise<void>;
  abort?(): void;
}

/** A global stage of a multi-stage step: `tasks` tasks that run once every input task was indexed. */
export interface GlobalStage {
  phase: string;
  tasks: number;
}

/** What a multi-stage step's index and global phases may use. */
export interface BarrierContext<C extends string = string> {
  readonly step: string;
  readonly task: number;
  /** Number of input tasks in the run. */
  readonly tasks: number;
  /** Total size of the run's input files (the `plan.inputBytes` that `stages` was given). */
  readonly inputBytes: number;
  readonly seed: number;
  readonly signal: AbortSignal;
  /** `stages/<step>/`: this step's own files, named so that a task's leftovers can be cleaned. */
  readonly stepDir: string;
  count(counter: C, n?: number): void;
}

/**
 * A step that needs all data before it decides (deduplication, global bloom filters). The
 * pipeline is cut at it: (1) `index` runs at the end of each task of the segment before it,
 * (2) its global `stages` run, (3) `create` gives the runtime that starts the next segment and
 * sees the same documents in the same order, so it can drop the ones the global stages chose.
 * Memory in every phase must be bounded by buffers, not by corpus size.
 */
export interface BarrierStepDef<S extends z.ZodType = z.ZodType, C extends string = string> extends StepDef<S, C> {
  readonly role: "barrier";
  index(cfg: z.output<S>, ctx: BarrierContext<C>): Indexer | Promise<Indexer>;
  stages(cfg: z.output<S>, plan: { tasks: number; inputBytes: number }): GlobalStage[];
  runStage(cfg: z.output<S>, phase: string, task: number, ctx: BarrierContext<C>): Promise<void>;
}

export function isBarrier(def: StepDef): def is BarrierStepDef {
  return def.role === "barrier";
}

export function defineBarrierStep<S extends z.ZodType, const C extends string>(def: BarrierStepDef<S, C>): BarrierStepDef<S, C> {
  return def;
}
