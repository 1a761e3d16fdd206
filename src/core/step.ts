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

export type StepRole = "filter" | "transform" | "writer";

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
  create(cfg: z.output<S>, ctx: StepContext<C>): StepRuntime | Promise<StepRuntime>;
}

export function defineStep<S extends z.ZodType, const C extends string>(def: StepDef<S, C>): StepDef<S, C> {
  return def;
}
