import { emptyMetric, mergeMetric, type Metric } from "./metric.js";

export interface StepStats {
  step: string;
  docs_in: number;
  docs_out: number;
  /** Characters of the documents entering and leaving the step (leaving: after any rewrite). */
  chars_in: number;
  chars_out: number;
  seconds: number;
  /** Removal reasons (drop mode), would-be reasons (annotate mode) and the step's own counters. */
  counters: Record<string, number>;
  metrics: Record<string, Metric>;
}

/** What one task did; `stats/<task>.json`. The run's `stats.json` is the sum of these. */
export interface TaskStats {
  tasks: number;
  /** Records read from the input: documents plus input records that became errors. */
  read: number;
  /** Documents received from the previous segment of a multi-stage pipeline. */
  received: number;
  kept: number;
  /** Documents passed on to the next segment of a multi-stage pipeline. */
  forwarded: number;
  /** Removed documents per step instance and reason. */
  removed: Record<string, Record<string, number>>;
  /** Input records that are not documents by design (WARC requests, non-HTML responses…), per reason. */
  skipped: Record<string, number>;
  errors: number;
  /** Bytes of input files read (compressed as stored); not what later stages read back. */
  input_bytes: number;
  /** Bytes a multi-stage pipeline's later segments read from the previous segment's files. */
  received_bytes: number;
  chars_read: number;
  chars_kept: number;
  output_bytes: number;
  seconds: number;
  steps: StepStats[];
}

export function emptyTaskStats(steps: readonly string[]): TaskStats {
  return {
    tasks: 1, read: 0, received: 0, kept: 0, forwarded: 0, removed: {}, skipped: {}, errors: 0,
    input_bytes: 0, received_bytes: 0, chars_read: 0, chars_kept: 0, output_bytes: 0, seconds: 0,
    steps: steps.map((step) => ({ step, docs_in: 0, docs_out: 0, chars_in: 0, chars_out: 0, seconds: 0, counters: {}, metrics: {} })),
  };
}

export function totalRemoved(s: TaskStats): number {
  let n = 0;
  for (const reasons of Object.values(s.removed)) for (const c of Object.values(reasons)) n += c;
  return n;
}

/**
 * The ledger: every record read (or received from the previous stage) is kept, removed by
 * exactly one step, an error, or passed on to the next stage. Over a whole run, what was
 * passed on and not yet received is waiting between stages of an unfinished run.
 */
export function ledgerBalance(s: TaskStats): { ok: boolean; message: string } {
  const removed = totalRemoved(s);
  const inFlight = s.forwarded - s.received;
  const ok = s.read === s.kept + removed + s.errors + inFlight;
  return {
    ok,
    message:
      `read ${s.read} ${ok ? "=" : "≠"} kept ${s.kept} + removed ${removed} + errors ${s.errors}` +
      (inFlight !== 0 ? ` + between stages ${inFlight}` : ""),
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Sums task stats; `seconds` adds up CPU-side task time, not wall time. */
export function mergeStats(a: TaskStats, b: TaskStats): TaskStats {
  const removed: Record<string, Record<string, number>> = {};
  for (const src of [a.removed, b.removed]) {
    for (const [step, reasons] of Object.entries(src)) addCounts((removed[step] ??= {}), reasons);
  }
  const skipped = { ...a.skipped };
  addCounts(skipped, b.skipped);
  const steps = a.steps.map((sa, i) => {
    const sb = b.steps[i];
    const counters = { ...sa.counters };
    addCounts(counters, sb.counters);
    const metrics: Record<string, Metric> = { ...sa.metrics };
    for (const [k, m] of Object.entries(sb.metrics)) metrics[k] = mergeMetric(metrics[k] ?? emptyMetric(), m);
    return {
      step: sa.step,
      docs_in: sa.docs_in + sb.docs_in,
      docs_out: sa.docs_out + sb.docs_out,
      chars_in: (sa.chars_in ?? 0) + (sb.chars_in ?? 0),
      chars_out: (sa.chars_out ?? 0) + (sb.chars_out ?? 0),
      seconds: sa.seconds + sb.seconds,
      counters,
      metrics,
    };
  });
  return {
    tasks: a.tasks + b.tasks,
    read: a.read + b.read,
    received: a.received + b.received,
    kept: a.kept + b.kept,
    forwarded: a.forwarded + b.forwarded,
    removed,
    skipped,
    errors: a.errors + b.errors,
    input_bytes: a.input_bytes + b.input_bytes,
    // Absent from stats written before it existed.
    received_bytes: (a.received_bytes ?? 0) + (b.received_bytes ?? 0),
    chars_read: a.chars_read + b.chars_read,
    chars_kept: a.chars_kept + b.chars_kept,
    output_bytes: a.output_bytes + b.output_bytes,
    seconds: a.seconds + b.seconds,
    steps,
  };
}
