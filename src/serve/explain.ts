import type { StepSpec } from "../config/load.js";
import type { Doc } from "../core/doc.js";
import { splitUnits } from "../dedup/paragraph-dedup.js";
import { c4UnitSpans } from "../filters/c4-quality.js";
import { PLACEHOLDERS } from "../filters/pii.js";
import { detectPii } from "../pii/detect.js";
import { PII_TYPES, type PiiType } from "../pii/types.js";
import { removal, type Address, type RunIndex } from "./run-index.js";
import { passes, stepThresholds, type Threshold } from "./thresholds.js";

/** A span of the text to show differently, with what it is. */
export interface Mark {
  start: number;
  end: number;
  kind: "dropped" | "pii" | "duplicate";
  label: string;
}

export interface SignalRow {
  step: string;
  signal: string;
  value: number;
  thresholds: (Threshold & { passes: boolean })[];
}

export interface Related {
  title: string;
  docs: (Address & { id: string; preview: string })[];
}

/** Why a document is where it is: its removal and the threshold it failed, its signals, marked spans. */
export interface Explanation {
  removal?: { step: string; reason: string; value?: unknown; threshold?: Threshold };
  signals: SignalRow[];
  marks: Mark[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const RELATED_LIMIT = 20;

export function explain(index: RunIndex, doc: Doc): Explanation {
  const steps = index.steps;
  const removed = removal(doc);
  const removedAt = removed ? steps.findIndex((s) => s.instance === removed.step) : -1;
  const out: Explanation = { signals: signalRows(doc, steps), marks: [] };
  if (removed) {
    const spec = steps[removedAt];
    const threshold = spec && stepThresholds(spec).flatMap((t) => t.rules).find((t) => t.reason === removed.reason);
    out.removal = { ...removed, threshold };
    if (spec) out.marks.push(...removalMarks(doc, spec, removed.value));
  }
  // Placeholders a replacing pii step wrote (the document reached it: kept, or removed by a later step).
  for (const [k, spec] of steps.entries()) {
    if (spec.step !== "pii" || spec.options.mode !== "replace" || spec.options.annotate === true) continue;
    if (removed && removedAt !== -1 && removedAt <= k) continue;
    out.marks.push(...placeholderMarks(doc.text, spec));
  }
  out.marks.sort((a, b) => a.start - b.start || b.end - a.end);
  return out;
}

/** Numbers under `metadata[<step>]` (annotate mode) and the top-level signals, each with the step's thresholds. */
function signalRows(doc: Doc, steps: StepSpec[]): SignalRow[] {
  const rows: SignalRow[] = [];
  for (const spec of steps) {
    const thresholds = stepThresholds(spec);
    const own = doc.metadata[spec.instance];
    if (isObject(own)) {
      for (const [name, value] of Object.entries(own)) {
        if (typeof value !== "number") continue;
        const rules = thresholds.find((t) => t.signal === name && !t.topLevel)?.rules ?? [];
        rows.push({ step: spec.instance, signal: name, value, thresholds: rules.map((t) => ({ ...t, passes: passes(value, t) })) });
      }
    }
    for (const t of thresholds) {
      const value = doc.metadata[t.signal];
      if (!t.topLevel || typeof value !== "number") continue;
      rows.push({ step: spec.instance, signal: t.signal, value, thresholds: t.rules.map((r) => ({ ...r, passes: passes(value, r) })) });
    }
  }
  return rows;
}

function removalMarks(doc: Doc, spec: StepSpec, value: unknown): Mark[] {
  const text = doc.text;
  if (spec.step === "pii") {
    const types = (Array.isArray(spec.options.types) ? spec.options.types : PII_TYPES) as PiiType[];
    return detectPii(text, types).map((s) => ({ start: s.start, end: s.end, kind: "pii", label: s.type }));
  }
  if (spec.step === "c4_quality") {
    const own = doc.metadata[spec.instance];
    if (!isObject(own) || !Array.isArray(own.kept_units)) return [];
    const kept = new Set(own.kept_units as number[]);
    return c4UnitSpans(text, spec.options.split_paragraph !== false)
      .map(([start, end], k) => ({ start, end, k }))
      .filter((u) => !kept.has(u.k) && u.end > u.start)
      .map((u) => ({ start: u.start, end: u.end, kind: "dropped", label: "dropped by the C4 line rules" }));
  }
  if (spec.step === "paragraph_dedup" && isObject(value) && Array.isArray(value.units)) {
    const { units, seps } = splitUnits(text, spec.options.unit === "paragraph" ? "paragraph" : "line");
    const starts: number[] = [];
    let at = 0;
    for (let k = 0; k < units.length; k++) {
      starts.push(at);
      at += units[k].length + (seps[k]?.length ?? 0);
    }
    return (value.units as number[])
      .filter((k) => k >= 0 && k < units.length)
      .map((k) => ({ start: starts[k], end: starts[k] + units[k].length, kind: "duplicate", label: "seen earlier in the corpus" }));
  }
  return [];
}

function placeholderMarks(text: string, spec: StepSpec): Mark[] {
  const custom = isObject(spec.options.placeholders) ? spec.options.placeholders : {};
  const marks: Mark[] = [];
  for (const type of PII_TYPES) {
    const p = typeof custom[type] === "string" ? (custom[type] as string) : PLACEHOLDERS[type];
    if (!p) continue;
    for (let at = text.indexOf(p); at !== -1; at = text.indexOf(p, at + p.length)) {
      marks.push({ start: at, end: at + p.length, kind: "pii", label: `${type} replaced` });
    }
  }
  return marks;
}

/**
 * The kept copy and the other removed members of a duplicate's cluster; for a kept document,
 * duplicates removed in its favour. These scan the dedup steps' removed files (with an early
 * stop), so the page asks for them after showing the document.
 */
export async function relatedDocs(index: RunIndex, doc: Doc): Promise<Related[]> {
  const removed = removal(doc);
  const related: Related[] = [];
  const summary = (d: Address & { doc: Doc }) => ({ c: d.c, f: d.f, i: d.i, id: d.doc.id, preview: d.doc.text.slice(0, 200) });
  const value = removed?.value;
  if (removed && isObject(value) && typeof value.duplicate_of === "string") {
    const keptId = value.duplicate_of;
    const found = await index.findDocs(`"id":${JSON.stringify(keptId)}`, (d) => d.id === keptId, 1);
    related.push({ title: `Kept copy (${keptId})`, docs: found.map(summary) });
    if (typeof value.cluster === "string") {
      const cluster = value.cluster;
      const members = await index.findDocs(
        `"cluster":${JSON.stringify(cluster)}`,
        (d) => d.id !== doc.id && isObject(d.metadata.removed_by) && isObject(d.metadata.removed_by.value) && d.metadata.removed_by.value.cluster === cluster,
        RELATED_LIMIT,
        [`removed/${removed.step}`],
      );
      const size = typeof value.cluster_size === "number" ? ` of ${value.cluster_size}` : "";
      related.push({ title: `Other removed members of cluster ${cluster}${size}`, docs: members.map(summary) });
    }
  }
  const dedupSteps = index.steps.filter((s) => s.step === "minhash_dedup" || s.step === "exact_dedup").map((s) => `removed/${s.instance}`);
  if (!removed && dedupSteps.length && doc.id) {
    const dups = await index.findDocs(
      `"duplicate_of":${JSON.stringify(doc.id)}`,
      (d) => isObject(d.metadata.removed_by) && isObject(d.metadata.removed_by.value) && d.metadata.removed_by.value.duplicate_of === doc.id,
      RELATED_LIMIT,
      dedupSteps,
    );
    if (dups.length) related.push({ title: "Duplicates removed in favour of this document", docs: dups.map(summary) });
  }
  return related;
}
