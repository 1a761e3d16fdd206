import type { Doc } from "../core/doc.js";
import type { DocMatches } from "./match.js";

/** What the step records about a contaminated document (in `removed_by.value`, `metadata.decontaminated` or, annotating, `metadata[<step>]`). */
export interface Finding {
  matches: DocMatches;
  /** Matching n-gram positions in the document, over all benchmarks. */
  ngrams: number;
}

/** Per benchmark: documents in which it was found, and which of its items. */
export type ContaminationReport = Record<string, { documents: number; items: number; item_ids: string[] }>;

/**
 * Aggregates the findings recorded on documents — the step's `removed/<step>/` files (drop
 * mode), its kept output (`remove_spans` or annotate mode), or both — into how many documents
 * and distinct items of each benchmark were found. `step` is the step's instance name.
 */
export function contaminationReport(docs: Iterable<Doc>, step = "decontaminate"): ContaminationReport {
  const byBenchmark = new Map<string, { documents: number; items: Set<string> }>();
  for (const doc of docs) {
    const finding = findingOf(doc, step);
    if (!finding) continue;
    for (const [name, m] of Object.entries(finding.matches)) {
      let b = byBenchmark.get(name);
      if (!b) byBenchmark.set(name, (b = { documents: 0, items: new Set() }));
      b.documents++;
      for (const id of m.items) b.items.add(id);
    }
  }
  const out: ContaminationReport = {};
  for (const name of [...byBenchmark.keys()].sort()) {
    const b = byBenchmark.get(name)!;
    out[name] = { documents: b.documents, items: b.items.size, item_ids: [...b.items].sort() };
  }
  return out;
}

function findingOf(doc: Doc, step: string): Finding | undefined {
  const md = doc.metadata;
  const removed = md.removed_by as { step?: string; value?: unknown } | undefined;
  const candidates = [removed?.step === step ? removed.value : undefined, md.decontaminated, md[step]];
  return candidates.find(isFinding);
}

function isFinding(v: unknown): v is Finding {
  return typeof v === "object" && v !== null && typeof (v as Finding).matches === "object" && (v as Finding).matches !== null;
}
