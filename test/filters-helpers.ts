import type { Doc } from "../src/core/doc.js";
import type { StepContext, StepDef } from "../src/core/step.js";

export interface Rejection {
  doc: Doc;
  reason: string;
  value?: unknown;
}

/** What a filter did to a batch: survivors, rejects with reasons, failures and counters. */
export interface FilterRun {
  kept: Doc[];
  rejected: Rejection[];
  failed: { doc: Doc; err: unknown }[];
  counts: Map<string, number>;
}

/** A StepContext that records instead of writing files, so a filter runs without the engine. */
export function recordingContext(step: string, seed = 0): StepContext & FilterRun {
  const rec: FilterRun = { kept: [], rejected: [], failed: [], counts: new Map() };
  return {
    ...rec,
    step,
    task: 0,
    seed,
    signal: new AbortController().signal,
    count(counter, n = 1) {
      rec.counts.set(counter, (rec.counts.get(counter) ?? 0) + n);
    },
    observe() {},
    reject(doc, reason, value) {
      rec.rejected.push({ doc, reason, value });
    },
    fail(doc, err) {
      rec.failed.push({ doc, err });
    },
    // Filters write no files; leaving io out keeps this helper independent of TaskIO's shape.
    io: undefined as unknown as StepContext["io"],
  };
}

/** Runs a filter step, options parsed by its schema, over the documents. */
export async function runFilter(step: StepDef, options: object, docs: Doc[], seed = 0): Promise<FilterRun> {
  const ctx = recordingContext(step.name, seed);
  const runtime = await step.create(step.schema.parse(options), ctx);
  const kept = await runtime.process(docs);
  return { kept, rejected: ctx.rejected, failed: ctx.failed, counts: ctx.counts };
}

/** The reason a filter gives one text, or undefined when it keeps it. */
export async function reasonFor(step: StepDef, text: string, options: object = {}): Promise<string | undefined> {
  const run = await runFilter(step, options, [doc(text)]);
  if (run.failed.length) throw run.failed[0].err;
  return run.rejected[0]?.reason;
}

export function doc(text: string, id = "doc", metadata: Record<string, unknown> = {}): Doc {
  return { id, text, metadata };
}
