import { formatBytes } from "../io/bytes.js";
import { formatDuration } from "../executor/progress.js";
import { ledgerBalance, type TaskStats } from "../stats/task-stats.js";
import type { ContaminationFindings } from "../decontam/tally.js";

export interface RunSummary {
  name: string;
  runDir: string;
  tasksTotal: number;
  tasksDone: number;
  tasksSkipped: number;
  failed: { task: number; message: string }[];
  interrupted: boolean;
  /** Handed to a cluster scheduler and not waited for. */
  submitted?: boolean;
  workers: number;
  wallSeconds: number;
  /** Totals over every finished task of the run (earlier invocations included). */
  totals: TaskStats;
  /** Work done by this invocation, for rates. */
  thisRun: { docs: number; bytes: number };
  /** Per `decontaminate` instance: benchmark items found (also in `contamination/<instance>.json`). */
  contamination?: Record<string, ContaminationFindings>;
}

const num = (n: number) => n.toLocaleString("en-US");
const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)} %` : "");

/** The end-of-run table: read, kept, removed per step and reason, errors, bytes, time, throughput. */
export function formatSummary(s: RunSummary): string {
  const t = s.totals;
  const rows: [string, string, string][] = [];
  rows.push(["read", num(t.read), ""]);
  rows.push(["kept", num(t.kept), pct(t.kept, t.read)]);
  for (const step of t.steps) {
    const reasons = t.removed[step.step];
    if (!reasons) continue;
    const n = Object.values(reasons).reduce((a, b) => a + b, 0);
    rows.push([`removed by ${step.step}`, num(n), pct(n, t.read)]);
    for (const [reason, c] of Object.entries(reasons).sort((a, b) => b[1] - a[1])) {
      rows.push([`  ${reason}`, num(c), pct(c, t.read)]);
    }
  }
  for (const step of t.steps) {
    const notes = Object.entries(step.counters).filter(([, c]) => c > 0);
    if (notes.length === 0) continue;
    rows.push([`${step.step} (counted, not removed)`, "", ""]);
    // A share of documents read only means something for counters of documents.
    for (const [name, c] of notes) rows.push([`  ${name}`, num(c), c <= t.read ? pct(c, t.read) : ""]);
  }
  rows.push(["errors", num(t.errors), pct(t.errors, t.read)]);
  const skipped = Object.entries(t.skipped ?? {});
  if (skipped.length) {
    rows.push(["input records skipped (not documents)", "", ""]);
    for (const [reason, c] of skipped.sort((a, b) => b[1] - a[1])) rows.push([`  ${reason}`, num(c), ""]);
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const ledger = ledgerBalance(t);
  const secs = Math.max(s.wallSeconds, 1e-3);
  const lines = [
    `${s.submitted ? "submitted" : s.interrupted ? "interrupted" : s.failed.length ? "finished with failures" : "done"}: ${s.name} → ${s.runDir}`,
    `tasks ${s.tasksDone}/${s.tasksTotal} done${s.tasksSkipped ? ` (${s.tasksSkipped} already done before)` : ""} · ${s.workers ? `${s.workers} worker${s.workers === 1 ? "" : "s"}` : "Slurm"} · ${formatDuration(s.wallSeconds)}`,
    "",
    ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd()),
    "",
    `  ledger: ${ledger.message} ${ledger.ok ? "✓" : "✗ VIOLATED"}`,
    `  bytes: input ${formatBytes(t.input_bytes)} → output ${formatBytes(t.output_bytes)} · text kept ${pct(t.chars_kept, t.chars_read) || "0 %"} of characters`,
  ];
  if (s.thisRun.docs > 0) {
    lines.push(`  throughput: ${num(Math.round(s.thisRun.docs / secs))} docs/s · ${(s.thisRun.bytes / 1e6 / secs).toFixed(1)} MB/s (this invocation)`);
  }
  const busy = t.steps.reduce((a, st) => a + st.seconds, 0);
  if (busy > 0) {
    lines.push(`  step time: ${t.steps.map((st) => `${st.step} ${pct(st.seconds, busy)}`).join(" · ")}`);
  }
  for (const [step, r] of Object.entries(s.contamination ?? {})) {
    const parts = Object.entries(r.benchmarks).map(([b, f]) => `${b} ${f.items_found}/${f.items - f.too_short} items in ${f.documents} docs`);
    lines.push(`  ${step}: ${parts.join(" · ")} (${s.runDir}/contamination/${step}.json)`);
  }
  for (const f of s.failed) lines.push(`  FAILED task ${f.task}: ${f.message}`);
  if (s.submitted) lines.push("", `Follow with: winnow status ${s.runDir}   (winnow run again afterwards prints the final summary)`);
  else if (s.interrupted || s.failed.length) lines.push("", "Run the same command again to finish: finished tasks are kept, the rest are redone.");
  return lines.join("\n");
}
