import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Doc } from "../core/doc.js";
import { UserError } from "../core/errors.js";
import { formatOf } from "../plan/list-inputs.js";
import { READERS } from "../readers/index.js";
import { DIRS, RUN_FILE } from "../run/run-dir.js";

export interface InspectOptions {
  step?: string;
  reason?: string;
  kept?: boolean;
  errors?: boolean;
  n: number;
  chars: number;
}

/** Prints samples of kept, removed (by step and reason) or failed documents of a run. */
export async function inspect(runDir: string, o: InspectOptions, out: (line: string) => void): Promise<void> {
  if (!existsSync(join(runDir, RUN_FILE))) throw new UserError(`${runDir} is not a winnow run directory (no ${RUN_FILE})`);
  if (o.errors) return inspectErrors(runDir, o, out);
  if (!o.kept && !o.step) return overview(runDir, out);
  const dir = o.kept ? join(runDir, DIRS.output) : join(runDir, DIRS.removed, o.step!);
  if (!existsSync(dir)) {
    const steps = existsSync(join(runDir, DIRS.removed)) ? readdirSync(join(runDir, DIRS.removed)) : [];
    throw new UserError(`no removed documents for step "${o.step}" (steps with removals: ${steps.join(", ") || "none"})`);
  }
  let shown = 0;
  for (const file of filesIn(dir)) {
    const format = formatOf(file);
    if (!format) continue;
    const reader = READERS[format](
      { path: file, source: file, format },
      { textKey: "text", idKey: "id", maxDocBytes: 1 << 30, signal: new AbortController().signal, onBytes() {}, onError() {} },
    );
    for await (const batch of reader) {
      for (const doc of batch) {
        const removal = doc.metadata.removed_by as { reason?: string; value?: unknown } | undefined;
        if (o.reason && removal?.reason !== o.reason) continue;
        out(formatDoc(doc, o.chars, removal));
        if (++shown >= o.n) return;
      }
    }
  }
  if (shown === 0) out(o.reason ? `no documents with reason "${o.reason}"` : "no documents");
}

function formatDoc(doc: Doc, chars: number, removal?: { reason?: string; value?: unknown }): string {
  const head = removal
    ? `── ${doc.id} · removed: ${removal.reason}${removal.value !== undefined ? ` (${JSON.stringify(removal.value)})` : ""}`
    : `── ${doc.id} · kept`;
  const text = doc.text.length > chars ? doc.text.slice(0, chars) + ` … [${doc.text.length - chars} more characters]` : doc.text;
  return `${head}\n${text}\n`;
}

function filesIn(dir: string): string[] {
  const files: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...filesIn(p));
    else if (!e.name.endsWith(".tmp")) files.push(p);
  }
  return files;
}

function inspectErrors(runDir: string, o: InspectOptions, out: (line: string) => void): void {
  const dir = join(runDir, DIRS.errors);
  let shown = 0;
  for (const file of existsSync(dir) ? filesIn(dir) : []) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line) continue;
      const e = JSON.parse(line) as Record<string, unknown>;
      const where = e.step ? `step ${e.step}, document ${e.id}` : `${e.source}${e.line !== undefined ? `:${e.line}` : ""}${e.offset !== undefined ? ` (byte ${e.offset})` : ""}`;
      out(`── ${where}\n${e.message}${e.excerpt ? `\n  ${String(e.excerpt).slice(0, o.chars)}` : ""}\n`);
      if (++shown >= o.n) return;
    }
  }
  if (shown === 0) out("no errors");
}

function overview(runDir: string, out: (line: string) => void): void {
  const statsFile = join(runDir, "stats.json");
  if (!existsSync(statsFile)) throw new UserError(`${runDir} has no stats.json yet: the run has not finished once`);
  const s = JSON.parse(readFileSync(statsFile, "utf8")) as { read: number; kept: number; errors: number; removed: Record<string, Record<string, number>> };
  out(`${runDir}: read ${s.read}, kept ${s.kept}, errors ${s.errors}`);
  for (const [step, reasons] of Object.entries(s.removed)) {
    for (const [reason, n] of Object.entries(reasons)) out(`  removed by ${step}: ${reason} ${n}   → winnow inspect ${runDir} --step ${step} --reason ${reason}`);
  }
  out(`  kept samples → winnow inspect ${runDir} --kept`);
  if (s.errors) out(`  errors → winnow inspect ${runDir} --errors`);
}
